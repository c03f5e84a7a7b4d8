// Holes in a company's document-number series, as the source declares its numbering
// (sdk::NumberSeriesRule): a number the issuer's counter skipped is a document that never
// reached Ferry. The host knows no numbering of its own.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ferry/sdk/source.hpp"

namespace ferry {

struct KnownNumber {
    sdk::DocumentKey key;
    // False for documents the source skips as out of its scope: they are known (never a gap)
    // but do not start the series, so years before Ferry took over are not reported as holes.
    bool in_scope = true;
};

struct NumberGap {
    std::string first, last;  // as the issuer would print them, e.g. "A00095680"
    std::uint64_t count = 0;
};

struct NumberSeries {
    std::string company;
    std::string series;       // as the source names it, e.g. "A"; may be empty
    std::string first, last;  // the in-scope range the series spans
    std::size_t documents = 0;
    std::uint64_t missing = 0;
    std::vector<NumberGap> gaps;
};

// One entry per company and series that has an in-scope document, sorted by company, series.
// Numbers the rule places in no series are left out.
std::vector<NumberSeries> find_number_gaps(const sdk::NumberSeriesRule& rule,
                                           const std::vector<KnownNumber>& known);

}  // namespace ferry
