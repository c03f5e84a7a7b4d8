// The campaigns of the Swedish pair: generated Peppol BIS 3 files from a clinic, source-peppol,
// store-lmdb and sink-fortnox against the Fortnox emulator, which has no idempotency keys, so
// exactly-once rests on the ledger's intent and the look-up by the document's reference alone.
// FERRY_CAMPAIGN_FILES / FERRY_CAMPAIGN_KILLS pick the size, as for the Danish pair.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <thread>

#include "kill_loop.hpp"
#include "swedish_clinic.hpp"

using namespace ferry::campaign;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

// The rate limit is not what these campaigns test (the sink's tests and the fault campaign's
// 429 phase do): Fortnox's 25 requests per 5 s would make the short sizes take minutes, so the
// emulator and the sink both count 25 per second.
const std::vector<std::string> short_window = {"--rate-limit", "25/1"};
// Companies are created as patients are, so every document is bookable and the campaigns also
// prove a company is created once however often a kill interrupts it.
const std::string short_sink_window =
    "  requests_per_window: 25\n  rate_window: 1s\n  create_companies: true\n";

std::size_t occurrences(const std::string& text, const std::string& word) {
    std::size_t count = 0;
    for (auto at = text.find(word); at != std::string::npos; at = text.find(word, at + 1))
        ++count;
    return count;
}

void check_ledger(SwedishClinic& clinic, std::size_t documents) {
    auto status = clinic.ferry("status --json");
    INFO(status.output);
    auto ledger = json::parse(status.output);
    CHECK(ledger["companies"][swedish_clinic]["delivered"] == documents);
    CHECK(ledger["unresolved_intents"].empty());
}

}  // namespace

TEST_CASE(
    "Swedish crash campaign: SIGKILL at random instants books every Peppol document in Fortnox "
    "exactly once",
    "[campaign]") {
    const std::size_t files = size_from_env("FERRY_CAMPAIGN_FILES", 80, 25);
    const std::size_t target_kills = size_from_env("FERRY_CAMPAIGN_KILLS", 30, 8);
    const std::uint64_t seed = seed_from_env() + 10;
    SwedishClinic clinic("  retry_base: 10ms\n" + short_sink_window, short_window);
    auto authorized = clinic.authorize();
    INFO(authorized.output);
    REQUIRE(authorized.exit_code == 0);
    auto documents = clinic.generate(files, seed);

    KillFigures kills = kill_repeatedly(
        clinic, target_kills, seed,
        {.delivered = [&] { return reconcile(clinic.invoices(), {}).booked; },
         .generated = [&] { return documents.size(); },
         .generate_more =
             [&](std::size_t top_up) {
                 auto more = clinic.generate(std::max<std::size_t>(files / 5, 10), seed + top_up,
                                             10001 + documents.size());
                 documents.insert(documents.end(), more.begin(), more.end());
             }});
    std::size_t passes = clinic.settle();

    Reconciliation result = reconcile(clinic.invoices(), documents);
    auto hits = privacy_hits(clinic, personal_data_of(documents));
    report("Swedish crash campaign: " + std::to_string(documents.size()) + " files (" +
               std::to_string(kills.top_ups) + " top-ups), seed " + std::to_string(seed) + ", " +
               std::to_string(kills.kills) + " kills in " + std::to_string(kills.runs) + " runs (" +
               std::to_string(kills.finished_runs) + " ran to the end), settled in " +
               std::to_string(passes) + " more passes, at most " +
               std::to_string(kills.most_intents_left) + " documents left in intent by a kill (" +
               std::to_string(kills.kills_with_several_left) +
               " kills left several), privacy hits " + std::to_string(hits.size()),
           result, clinic);

    CHECK(kills.kills >= target_kills);
    CHECK(result.exact());
    CHECK(result.booked == documents.size());
    CHECK(hits.empty());
    check_ledger(clinic, documents.size());
}

TEST_CASE(
    "Swedish fault campaign: 429 and 5xx and lost answers and expired tokens and an emulator "
    "restart book each document once",
    "[campaign]") {
    const std::size_t files = size_from_env("FERRY_CAMPAIGN_FILES", 60, 20);
    const std::uint64_t seed = seed_from_env() + 11;
    // The emulator allows 18 requests a second and the sink believes it may send 25: bursts
    // beyond the window are answered 429, which must only ever delay a document.
    SwedishClinic clinic(
        "  retry_base: 5ms\n  retry_max: 200ms\n  max_attempts: 3\n  request_timeout: 1s\n" +
            short_sink_window,
        {"--rate-limit", "18/1"});
    auto authorized = clinic.authorize();
    INFO(authorized.output);
    REQUIRE(authorized.exit_code == 0);
    auto documents = clinic.generate(files, seed);

    const json none = {{"failRate", 0}, {"failNext", 0}, {"latencyMs", 0},  {"loseResponseRate", 0},
                       {"loseNext", 0}, {"method", ""},  {"pathPrefix", ""}};
    auto with = [&](json changes) {
        json faults = none;
        faults.update(changes);
        return faults;
    };
    // Answers are lost on the API only: a lost answer of the token endpoint costs the
    // integration by design (the refresh token it carried is gone), which the end-to-end tests
    // show separately.
    const std::vector<json> phases = {
        with({{"failRate", 0.15}, {"failStatus", 503}, {"pathPrefix", "/3/"}}),
        with({{"loseResponseRate", 0.25}, {"method", "POST"}, {"pathPrefix", "/3/"}}),
        with({{"failRate", 0.2}, {"failStatus", 500}, {"pathPrefix", "/3/"}}),
        with({{"loseResponseRate", 0.3}, {"method", "PUT"}, {"pathPrefix", "/3/"}}),
        with({{"latencyMs", 1500}, {"pathPrefix", "/3/"}}),
        with({{"loseResponseRate", 0.1}, {"failRate", 0.1}, {"pathPrefix", "/3/"}}),
    };
    std::size_t phase = 0, runs = 0, phase_changes = 0, retried = 0, expiries = 0;
    bool restarted = false;
    std::string logs;
    auto next_phase = [&] {
        clinic.emulator().set_faults(phases[phase++ % phases.size()]);
        ++phase_changes;
        // Every third change all access tokens expire at once: the sink must refresh, rotate
        // and store the new refresh token mid-run.
        if (phase_changes % 3 == 0) {
            clinic.emulator().expire_tokens();
            ++expiries;
        }
    };
    next_phase();
    for (; runs < 60; ++runs) {
        auto child = clinic.start_once();
        const auto deadline = std::chrono::steady_clock::now() + ferry_time_limit;
        for (int tick = 1; !child->wait(100ms); ++tick) {
            if (std::chrono::steady_clock::now() > deadline)
                FAIL("ferry once still running after "
                     << ferry_time_limit.count() << " s; its log:\n"
                     << ferry::testing::read_file(clinic.log_files().back()));
            if (tick % 7 == 0)
                next_phase();
            if (!restarted && reconcile(clinic.invoices(), {}).booked >= files / 2) {
                clinic.restart_emulator();
                clinic.emulator().set_faults(phases[phase % phases.size()]);
                restarted = true;
            }
        }
        logs += ferry::testing::read_file(clinic.log_files().back());
        retried += clinic.retry_waiting();
        if (reconcile(clinic.invoices(), {}).booked >= files && restarted)
            break;
    }
    clinic.emulator().set_faults(none);
    std::size_t passes = clinic.settle();

    Reconciliation result = reconcile(clinic.invoices(), documents);
    auto stats = clinic.emulator().stats();
    auto hits = privacy_hits(clinic, personal_data_of(documents));
    report("Swedish fault campaign: " + std::to_string(files) + " files, seed " +
               std::to_string(seed) + ", " + std::to_string(runs) + " runs under faults (" +
               std::to_string(phase_changes) + " fault changes, " + std::to_string(expiries) +
               " token expiries, emulator restarted " + (restarted ? "once" : "never") + "), " +
               std::to_string(occurrences(logs, "document.retry_later")) +
               " retry-later outcomes logged, " + std::to_string(retried) +
               " documents left waiting retried by hand, settled in " + std::to_string(passes) +
               " more passes, 429s since the restart " + stats["rateLimited"].dump() +
               ", privacy hits " + std::to_string(hits.size()),
           result, clinic);

    CHECK(restarted);
    CHECK(result.exact());
    CHECK(result.booked == files);
    CHECK(hits.empty());
    check_ledger(clinic, files);
}
