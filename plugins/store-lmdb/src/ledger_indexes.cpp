#include "ledger_indexes.hpp"

#include <algorithm>
#include <vector>

#include "brief_snapshot.hpp"
#include "record_format.hpp"

namespace ferry::store_lmdb {
namespace {

constexpr const char* by_state_name = "by-state";
constexpr const char* recent_briefs_name = "recent-briefs";
constexpr const char* brief_snapshot_name = "brief-snapshot";

// Record keys always hold NUL separators, so neither key collides with one.
const std::string stamp_key = "\xff";
const std::string snapshot_key = "snapshot";

std::string encoded_transaction_id(MDB_txn* txn) {
    std::uint64_t id = mdb_txn_id(txn);
    std::string bytes;
    for (int i = 0; i < 8; ++i)
        bytes += static_cast<char>(id >> (8 * i));
    return bytes;
}

int stamp(MDB_txn* txn, const LedgerIndexes& indexes) {
    std::string id = encoded_transaction_id(txn);
    MDB_val k = as_val(stamp_key), v = as_val(id);
    return mdb_put(txn, indexes.recent_briefs, &k, &v, 0);
}

int put_state(MDB_txn* txn, const LedgerIndexes& indexes, std::string_view record_key,
              sdk::State state) {
    std::string entry = state_index_key(state, record_key);
    MDB_val k = as_val(entry), nothing{0, nullptr};
    return mdb_put(txn, indexes.by_state, &k, &nothing, 0);
}

// The snapshot's bytes, or empty when there is none yet.
int read_snapshot(MDB_txn* txn, const LedgerIndexes& indexes, std::string_view& bytes) {
    MDB_val k = as_val(snapshot_key), v{};
    int rc = mdb_get(txn, indexes.brief_snapshot, &k, &v);
    bytes = rc == 0 ? as_view(v) : std::string_view();
    return rc == MDB_NOTFOUND ? 0 : rc;
}

int write_snapshot(MDB_txn* txn, const LedgerIndexes& indexes,
                   const std::vector<SnapshotEntry>& entries) {
    std::string bytes = BriefSnapshot::encode(entries);
    MDB_val k = as_val(snapshot_key), v = as_val(bytes);
    return mdb_put(txn, indexes.brief_snapshot, &k, &v, 0);
}

}  // namespace

std::size_t recent_brief_count(MDB_txn* txn, const LedgerIndexes& indexes) {
    MDB_stat recent{};
    if (mdb_stat(txn, indexes.recent_briefs, &recent) != 0 || recent.ms_entries == 0)
        return 0;
    return recent.ms_entries - 1;  // the stamp
}

int merge_recent_briefs(MDB_txn* txn, const LedgerIndexes& indexes) {
    std::string_view old_bytes;
    int rc = read_snapshot(txn, indexes, old_bytes);
    if (rc != 0)
        return rc;
    // LMDB's own bytes: nothing is written in this transaction before the new snapshot is
    // encoded from them.
    BriefSnapshot old(old_bytes);
    std::vector<std::pair<std::string, std::string>> recent;
    MDB_cursor* cursor = nullptr;
    rc = mdb_cursor_open(txn, indexes.recent_briefs, &cursor);
    if (rc != 0)
        return rc;
    MDB_val k{}, v{};
    for (rc = mdb_cursor_get(cursor, &k, &v, MDB_FIRST); rc == 0;
         rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT))
        if (as_view(k) != stamp_key)
            recent.emplace_back(as_view(k), as_view(v));
    mdb_cursor_close(cursor);
    if (rc != MDB_NOTFOUND)
        return rc;
    std::vector<SnapshotEntry> merged;
    merged.reserve(old.size() + recent.size());
    auto next_recent = recent.begin();
    // Entries a malformed snapshot loses are read from their records until the next rebuild.
    old.for_each([&](const SnapshotEntry& entry) {
        for (; next_recent != recent.end() && next_recent->first < entry.key; ++next_recent)
            merged.push_back({next_recent->first, next_recent->second});
        if (next_recent != recent.end() && next_recent->first == entry.key)
            merged.push_back({next_recent->first, (next_recent++)->second});
        else
            merged.push_back(entry);
    });
    for (; next_recent != recent.end(); ++next_recent)
        merged.push_back({next_recent->first, next_recent->second});
    rc = write_snapshot(txn, indexes, merged);
    if (rc == 0)
        rc = mdb_drop(txn, indexes.recent_briefs, 0);
    return rc == 0 ? stamp(txn, indexes) : rc;
}

std::string state_index_key(sdk::State state, std::string_view record_key) {
    std::string key(1, static_cast<char>(state));
    key.append(record_key);
    return key;
}

int open_indexes(MDB_txn* txn, bool create, LedgerIndexes& indexes) {
    unsigned int flags = create ? MDB_CREATE : 0;
    int rc = mdb_dbi_open(txn, by_state_name, flags, &indexes.by_state);
    if (rc == 0)
        rc = mdb_dbi_open(txn, recent_briefs_name, flags, &indexes.recent_briefs);
    if (rc == 0)
        rc = mdb_dbi_open(txn, brief_snapshot_name, flags, &indexes.brief_snapshot);
    return rc;
}

bool indexes_current(MDB_txn* txn, const LedgerIndexes& indexes, std::uint64_t id) {
    MDB_val k = as_val(stamp_key), v{};
    if (mdb_get(txn, indexes.recent_briefs, &k, &v) != 0 || v.mv_size != 8)
        return false;
    std::uint64_t stamped = 0;
    for (int i = 0; i < 8; ++i)
        stamped |= std::uint64_t(static_cast<const unsigned char*>(v.mv_data)[i]) << (8 * i);
    return stamped == id;
}

int index_record(MDB_txn* txn, MDB_dbi records, const LedgerIndexes& indexes,
                 const std::string& record_key, const sdk::LedgerRecord& record) {
    MDB_val k = as_val(record_key), old{};
    int rc = mdb_get(txn, records, &k, &old);
    if (rc == 0) {
        std::optional<sdk::State> previous = peek_state(as_view(old));
        for (int s = 0; s <= static_cast<int>(sdk::State::skipped); ++s) {
            // An unreadable old record: clear every state it could be indexed under.
            if (previous && static_cast<int>(*previous) != s)
                continue;
            std::string stale = state_index_key(static_cast<sdk::State>(s), record_key);
            MDB_val stale_key = as_val(stale);
            rc = mdb_del(txn, indexes.by_state, &stale_key, nullptr);
            if (rc != 0 && rc != MDB_NOTFOUND)
                return rc;
        }
    } else if (rc != MDB_NOTFOUND) {
        return rc;
    }
    rc = put_state(txn, indexes, record_key, record.state);
    std::string brief = encode_brief(record_key, sdk::brief_of(record));
    MDB_val brief_key = as_val(record_key), brief_value = as_val(brief);
    if (rc == 0)
        rc = mdb_put(txn, indexes.recent_briefs, &brief_key, &brief_value, 0);
    return rc == 0 ? stamp(txn, indexes) : rc;
}

int rebuild_indexes(MDB_txn* txn, MDB_dbi records, const LedgerIndexes& indexes,
                    std::size_t& indexed) {
    int rc = 0;
    for (MDB_dbi index : {indexes.by_state, indexes.recent_briefs, indexes.brief_snapshot})
        if (rc == 0)
            rc = mdb_drop(txn, index, 0);
    MDB_cursor* cursor = nullptr;
    if (rc == 0)
        rc = mdb_cursor_open(txn, records, &cursor);
    if (rc != 0)
        return rc;
    std::vector<std::pair<std::string, std::string>> briefs;  // in key order, as the cursor reads
    MDB_val k{}, v{};
    for (rc = mdb_cursor_get(cursor, &k, &v, MDB_FIRST); rc == 0;
         rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT)) {
        // Record keys hold NUL separators; the main database also lists the indexes' names.
        if (as_view(k).find('\0') == std::string_view::npos)
            continue;
        std::optional<sdk::State> state = peek_state(as_view(v));
        if (!state)
            continue;  // decode_record names the damage when the record is read
        rc = put_state(txn, indexes, as_view(k), *state);
        if (rc != 0)
            break;
        ++indexed;
        // A damaged record has no brief: deciding then reads the record, which names it.
        try {
            sdk::LedgerRecord record = decode_record(sdk::DocumentKey{}, as_view(v));
            briefs.emplace_back(as_view(k), encode_brief(as_view(k), sdk::brief_of(record)));
        } catch (const sdk::Error&) {
        }
    }
    mdb_cursor_close(cursor);
    if (rc != MDB_NOTFOUND)
        return rc;
    std::vector<SnapshotEntry> entries;
    entries.reserve(briefs.size());
    for (const auto& [key, brief] : briefs)
        entries.push_back({key, brief});
    rc = write_snapshot(txn, indexes, entries);
    return rc == 0 ? stamp(txn, indexes) : rc;
}

std::optional<std::string> find_brief_bytes(MDB_txn* txn, const LedgerIndexes& indexes,
                                            std::string_view record_key) {
    MDB_val k = as_val(record_key), v{};
    if (mdb_get(txn, indexes.recent_briefs, &k, &v) == 0)
        return std::string(as_view(v));
    std::string_view snapshot;
    if (read_snapshot(txn, indexes, snapshot) != 0)
        return std::nullopt;
    std::optional<std::string_view> brief = BriefSnapshot(snapshot).find(record_key);
    return brief ? std::optional<std::string>(*brief) : std::nullopt;
}

}  // namespace ferry::store_lmdb
