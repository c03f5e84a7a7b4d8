// `ferry check`'s look ahead: waiting documents dated in a period the sink's target refuses to
// book into, named per company and period before a pass rejects them.
#pragma once

#include <ostream>
#include <vector>

#include "ferry/sdk/sink.hpp"
#include "ferry/sdk/source.hpp"
#include "ferry/sdk/store.hpp"

namespace ferry {

// Writes one warning line per company and closed period holding waiting documents (listed, not
// skipped, and per the ledger not delivered, rejected or skipped; without a ledger every
// listed document waits, and `no_ledger` says why there is none). Returns how many warnings it
// wrote.
std::size_t warn_closed_periods(std::ostream& out, const std::vector<sdk::DocumentRef>& listed,
                                sdk::Sink& sink, sdk::Store* ledger,
                                const std::string& no_ledger = {});

}  // namespace ferry
