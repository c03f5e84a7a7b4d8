// OIOUBL bytes + what the file name promised → a Ferry document, or the reason it is refused.
//
// Independent of where the bytes come from: the share readers, the tests, the fuzzer and the
// benchmark all call this.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "ferry/sdk/document.hpp"
#include "ferry/sdk/problem.hpp"

namespace ferry::novax {

// The default of the max_file_mb setting, which bench/bench_parse measures: the one place it
// is written.
inline constexpr std::size_t default_max_file_mb = 10;
inline constexpr std::size_t default_max_file_bytes = default_max_file_mb * 1024 * 1024;

struct Expectation {
    sdk::DocumentKey key;  // from the file name: kind, number and the clinic's CVR
    std::string file;      // how messages name the file (no personal data)
    std::size_t max_bytes = default_max_file_bytes;
};

struct ParseOutcome {
    sdk::Result<sdk::Document> document;
    // Findings that do not change what would be booked (see README, "Policy"): the document is
    // still delivered and these are logged. Never personal data.
    std::vector<sdk::Problem> warnings;
};

ParseOutcome parse_oioubl(std::string_view bytes, const Expectation& expected);

}  // namespace ferry::novax
