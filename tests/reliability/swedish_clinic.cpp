#include "swedish_clinic.hpp"

#include "generator_kit.hpp"

#include <cmath>
#include <cstdlib>
#include <map>
#include <stdexcept>

namespace ferry::campaign {

namespace fs = std::filesystem;
namespace generator = ferry::peppol_generator;
namespace fortnox = ferry::test::fortnox;

SwedishClinic::SwedishClinic(std::string sink_settings, std::vector<std::string> emulator_arguments)
    : sink_settings_(std::move(sink_settings)),
      emulator_arguments_(std::move(emulator_arguments)),
      journal_((dir() / "fortnox.jsonl").string()) {
    // The sink reads its secrets from the environment, as in production; children inherit it.
    ::setenv("CAMPAIGN_FORTNOX_SECRET", fortnox::default_client_secret, 1);
    ::setenv("CAMPAIGN_FORTNOX_CODE", "", 1);
    fs::create_directories(inbox());
    emulator_ = std::make_unique<fortnox::FortnoxEmulator>(emulator_arguments_, journal_);
    write_pipeline();
}

SwedishClinic::~SwedishClinic() = default;

std::vector<generator::GeneratedDocument> SwedishClinic::generate(std::size_t count,
                                                                  std::uint64_t seed,
                                                                  std::uint64_t first_number) {
    generator::Options options;
    options.count = count;
    options.seed = seed;
    options.supplier_organisation_number = swedish_clinic;
    options.first_number = first_number;
    auto documents = generator::generate(options);
    generator::write_files(documents, inbox());
    return documents;
}

testing::CommandResult SwedishClinic::authorize() {
    ::setenv("CAMPAIGN_FORTNOX_CODE", emulator_->authorization_code(swedish_clinic).c_str(), 1);
    auto result = ferry("check");
    ::setenv("CAMPAIGN_FORTNOX_CODE", "", 1);
    return result;
}

void SwedishClinic::write_pipeline() {
    write_pipeline_file(
        std::string("pipeline: ") + pipeline_name +
        "\nstore: { plugin: store-lmdb, path: " + ledger().string() +
        " }\n"
        "source:\n  plugin: source-peppol\n  max_file_mb: 1\n"
        // Files are written whole: a malformed one is bad input, never half written.
        "  settle: 0s\n  servers:\n    - { location: " +
        inbox().string() +
        " }\n"
        "sink:\n  plugin: sink-fortnox\n  api_url: " +
        emulator_->api_url() + "\n  auth_url: " + emulator_->auth_url() + "\n  client_id: " +
        fortnox::default_client_id + "\n  redirect_uri: https://localhost/ferry/fortnox" +
        "\n  client_secret: \"${env:CAMPAIGN_FORTNOX_SECRET}\"\n"
        "  tenants:\n    - { organisation_number: \"" +
        swedish_clinic + "\", token_file: " + token_file().string() +
        ", authorization_code: \"${env:CAMPAIGN_FORTNOX_CODE}\" }\n" + sink_settings_);
}

void SwedishClinic::restart_emulator() {
    emulator_->kill_hard();
    emulator_ = std::make_unique<fortnox::FortnoxEmulator>(emulator_arguments_, journal_);
    write_pipeline();
}

namespace {

std::int64_t ore(const nlohmann::json& amount) {
    if (amount.is_string())
        return static_cast<std::int64_t>(std::llround(std::stod(amount.get<std::string>()) * 100));
    return static_cast<std::int64_t>(std::llround(amount.get<double>() * 100));
}

std::string text(const nlohmann::json& invoice, const char* field) {
    auto found = invoice.find(field);
    if (found == invoice.end() || found->is_null())
        return {};
    return found->is_string() ? found->get<std::string>() : found->dump();
}

// "total/VAT/rounding" in kronor, for a discrepancy's line.
std::string amounts(std::int64_t total, std::int64_t vat, std::int64_t rounding) {
    using generator_kit::format_amount;
    return format_amount(total) + "/" + format_amount(vat) + "/" + format_amount(rounding);
}

bool flag(const nlohmann::json& invoice, const char* field) {
    auto found = invoice.find(field);
    return found != invoice.end() && (*found == true || *found == "true");
}

}  // namespace

Reconciliation reconcile(const nlohmann::json& fortnox_invoices,
                         const std::vector<generator::GeneratedDocument>& expected) {
    const std::string prefix = std::string("ferry:") + pipeline_name + ":";
    Reconciliation result;
    result.expected = expected.size();

    std::map<std::string, const nlohmann::json*> by_number;
    for (const auto& invoice : fortnox_invoices)
        by_number[text(invoice, "DocumentNumber")] = &invoice;
    std::map<std::string, std::vector<const nlohmann::json*>> booked;
    for (const auto& invoice : fortnox_invoices) {
        std::string reference = text(invoice, "ExternalInvoiceReference1");
        if (reference.rfind(prefix, 0) != 0 || flag(invoice, "Cancelled"))
            continue;
        std::string key = reference.substr(prefix.size());
        if (!flag(invoice, "Booked")) {
            ++result.drafts_left;
            result.details.push_back("left unbooked: " + key + " (Fortnox invoice " +
                                     text(invoice, "DocumentNumber") + ")");
            result.keys.push_back(key);
            continue;
        }
        ++result.booked;
        booked[key].push_back(&invoice);
    }

    std::map<std::string, const generator::GeneratedDocument*> wanted;
    for (const auto& document : expected)
        wanted[generator::document_key(document, swedish_clinic)] = &document;
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
        const nlohmann::json& invoice = *found->second.front();
        // Fortnox makes a credit note a credit invoice with negative amounts that refers to the
        // invoice it credits, and that invoice refers back to it.
        std::int64_t sign = document->credit_note ? -1 : 1;
        std::string problem;
        if (document->credit_note) {
            auto original = by_number.find(text(invoice, "CreditInvoiceReference"));
            std::string credited_key =
                std::string(swedish_clinic) + "/invoice/" + document->credited_invoice;
            if (!flag(invoice, "Credit"))
                problem = "booked as an invoice, not as a credit";
            else if (original == by_number.end() ||
                     text(*original->second, "ExternalInvoiceReference1") != prefix + credited_key)
                problem = "credits Fortnox invoice " + text(invoice, "CreditInvoiceReference") +
                          ", not the one delivered for " + credited_key;
        }
        std::int64_t total = ore(invoice.at("Total")), vat = ore(invoice.at("TotalVAT")),
                     round_off = ore(invoice.at("RoundOff"));
        if (total != sign * document->totals.payable() || vat != sign * document->totals.vat ||
            round_off != sign * document->totals.rounding)
            problem += (problem.empty() ? "" : "; ") + std::string("total/VAT/rounding ") +
                       amounts(total, vat, round_off) + ", expected " +
                       amounts(sign * document->totals.payable(), sign * document->totals.vat,
                               sign * document->totals.rounding);
        if (!problem.empty()) {
            ++result.wrong_amounts;
            result.keys.push_back(key);
            result.details.push_back(key + ": " + problem);
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
