#include "ledger_upgrades.hpp"

#include <string>
#include <utility>
#include <vector>

#include "record_format.hpp"

namespace ferry::store_lmdb {
namespace {

// In the main database beside the records: record keys always hold NUL separators, and the
// indexes' names (the other keys there) differ.
const std::string level_key = "ferry-upgrade-level";

int read_level(MDB_txn* txn, MDB_dbi records, std::uint8_t& level) {
    MDB_val k = as_val(level_key), v{};
    int rc = mdb_get(txn, records, &k, &v);
    level = rc == 0 && v.mv_size == 1 ? *static_cast<const std::uint8_t*>(v.mv_data) : 0;
    return rc == MDB_NOTFOUND ? 0 : rc;
}

int write_level(MDB_txn* txn, MDB_dbi records) {
    std::string level(1, static_cast<char>(current_upgrade_level));
    MDB_val k = as_val(level_key), v = as_val(level);
    return mdb_put(txn, records, &k, &v, 0);
}

int retry_documents_of_unreachable_servers(MDB_txn* txn, MDB_dbi records,
                                           const LedgerIndexes& indexes, sdk::TimePoint now,
                                           std::size_t& changed) {
    // Read first, write after: saving moves a record's entry in the index being walked.
    std::vector<std::pair<std::string, sdk::LedgerRecord>> found;
    const std::string rejected = state_index_key(sdk::State::rejected, "");
    MDB_cursor* cursor = nullptr;
    int rc = mdb_cursor_open(txn, indexes.by_state, &cursor);
    if (rc != 0)
        return rc;
    MDB_val k = as_val(rejected), v{};
    for (rc = mdb_cursor_get(cursor, &k, &v, MDB_SET_RANGE);
         rc == 0 && as_view(k).starts_with(rejected);
         rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT)) {
        std::string record_key(as_view(k).substr(rejected.size()));
        MDB_val key = as_val(record_key), value{};
        if (mdb_get(txn, records, &key, &value) != 0)
            continue;
        try {
            sdk::LedgerRecord record = decode_record(sdk::DocumentKey{}, as_view(value));
            if (record.error_code == "novax.server.unreachable")
                found.emplace_back(std::move(record_key), std::move(record));
        } catch (const sdk::Error&) {
            // A damaged record is named when it is read; it is not this upgrade's to mend.
        }
    }
    mdb_cursor_close(cursor);
    if (rc != 0 && rc != MDB_NOTFOUND)
        return rc;
    for (auto& [record_key, record] : found) {
        record.state = sdk::State::retry_later;
        record.next_attempt = now;
        record.updated = now;
        record.history.push_back(
            {now, sdk::State::retry_later,
             "ledger upgrade: an older Ferry rejected this document because its server did not "
             "answer; tried again at the next pass",
             record.error_code});
        std::string value = encode_record(record);
        MDB_val key = as_val(record_key), bytes = as_val(value);
        rc = index_record(txn, records, indexes, record_key, record);
        if (rc == 0)
            rc = mdb_put(txn, records, &key, &bytes, 0);
        if (rc != 0)
            return rc;
        ++changed;
    }
    return 0;
}

}  // namespace

int apply_upgrades(MDB_txn* txn, MDB_dbi records, const LedgerIndexes& indexes, sdk::TimePoint now,
                   std::size_t& changed) {
    changed = 0;
    std::uint8_t level = 0;
    int rc = read_level(txn, records, level);
    if (rc != 0 || level >= current_upgrade_level)
        return rc;
    rc = retry_documents_of_unreachable_servers(txn, records, indexes, now, changed);
    return rc == 0 ? write_level(txn, records) : rc;
}

}  // namespace ferry::store_lmdb
