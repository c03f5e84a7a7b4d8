// Repairs of what older Ferry versions recorded, each applied once per ledger by the first
// writer that knows it, in the transaction that keeps the indexes current, so the records,
// their indexes and the upgrade level change together or not at all.
//
// Level 1: documents rejected because their server did not answer (`novax.server.unreachable`,
// which only a Ferry before issue 14 recorded as a rejection) go back to retry-later, due at
// once, with a line of history: a server that was away is no fault of the document.
#pragma once

#include <cstddef>
#include <cstdint>

#include "ferry/sdk/store.hpp"
#include "ledger_indexes.hpp"

namespace ferry::store_lmdb {

inline constexpr std::uint8_t current_upgrade_level = 1;

// Applies the upgrades the ledger has not had yet and records its new level; counts the
// records it changed. An LMDB return code.
int apply_upgrades(MDB_txn* txn, MDB_dbi records, const LedgerIndexes& indexes, sdk::TimePoint now,
                   std::size_t& changed);

}  // namespace ferry::store_lmdb
