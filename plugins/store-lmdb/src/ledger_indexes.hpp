// The ledger's indexes, written in the same transaction as the records they describe, so that
// a pass over years of documents never reads their whole records:
//
// - by state: `state byte + record key` → nothing. A pass finds the few documents a crash left
//   in `intent` (Store::scan_state).
// - briefs: each record's state, next attempt and fingerprints (Store::find_brief), from which
//   a pass decides about every listed document. They live in two parts, like a log-structured
//   tree: a snapshot of all briefs in one value (brief_snapshot.hpp: consecutive pages, so a
//   pass maps a few MB instead of the whole file), and the briefs saved since, keyed by record.
//   The first lookup after saves merges the recent ones into a new snapshot (LmdbStore::
//   find_brief) once they are more than `merge_after_recent_briefs`: a pass looks up every
//   listed document before it saves anything, so that is at most once per pass, and a pass
//   after one that delivered a few documents costs what an idle pass costs.
//
// The recent briefs' table also holds a stamp: the id of the last transaction that kept the
// indexes current. When the ledger's last transaction has another id, something that does not
// know the indexes wrote since (an older Ferry, a hand-made copy), and a writer rebuilds them
// on opening.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ferry/sdk/store.hpp"
#include "lmdb_values.hpp"

namespace ferry::store_lmdb {

struct LedgerIndexes {
    MDB_dbi by_state = 0;
    MDB_dbi recent_briefs = 0;
    MDB_dbi brief_snapshot = 0;
};

inline constexpr unsigned int index_count = 3;  // LMDB counts them as named databases

// Opens all; with `create`, creates what is missing. MDB_NOTFOUND: a read-only open of a
// ledger that has none yet.
int open_indexes(MDB_txn* txn, bool create, LedgerIndexes& indexes);

// Whether the indexes were last written by the transaction `id` (the ledger's last one).
bool indexes_current(MDB_txn* txn, const LedgerIndexes& indexes, std::uint64_t id);

// Indexes `record` under `record_key`, within the transaction that saves it; `records` still
// holds the previous version, if any.
int index_record(MDB_txn* txn, MDB_dbi records, const LedgerIndexes& indexes,
                 const std::string& record_key, const sdk::LedgerRecord& record);

// Empties the indexes and fills them from every record in the folder; counts the records.
int rebuild_indexes(MDB_txn* txn, MDB_dbi records, const LedgerIndexes& indexes,
                    std::size_t& indexed);

// Rewriting the snapshot costs a pass over 100,000 documents about 0.3 s and 30 MB (whole
// snapshot read, encoded anew, written): worth it only once the recent briefs' B-tree, looked
// up beside the snapshot for every listed document, would spread over many pages. 256 briefs
// fill a handful of pages; a clinic's pass delivers a few dozen documents.
inline constexpr std::size_t merge_after_recent_briefs = 256;

// How many briefs were saved since the last merge, and folding them into a new snapshot.
std::size_t recent_brief_count(MDB_txn* txn, const LedgerIndexes& indexes);
int merge_recent_briefs(MDB_txn* txn, const LedgerIndexes& indexes);

// The encoded brief of `record_key` (see encode_brief), or nullopt when the indexes hold none.
std::optional<std::string> find_brief_bytes(MDB_txn* txn, const LedgerIndexes& indexes,
                                            std::string_view record_key);

std::string state_index_key(sdk::State state, std::string_view record_key);

}  // namespace ferry::store_lmdb
