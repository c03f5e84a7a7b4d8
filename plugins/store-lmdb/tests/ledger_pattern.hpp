// The self-checking stream of state changes the crash test writes and then verifies.
//
// Operation k is fully determined by k: document k/2 is recorded as `intent` when k is even
// and as `delivered` when k is odd, with sizes that vary from a few bytes to overflow pages.
// After any crash the ledger must hold exactly the results of operations 0..n-1 for some n.
#pragma once

#include <cstdint>
#include <string>

#include "ferry/sdk/store.hpp"

namespace ferry::store_lmdb::test {

inline constexpr const char* pattern_pipeline = "crash-test";

sdk::LedgerRecord pattern_record(std::uint64_t operation);

struct PatternCheck {
    std::uint64_t operations = 0;  // how many operations the ledger shows, when consistent
    std::string problem;           // empty when the ledger is an exact prefix of the stream
};

PatternCheck check_pattern(sdk::Store& store);

}  // namespace ferry::store_lmdb::test
