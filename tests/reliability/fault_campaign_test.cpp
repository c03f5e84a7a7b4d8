// Fault campaign: the generated set is exported while the emulator answers 429 in bursts, fails
// 5-20 % of requests with 500/503, drops answers after committing, stalls beyond the sink's
// timeout, and is itself killed and restarted on its journal mid-run. At the end every document
// must be booked exactly once with its amounts.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "campaign.hpp"

using namespace ferry::campaign;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

struct Phase {
    const char* name;
    json faults;
    json rate_limit;  // null: generous
};

const json no_faults = {{"failRate", 0},         {"failNext", 0}, {"latencyMs", 0},
                        {"loseResponseRate", 0}, {"loseNext", 0}, {"method", ""},
                        {"pathPrefix", ""}};
const json generous = {{"tokenLimit", 1000000}, {"windowSeconds", 60}};

std::vector<Phase> phases() {
    auto with = [](json changes) {
        json faults = no_faults;
        faults.update(changes);
        return faults;
    };
    return {
        {"503 on 15 %", with({{"failRate", 0.15}, {"failStatus", 503}}), nullptr},
        {"429 burst", no_faults, {{"tokenLimit", 40}, {"windowSeconds", 2}}},
        {"500 on 20 % and lost answers",
         with({{"failRate", 0.2}, {"failStatus", 500}, {"loseResponseRate", 0.1}}), nullptr},
        {"answers lost after commit", with({{"loseResponseRate", 0.25}, {"method", "POST"}}),
         nullptr},
        {"latency spike beyond the timeout", with({{"latencyMs", 1500}}), nullptr},
        {"503 on 5 %", with({{"failRate", 0.05}, {"failStatus", 503}}), nullptr},
    };
}

void apply(Clinic& clinic, const Phase& phase) {
    auto& emulator = clinic.emulator();
    const ferry::test::Headers plain = {{"Content-Type", "application/json"}};
    emulator.request("POST", "/__emulator/faults", phase.faults.dump(), plain);
    emulator.request("POST", "/__emulator/rate-limit",
                     (phase.rate_limit.is_null() ? generous : phase.rate_limit).dump(), plain);
}

std::size_t occurrences(const std::string& text, const std::string& word) {
    std::size_t count = 0;
    for (auto at = text.find(word); at != std::string::npos; at = text.find(word, at + 1))
        ++count;
    return count;
}

}  // namespace

TEST_CASE(
    "fault campaign: 429 and 5xx and lost answers and an emulator restart book each "
    "document once",
    "[campaign]") {
    const std::size_t files = size_from_env("FERRY_CAMPAIGN_FILES", 150, 40);
    const std::uint64_t seed = seed_from_env() + 1;
    Clinic clinic(
        "  retry_base: 5ms\n  retry_max: 200ms\n  max_attempts: 3\n"
        "  request_timeout: 1s\n");
    auto documents = clinic.generate(files, seed);
    auto all_phases = phases();

    // Faults are on from the first request and change every 700 ms while ferry runs; halfway
    // through, the emulator is killed and started again on its journal (a running pass then
    // meets a closed port). Progress is looked at every 100 ms: a fast machine books the whole
    // backlog in well under a second, and the restart must still fall inside a pass.
    std::size_t phase = 0, runs = 0, phase_changes = 0, retried = 0;
    bool restarted = false;
    std::string logs;
    auto next_phase = [&] {
        apply(clinic, all_phases[phase++ % all_phases.size()]);
        ++phase_changes;
    };
    next_phase();
    for (; runs < 60; ++runs) {
        auto child = clinic.start_once();
        // Bounded, so a pass that never ends fails with its log instead of hanging the test
        // until ctest's timeout (the child is killed as it goes out of scope).
        const auto deadline = std::chrono::steady_clock::now() + ferry_time_limit;
        for (int tick = 1; !child->wait(100ms); ++tick) {
            if (std::chrono::steady_clock::now() > deadline)
                FAIL("ferry once still running after "
                     << ferry_time_limit.count() << " s; its log:\n"
                     << ferry::testing::read_file(clinic.log_files().back()));
            if (tick % 7 == 0)
                next_phase();
            if (!restarted && reconcile(clinic.emulator_state(), {}).booked >= files / 2) {
                clinic.restart_emulator();
                restarted = true;
            }
        }
        logs += ferry::testing::read_file(clinic.log_files().back());
        retried += clinic.retry_waiting();
        if (reconcile(clinic.emulator_state(), {}).booked >= files && restarted)
            break;
    }
    apply(clinic, {"none", no_faults, nullptr});
    std::size_t passes = clinic.settle();

    Reconciliation result = reconcile(clinic.emulator_state(), documents);
    auto hits = privacy_hits(clinic, personal_data_of(documents));
    report("fault campaign: " + std::to_string(files) + " files, seed " + std::to_string(seed) +
               ", " + std::to_string(runs) + " runs under faults (" +
               std::to_string(phase_changes) + " fault changes, emulator restarted " +
               (restarted ? "once" : "never") + "), " +
               std::to_string(occurrences(logs, "economic.retrying")) + " retries and " +
               std::to_string(occurrences(logs, "economic.rate_limited")) +
               " rate-limit pauses logged, " + std::to_string(retried) +
               " documents left waiting retried by hand, settled in " + std::to_string(passes) +
               " more passes, privacy hits " + std::to_string(hits.size()),
           result, clinic);

    CHECK(restarted);
    CHECK(result.exact());
    CHECK(result.booked == files);
    CHECK(hits.empty());
}
