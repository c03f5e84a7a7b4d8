// Crash campaign: ferry is SIGKILLed at random instants while it exports a generated set of
// NOVAX files to e-conomic, restarted, killed again; at the end every document must be booked
// exactly once with its amounts. FERRY_CAMPAIGN_FILES / FERRY_CAMPAIGN_KILLS pick the size.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <thread>

#include "campaign.hpp"

using namespace ferry::campaign;
using namespace std::chrono_literals;

namespace {

std::size_t booked_count(Clinic& clinic) {
    return reconcile(clinic.emulator_state(), {}).booked;
}

// Counts the deliveries a running ferry has logged so far, reading only what is new.
class DeliveryWatch {
  public:
    explicit DeliveryWatch(std::filesystem::path log) : log_(std::move(log)) {}
    std::size_t deliveries() {
        std::ifstream in(log_, std::ios::binary);
        in.seekg(static_cast<std::streamoff>(read_));
        std::string chunk{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        // Only whole lines: a line being written is counted on the next look.
        auto end = chunk.rfind('\n');
        if (end == std::string::npos)
            return count_;
        chunk.resize(end + 1);
        read_ += chunk.size();
        for (auto at = chunk.find("document.delivered"); at != std::string::npos;
             at = chunk.find("document.delivered", at + 1))
            ++count_;
        return count_;
    }

  private:
    std::filesystem::path log_;
    std::size_t read_ = 0, count_ = 0;
};

}  // namespace

TEST_CASE("crash campaign: SIGKILL at random instants books every document exactly once",
          "[campaign]") {
    const std::size_t files = size_from_env("FERRY_CAMPAIGN_FILES", 150, 40);
    const std::size_t target_kills = size_from_env("FERRY_CAMPAIGN_KILLS", 30, 8);
    const std::uint64_t seed = seed_from_env();
    Clinic clinic("  retry_base: 10ms\n");
    auto documents = clinic.generate(files, seed);
    std::mt19937_64 random(seed);

    // Each run is killed after a random number of deliveries (0 to twice the share of one
    // kill, so the kills spread over the whole export), plus a random 0-80 ms: mid-request,
    // between draft and booking, mid-ledger-write, or while starting and resolving intents.
    std::size_t kills = 0, runs = 0, finished_runs = 0, top_ups = 0;
    std::size_t booked = 0;
    // Each kill leaves at most the documents in flight in intent: the pipeline's in_flight,
    // ferry's default of 8 here.
    constexpr std::size_t in_flight = 8;
    std::size_t most_intents_left = 0, kills_with_several_left = 0;
    // Bounded, so a machine where every run ends before its kill fails instead of hanging.
    while (kills < target_kills && runs < 4 * target_kills) {
        // A fast machine can export everything before the kills are spent: NOVAX prints more.
        if (booked >= documents.size()) {
            auto more = clinic.generate(std::max<std::size_t>(files / 5, 10), seed + ++top_ups,
                                        documents.size() + 1);
            documents.insert(documents.end(), more.begin(), more.end());
        }
        // One more share than kills left, so the last kill still finds work to interrupt.
        std::size_t share = (documents.size() - booked) / (target_kills - kills + 1);
        std::size_t deliveries = std::uniform_int_distribution<std::size_t>(0, 2 * share)(random);
        auto extra =
            std::chrono::microseconds(std::uniform_int_distribution<long>(0, 80'000)(random));
        auto child = clinic.start_once();
        ++runs;
        DeliveryWatch watch(clinic.log_files().back());
        // Bounded, so a pass that never ends fails with its log instead of hanging the test.
        const auto deadline = std::chrono::steady_clock::now() + ferry_time_limit;
        while (watch.deliveries() < deliveries && !child->wait(0ms)) {
            if (std::chrono::steady_clock::now() > deadline)
                FAIL("ferry once still running after "
                     << ferry_time_limit.count() << " s; its log:\n"
                     << ferry::testing::read_file(clinic.log_files().back()));
            std::this_thread::sleep_for(2ms);
        }
        std::this_thread::sleep_for(extra);
        if (child->wait(0ms)) {
            ++finished_runs;
        } else {
            child->signal(SIGKILL);
            REQUIRE(child->wait(10s));
            ++kills;
            auto status = clinic.ferry("status --json");
            INFO(status.output);
            // Killed before it made the ledger: nothing can be in intent.
            bool no_ledger = status.output.find("ledger.missing") != std::string::npos;
            REQUIRE((status.exit_code == 0 || no_ledger));
            std::size_t left =
                no_ledger ? 0 : nlohmann::json::parse(status.output)["unresolved_intents"].size();
            CHECK(left <= in_flight);
            most_intents_left = std::max(most_intents_left, left);
            kills_with_several_left += left > 1;
        }
        booked = booked_count(clinic);
    }
    std::size_t passes = clinic.settle();

    Reconciliation result = reconcile(clinic.emulator_state(), documents);
    auto status = clinic.ferry("status --json");
    auto hits = privacy_hits(clinic, documents);
    report("crash campaign: " + std::to_string(documents.size()) + " files (" +
               std::to_string(top_ups) + " top-ups), seed " + std::to_string(seed) + ", " +
               std::to_string(kills) + " kills in " + std::to_string(runs) + " runs (" +
               std::to_string(finished_runs) + " ran to the end), settled in " +
               std::to_string(passes) + " more passes, at most " +
               std::to_string(most_intents_left) + " documents left in intent by a kill (" +
               std::to_string(kills_with_several_left) + " kills left several), privacy hits " +
               std::to_string(hits.size()),
           result, clinic);

    CHECK(kills >= target_kills);
    CHECK(result.exact());
    CHECK(result.booked == documents.size());
    CHECK(hits.empty());
    auto ledger = nlohmann::json::parse(status.output);
    CHECK(ledger["companies"][clinic_cvr]["delivered"] == documents.size());
    CHECK(ledger["unresolved_intents"].empty());
}
