// How NOVAX numbers its documents, for `ferry report gaps`: a prefix and a counter, like
// "A00095678", and an invoice that never reached Ferry shows up as a missing number.
//
// Invoices and credit notes count as one series per prefix: NOVAX draws both from the same
// counter (A00095678 invoice, A00095679 credit note). Numbers without trailing digits, or with
// more than 18, belong to no series.
#pragma once

#include "ferry/sdk/source.hpp"

namespace ferry::novax {

class NovaxNumbering : public sdk::NumberSeriesRule {
  public:
    std::optional<sdk::SeriesPlace> place(const sdk::DocumentKey& key) const override;
    // The prefix of `example` and the counter zero-padded to its width: "A00095680".
    std::string number_at(const std::string& example, std::uint64_t position) const override;
};

}  // namespace ferry::novax
