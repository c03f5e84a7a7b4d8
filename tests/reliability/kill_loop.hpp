// The crash campaigns' loop, whichever pair they run: `ferry once` again and again, each run
// SIGKILLed at a random instant, and after each kill the ledger asked what it left in intent.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>

#include "ferry_runner.hpp"

namespace ferry::campaign {

// What the loop needs to know of the pair's target and documents.
struct KillTarget {
    std::function<std::size_t()> delivered;  // documents the target holds so far
    std::function<std::size_t()> generated;  // documents in the inbox so far
    // Adds documents when everything was delivered before the kills were spent (a fast machine);
    // the argument counts the top-ups, for a fresh seed each.
    std::function<void(std::size_t top_up)> generate_more;
};

struct KillFigures {
    std::size_t kills = 0, runs = 0, finished_runs = 0, top_ups = 0;
    std::size_t most_intents_left = 0, kills_with_several_left = 0;
};

// Each run is killed after a random number of deliveries (0 to twice the share of one kill, so
// the kills spread over the whole export), plus a random 0-80 ms: mid-request, between two
// requests of one delivery, mid-ledger-write, or while starting and resolving intents. Checks
// after each kill that at most the documents in flight were left in intent.
KillFigures kill_repeatedly(FerryRunner& run, std::size_t target_kills, std::uint64_t seed,
                            const KillTarget& target);

}  // namespace ferry::campaign
