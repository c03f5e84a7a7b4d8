#include "kill_loop.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <thread>

namespace ferry::campaign {

using namespace std::chrono_literals;

namespace {

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

KillFigures kill_repeatedly(FerryRunner& run, std::size_t target_kills, std::uint64_t seed,
                            const KillTarget& target) {
    std::mt19937_64 random(seed);
    KillFigures figures;
    std::size_t delivered = 0;
    // Each kill leaves at most the documents in flight in intent: the pipeline's in_flight,
    // ferry's default of 8 here.
    constexpr std::size_t in_flight = 8;
    // Bounded, so a machine where every run ends before its kill fails instead of hanging.
    while (figures.kills < target_kills && figures.runs < 4 * target_kills) {
        if (delivered >= target.generated())
            target.generate_more(++figures.top_ups);
        // One more share than kills left, so the last kill still finds work to interrupt.
        std::size_t share = (target.generated() - delivered) / (target_kills - figures.kills + 1);
        std::size_t deliveries = std::uniform_int_distribution<std::size_t>(0, 2 * share)(random);
        auto extra =
            std::chrono::microseconds(std::uniform_int_distribution<long>(0, 80'000)(random));
        auto child = run.start_once();
        ++figures.runs;
        DeliveryWatch watch(run.log_files().back());
        // Bounded, so a pass that never ends fails with its log instead of hanging the test.
        const auto deadline = std::chrono::steady_clock::now() + ferry_time_limit;
        while (watch.deliveries() < deliveries && !child->wait(0ms)) {
            if (std::chrono::steady_clock::now() > deadline)
                FAIL("ferry once still running after "
                     << ferry_time_limit.count() << " s; its log:\n"
                     << ferry::testing::read_file(run.log_files().back()));
            std::this_thread::sleep_for(2ms);
        }
        std::this_thread::sleep_for(extra);
        if (child->wait(0ms)) {
            ++figures.finished_runs;
        } else {
            child->signal(SIGKILL);
            REQUIRE(child->wait(10s));
            ++figures.kills;
            auto status = run.ferry("status --json");
            INFO(status.output);
            // Killed before it made the ledger: nothing can be in intent.
            bool no_ledger = status.output.find("ledger.missing") != std::string::npos;
            REQUIRE((status.exit_code == 0 || no_ledger));
            std::size_t left =
                no_ledger ? 0 : nlohmann::json::parse(status.output)["unresolved_intents"].size();
            CHECK(left <= in_flight);
            figures.most_intents_left = std::max(figures.most_intents_left, left);
            figures.kills_with_several_left += left > 1;
        }
        delivered = target.delivered();
    }
    return figures;
}

}  // namespace ferry::campaign
