// Crash campaign: ferry is SIGKILLed at random instants while it exports a generated set of
// NOVAX files to e-conomic, restarted, killed again; at the end every document must be booked
// exactly once with its amounts. FERRY_CAMPAIGN_FILES / FERRY_CAMPAIGN_KILLS pick the size.
#include <catch2/catch.hpp>

#include <algorithm>

#include "campaign.hpp"
#include "kill_loop.hpp"

using namespace ferry::campaign;

TEST_CASE("crash campaign: SIGKILL at random instants books every document exactly once",
          "[campaign]") {
    const std::size_t files = size_from_env("FERRY_CAMPAIGN_FILES", 150, 40);
    const std::size_t target_kills = size_from_env("FERRY_CAMPAIGN_KILLS", 30, 8);
    const std::uint64_t seed = seed_from_env();
    Clinic clinic("  retry_base: 10ms\n");
    auto documents = clinic.generate(files, seed);

    KillFigures kills =
        kill_repeatedly(clinic, target_kills, seed,
                        {.delivered = [&] { return reconcile(clinic.emulator_state(), {}).booked; },
                         .generated = [&] { return documents.size(); },
                         // NOVAX prints more.
                         .generate_more =
                             [&](std::size_t top_up) {
                                 auto more = clinic.generate(std::max<std::size_t>(files / 5, 10),
                                                             seed + top_up, documents.size() + 1);
                                 documents.insert(documents.end(), more.begin(), more.end());
                             }});
    std::size_t passes = clinic.settle();

    Reconciliation result = reconcile(clinic.emulator_state(), documents);
    auto status = clinic.ferry("status --json");
    auto hits = privacy_hits(clinic, personal_data_of(documents));
    report("crash campaign: " + std::to_string(documents.size()) + " files (" +
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
    auto ledger = nlohmann::json::parse(status.output);
    CHECK(ledger["companies"][clinic_cvr]["delivered"] == documents.size());
    CHECK(ledger["unresolved_intents"].empty());
}
