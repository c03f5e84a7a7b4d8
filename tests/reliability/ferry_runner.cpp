#include "ferry_runner.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <iostream>
#include <regex>
#include <stdexcept>

namespace ferry::campaign {

namespace fs = std::filesystem;

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

FerryRunner::FerryRunner() {
    fs::create_directories(dir_ / "logs");
}

void FerryRunner::write_pipeline_file(const std::string& yaml) const {
    dir_.write("pipeline.yaml", yaml);
}

testing::CommandResult FerryRunner::ferry(const std::string& arguments, const std::string& after) {
    // Bounded by coreutils' timeout (SIGTERM at the limit, SIGKILL 10 s later), so a ferry that
    // never ends fails the campaign with what it printed instead of hanging it.
    const auto started = std::chrono::steady_clock::now();
    auto result =
        testing::run_command("timeout --kill-after=10 " + std::to_string(ferry_time_limit.count()) +
                             " " + FERRY_BINARY + " --plugin-path " + FERRY_PLUGIN_DIR + " " +
                             arguments + " " + pipeline_file().string() + " " + after);
    outputs_.push_back(result.output);
    if (std::chrono::steady_clock::now() - started >= ferry_time_limit)
        throw std::runtime_error("ferry " + arguments + " " + after + " did not finish in " +
                                 std::to_string(ferry_time_limit.count()) + " s (exit " +
                                 std::to_string(result.exit_code) + "):\n" + result.output);
    return result;
}

std::unique_ptr<testing::ChildProcess> FerryRunner::start_once() {
    fs::path log = dir_ / "logs" / ("once-" + std::to_string(logs_.size()) + ".log");
    logs_.push_back(log);
    return std::make_unique<testing::ChildProcess>(
        std::vector<std::string>{FERRY_BINARY, "--plugin-path", FERRY_PLUGIN_DIR, "once",
                                 pipeline_file().string()},
        log.string());
}

std::size_t FerryRunner::retry_waiting() {
    std::size_t retried = 0;
    while (true) {
        auto status = ferry("status --json");
        if (status.output.find("ledger.missing") != std::string::npos)
            return retried;  // no pass has run yet: nothing can be waiting
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

std::size_t FerryRunner::settle(std::size_t max_passes) {
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

std::string Reconciliation::figures() const {
    return "expected " + std::to_string(expected) + ", booked " + std::to_string(booked) +
           ", missing " + std::to_string(missing) + ", duplicates " + std::to_string(duplicates) +
           ", unexpected " + std::to_string(unexpected) + ", wrong amounts " +
           std::to_string(wrong_amounts) + ", drafts left " + std::to_string(drafts_left);
}

std::vector<PrivacyHit> privacy_hits(FerryRunner& run, const std::vector<PersonalDatum>& inputs,
                                     const std::vector<std::string>& mails) {
    auto files = run.log_files();
    files.push_back(run.ledger());
    std::vector<Text> texts;
    for (const auto& output : run.outputs())
        texts.push_back({"ferry output", output});
    for (const auto& mail : mails)
        texts.push_back({"mail", mail});
    auto hits = scan_for_personal_data(inputs, files, texts);
    for (const auto& hit : hits)
        std::cout << "  the patient " << hit.kind << " of document " << hit.document << " found in "
                  << hit.where << "\n";
    return hits;
}

void report(const std::string& campaign, const Reconciliation& result, FerryRunner& run) {
    std::cout << campaign << "; " << result.figures() << "\n";
    for (const auto& line : result.details)
        std::cout << "  " << line << "\n";
    for (std::size_t i = 0; i < result.keys.size() && i < 5; ++i)
        std::cout << run.ferry("explain", result.keys[i]).output;
}

}  // namespace ferry::campaign
