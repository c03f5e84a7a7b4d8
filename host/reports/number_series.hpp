// Holes in a company's document-number series: NOVAX numbers documents like "A00095678", a
// prefix and a counter, and an invoice that never reached Ferry shows up as a missing number.
//
// Invoices and credit notes count as one series per prefix: NOVAX draws both from the same
// counter (A00095678 invoice, A00095679 credit note). Numbers without trailing digits belong
// to no series and are left out.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ferry/sdk/document.hpp"

namespace ferry {

struct KnownNumber {
    sdk::DocumentKey key;
    // False for documents before the company's first_date: they are known (never a gap) but
    // do not start the series, so years before Ferry took over are not reported as holes.
    bool in_scope = true;
};

struct NumberGap {
    std::string first, last;  // as NOVAX would print them, e.g. "A00095680"
    std::uint64_t count = 0;
};

struct NumberSeries {
    std::string company;
    std::string prefix;       // "A"; empty for purely numeric numbers
    std::string first, last;  // the in-scope range the series spans
    std::size_t documents = 0;
    std::uint64_t missing = 0;
    std::vector<NumberGap> gaps;
};

// One entry per company and prefix that has an in-scope document, sorted by company, prefix.
std::vector<NumberSeries> find_number_gaps(const std::vector<KnownNumber>& known);

}  // namespace ferry
