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

std::size_t size_from_env(const char* name, std::size_t short_size, std::size_t sanitized_size) {
    if (const char* text = std::getenv(name); text && *text)
        return static_cast<std::size_t>(std::stoull(text));
#ifdef FERRY_CAMPAIGN_SANITIZED
    (void)short_size;
    return sanitized_size;
#else
    (void)sanitized_size;
    return short_size;
#endif
}

std::uint64_t seed_from_env() {
    const char* text = std::getenv("FERRY_CAMPAIGN_SEED");
    return text && *text ? std::stoull(text) : 20261123;
}

std::optional<PassFigures> pass_figures(const std::string& output) {
    static const std::regex line(
        "listed (\\d+), delivered (\\d+), rejected (\\d+), retry later (\\d+), skipped (\\d+), "
        "changed after delivery (\\d+), unresolved (\\d+)");
    std::smatch match;
    if (!std::regex_search(output, match, line))
        return std::nullopt;
    auto at = [&](int i) { return static_cast<std::size_t>(std::stoull(match[i].str())); };
    return PassFigures{at(1), at(2), at(3), at(4), at(5), at(6), at(7)};
}

Clinic::Clinic(std::string sink_settings, std::string host_settings)
    : sink_settings_(std::move(sink_settings)),
      host_settings_(std::move(host_settings)),
      journal_((dir_ / "economic.jsonl").string()) {
    export_secrets();
    fs::create_directories(inbox());
    fs::create_directories(dir_ / "logs");
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
    dir_.write("pipeline.yaml",
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
                   clinic_cvr + "\", agreement_grant_token: \"${env:CAMPAIGN_GRANT}\" }\n" +
                   sink_settings_ + host_settings_);
}

void Clinic::restart_emulator() {
    emulator_->kill_hard();
    emulator_ = std::make_unique<ferry::test::EmulatorProcess>(emulator_arguments(), journal_);
    write_pipeline();
}

testing::CommandResult Clinic::ferry(const std::string& arguments, const std::string& after) {
    // Bounded by coreutils' timeout (SIGTERM at the limit, SIGKILL 10 s later), so a ferry that
    // never ends fails the campaign with what it printed instead of hanging it.
    const auto started = std::chrono::steady_clock::now();
    auto result =
        testing::run_command("timeout --kill-after=10 " + std::to_string(ferry_time_limit.count()) +
                             " " + FERRY_BINARY + " --plugin-path " + FERRY_PLUGIN_DIR + " " +
                             arguments + " " + (dir_ / "pipeline.yaml").string() + " " + after);
    outputs_.push_back(result.output);
    if (std::chrono::steady_clock::now() - started >= ferry_time_limit)
        throw std::runtime_error("ferry " + arguments + " " + after + " did not finish in " +
                                 std::to_string(ferry_time_limit.count()) + " s (exit " +
                                 std::to_string(result.exit_code) + "):\n" + result.output);
    return result;
}

std::unique_ptr<testing::ChildProcess> Clinic::start_once() {
    fs::path log = dir_ / "logs" / ("once-" + std::to_string(logs_.size()) + ".log");
    logs_.push_back(log);
    return std::make_unique<testing::ChildProcess>(
        std::vector<std::string>{FERRY_BINARY, "--plugin-path", FERRY_PLUGIN_DIR, "once",
                                 (dir_ / "pipeline.yaml").string()},
        log.string());
}

std::size_t Clinic::retry_waiting() {
    std::size_t retried = 0;
    while (true) {
        auto status = ferry("status --json");
        if (status.exit_code != 0)
            throw std::runtime_error("ferry status failed:\n" + status.output);
        // `failures` holds the 20 latest; retried ones leave it, so ask until none is left.
        std::vector<std::string> waiting;
        auto ledger = nlohmann::json::parse(status.output);
        for (const auto& failure : ledger["failures"])
            if (failure["state"] == "retry-later")
                waiting.push_back(failure["document"].get<std::string>());
        if (waiting.empty())
            return retried;
        for (const auto& document : waiting) {
            auto result = ferry("retry", document);
            if (result.exit_code != 0)
                throw std::runtime_error("ferry retry " + document + " failed:\n" + result.output);
            ++retried;
        }
    }
}

std::size_t Clinic::settle(std::size_t max_passes) {
    for (std::size_t pass = 1; pass <= max_passes; ++pass) {
        retry_waiting();
        auto result = ferry("once");
        auto figures = pass_figures(result.output);
        if (!figures)
            throw std::runtime_error("ferry once printed no summary (exit " +
                                     std::to_string(result.exit_code) + "):\n" + result.output);
        if (figures->delivered == 0 && figures->retry_later == 0 && figures->unresolved == 0 &&
            figures->rejected == 0)
            return pass;
    }
    throw std::runtime_error("the pipeline did not settle in " + std::to_string(max_passes) +
                             " passes");
}

nlohmann::json Clinic::emulator_state() {
    return emulator_
        ->request("GET", std::string("/__emulator/agreements/") + grant + "/state", {}, {})
        .json();
}

std::string Reconciliation::figures() const {
    return "expected " + std::to_string(expected) + ", booked " + std::to_string(booked) +
           ", missing " + std::to_string(missing) + ", duplicates " + std::to_string(duplicates) +
           ", unexpected " + std::to_string(unexpected) + ", wrong amounts " +
           std::to_string(wrong_amounts) + ", drafts left " + std::to_string(drafts_left);
}

std::vector<PrivacyHit> privacy_hits(Clinic& clinic,
                                     const std::vector<generator::GeneratedDocument>& inputs,
                                     const std::vector<std::string>& mails) {
    auto files = clinic.log_files();
    files.push_back(clinic.ledger());
    std::vector<Text> texts;
    for (const auto& output : clinic.outputs())
        texts.push_back({"ferry output", output});
    for (const auto& mail : mails)
        texts.push_back({"mail", mail});
    auto hits = scan_for_personal_data(personal_data_of(inputs), files, texts);
    for (const auto& hit : hits)
        std::cout << "  the patient " << hit.kind << " of document " << hit.document << " found in "
                  << hit.where << "\n";
    return hits;
}

void report(const std::string& campaign, const Reconciliation& result, Clinic& clinic) {
    std::cout << campaign << "; " << result.figures() << "\n";
    for (const auto& line : result.details)
        std::cout << "  " << line << "\n";
    for (std::size_t i = 0; i < result.keys.size() && i < 5; ++i)
        std::cout << clinic.ferry("explain", result.keys[i]).output;
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
