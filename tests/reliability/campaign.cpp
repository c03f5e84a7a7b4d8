#include "campaign.hpp"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <stdexcept>

namespace ferry::campaign {

namespace fs = std::filesystem;
namespace generator = ferry::oioubl_generator;

namespace {

constexpr const char* grant = "grant-campaign";

// The sink reads its tokens from the environment, as in production; child processes inherit it.
void export_secrets() {
    ::setenv("CAMPAIGN_APP_SECRET", ferry::test::emulator_app_secret, 1);
    ::setenv("CAMPAIGN_GRANT", grant, 1);
}

std::vector<std::string> emulator_arguments() {
    return {"--agreement", std::string(grant) + ":" + clinic_cvr};
}

}  // namespace

Clinic::Clinic(std::string sink_settings, std::string host_settings)
    : sink_settings_(std::move(sink_settings)),
      host_settings_(std::move(host_settings)),
      journal_((dir() / "economic.jsonl").string()) {
    export_secrets();
    fs::create_directories(inbox());
    emulator_ = std::make_unique<ferry::test::EmulatorProcess>(emulator_arguments(), journal_);
    write_pipeline();
}

Clinic::~Clinic() = default;

std::vector<generator::GeneratedDocument> Clinic::generate(std::size_t count, std::uint64_t seed,
                                                           std::uint64_t first_number) {
    generator::Options options;
    options.count = count;
    options.seed = seed;
    options.supplier_cvr = clinic_cvr;
    options.first_number = first_number;
    auto documents = generator::generate(options);
    generator::write_files(documents, inbox());
    return documents;
}

void Clinic::write_pipeline() {
    write_pipeline_file(
        std::string("pipeline: ") + pipeline_name +
        "\nstore: { plugin: store-lmdb, path: " + ledger().string() +
        " }\n"
        "source:\n  plugin: source-novax\n  max_file_mb: 1\n"
        // Files are written whole: a malformed one is bad input, never half written.
        "  settle: 0s\n  servers:\n"
        "    - { location: " +
        inbox().string() +
        " }\n"
        "sink:\n  plugin: sink-economic\n  base_url: " +
        emulator_->base_url() +
        "\n  app_secret_token: \"${env:CAMPAIGN_APP_SECRET}\"\n"
        "  defaults: { provider_number: " +
        provider_number +
        " }\n"
        "  companies:\n    - { cvr: \"" +
        clinic_cvr + "\", agreement_grant_token: \"${env:CAMPAIGN_GRANT}\" }\n" + sink_settings_ +
        host_settings_);
}

void Clinic::restart_emulator() {
    emulator_->kill_hard();
    emulator_ = std::make_unique<ferry::test::EmulatorProcess>(emulator_arguments(), journal_);
    write_pipeline();
}

nlohmann::json Clinic::emulator_state() {
    return emulator_
        ->request("GET", std::string("/__emulator/agreements/") + grant + "/state", {}, {})
        .json();
}

Reconciliation reconcile(const nlohmann::json& emulator_state,
                         const std::vector<generator::GeneratedDocument>& expected) {
    const std::string prefix = std::string("ferry:") + pipeline_name + ":";
    auto reference_of = [](const nlohmann::json& invoice) {
        const auto& references = invoice.value("references", nlohmann::json::object());
        return references.value("other", std::string());
    };
    // e-conomic's amounts as the emulator returns them, read from their text in øre.
    auto ore = [](const nlohmann::json& amount) {
        return static_cast<std::int64_t>(std::llround(amount.get<double>() * 100));
    };

    Reconciliation result;
    result.expected = expected.size();
    std::map<std::string, std::vector<const nlohmann::json*>> booked;
    for (const auto& invoice : emulator_state.at("booked")) {
        std::string reference = reference_of(invoice);
        if (reference.rfind(prefix, 0) != 0)
            continue;
        ++result.booked;
        booked[reference.substr(prefix.size())].push_back(&invoice);
    }
    for (const auto& draft : emulator_state.at("drafts"))
        if (reference_of(draft).rfind(prefix, 0) == 0) {
            ++result.drafts_left;
            result.details.push_back("draft left: " + reference_of(draft));
            result.keys.push_back(reference_of(draft).substr(prefix.size()));
        }

    std::map<std::string, const generator::GeneratedDocument*> wanted;
    for (const auto& document : expected)
        wanted[generator::document_key(document, clinic_cvr)] = &document;
    for (const auto& [key, document] : wanted) {
        auto found = booked.find(key);
        if (found == booked.end()) {
            ++result.missing;
            result.details.push_back("missing: " + key);
            result.keys.push_back(key);
            continue;
        }
        if (found->second.size() > 1) {
            result.duplicates += found->second.size() - 1;
            result.details.push_back("booked " + std::to_string(found->second.size()) +
                                     " times: " + key);
            result.keys.push_back(key);
        }
        // e-conomic books a credit note as an invoice with negative amounts.
        std::int64_t sign = document->credit_note ? -1 : 1;
        const nlohmann::json& invoice = *found->second.front();
        std::int64_t net = ore(invoice.at("netAmount")), vat = ore(invoice.at("vatAmount")),
                     gross = ore(invoice.at("grossAmount"));
        if (net != sign * document->totals.net || vat != sign * document->totals.vat ||
            gross != sign * document->totals.gross()) {
            ++result.wrong_amounts;
            result.keys.push_back(key);
            result.details.push_back(
                "amounts of " + key + ": booked " + generator::format_amount(net) + "/" +
                generator::format_amount(vat) + "/" + generator::format_amount(gross) +
                ", expected " + generator::format_amount(sign * document->totals.net) + "/" +
                generator::format_amount(sign * document->totals.vat) + "/" +
                generator::format_amount(sign * document->totals.gross()));
        }
    }
    for (const auto& [key, invoices] : booked)
        if (!wanted.count(key)) {
            result.unexpected += invoices.size();
            result.details.push_back("unexpected: " + key);
        }
    return result;
}

}  // namespace ferry::campaign
