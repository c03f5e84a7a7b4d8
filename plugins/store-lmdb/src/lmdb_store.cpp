#include "lmdb_store.hpp"

#include <lmdb.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

#include "ferry/sdk/cpr_mask.hpp"
#include "ledger_error.hpp"
#include "ledger_folder.hpp"
#include "ledger_indexes.hpp"
#include "ledger_key.hpp"
#include "ledger_upgrades.hpp"
#include "record_format.hpp"

namespace ferry::store_lmdb {
namespace {

// Short read transactions: the visitor may save() between batches (which needs the map lock),
// and a long-lived reader would stop LMDB from reusing pages, making the file grow.
constexpr std::size_t scan_batch = 256;

unsigned int durability_flags(Durability durability) {
    switch (durability) {
        case Durability::sync:
            return 0;
        case Durability::nometasync:
            return MDB_NOMETASYNC;
        case Durability::nosync:
            return MDB_NOSYNC;
    }
    return 0;
}

// The free texts of a record, with anything shaped like a CPR number masked.
sdk::LedgerRecord without_personal_numbers(sdk::LedgerRecord record) {
    record.error_text = sdk::without_cpr_numbers(record.error_text);
    for (auto& entry : record.history)
        entry.note = sdk::without_cpr_numbers(entry.note);
    return record;
}

// Aborts on scope exit unless committed.
class Transaction {
  public:
    Transaction(MDB_env* env, unsigned int flags, const std::string& path) {
        int rc = mdb_txn_begin(env, nullptr, flags, &txn_);
        if (rc == MDB_MAP_RESIZED) {
            // Another process grew the map: adopt its size (no transaction of ours is open).
            rc = mdb_env_set_mapsize(env, 0);
            if (rc == 0)
                rc = mdb_txn_begin(env, nullptr, flags, &txn_);
        }
        if (rc != 0)
            throw ledger_error(rc, flags & MDB_RDONLY ? "read" : "write to", path);
    }
    ~Transaction() {
        if (txn_)
            mdb_txn_abort(txn_);
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    MDB_txn* get() const { return txn_; }
    int commit() { return mdb_txn_commit(std::exchange(txn_, nullptr)); }

  private:
    MDB_txn* txn_ = nullptr;
};

}  // namespace

// LMDB forbids opening one environment twice in a process: closing either copy would drop
// the other's locks. Refusing it here turns silent lock loss into a clear error.
class LmdbStore::OpenInProcess {
  public:
    explicit OpenInProcess(const std::string& path) {
        struct stat info {};
        if (::stat(path.c_str(), &info) != 0)
            throw ledger_error(errno, "open", path);
        // The pid keeps a forked child, which opens its own environment, from inheriting
        // its parent's claims.
        id_ = {info.st_dev, info.st_ino, ::getpid()};
        std::lock_guard guard(registry_mutex());
        if (!registry().insert(id_).second)
            throw sdk::Error("ledger.open_twice", "the ledger " + path +
                                                      " is already open in this process; share "
                                                      "the one Store instead of opening another");
    }
    ~OpenInProcess() {
        std::lock_guard guard(registry_mutex());
        registry().erase(id_);
    }

  private:
    using Id = std::tuple<dev_t, ino_t, pid_t>;
    static std::mutex& registry_mutex() {
        static std::mutex mutex;
        return mutex;
    }
    static std::set<Id>& registry() {
        static std::set<Id> ids;
        return ids;
    }
    Id id_;
};

LmdbStore::LmdbStore(StoreOptions options, std::string pipeline, sdk::Access access,
                     sdk::HostServices& host)
    : options_(std::move(options)), pipeline_(std::move(pipeline)), access_(access), host_(host) {
    if (pipeline_.empty() || pipeline_.find('\0') != std::string::npos)
        throw sdk::Error("ledger.pipeline.invalid", "the ledger " + options_.path +
                                                        " needs a pipeline name without NUL bytes");
    if (access_ == sdk::Access::read_write)
        make_private_folder(options_.path, host_);
    open_in_process_ = std::make_unique<OpenInProcess>(options_.path);
    require_local_disk(options_.path);
    if (access_ == sdk::Access::read_write)
        writer_lock_ = std::make_unique<WriterLock>(options_.path);
    open_environment();
}

LmdbStore::~LmdbStore() = default;

void LmdbStore::CloseEnvironment::operator()(MDB_env* env) const {
    mdb_env_close(env);
}

void LmdbStore::open_environment() {
    const std::string& path = options_.path;
    bool writable = access_ == sdk::Access::read_write;
    if (!writable)
        require_existing_ledger(path);
    MDB_env* created = nullptr;
    int rc = mdb_env_create(&created);
    if (rc != 0)
        throw ledger_error(rc, "open", path);
    env_.reset(created);
    // Never smaller than the file: a map below the data would make LMDB shrink it to the
    // data's end and resize again on the first write.
    std::size_t map_size = std::max(options_.map_size_bytes(), file_size(path + "/data.mdb"));
    rc = mdb_env_set_mapsize(env_.get(), map_size);
    if (rc == 0)
        rc = mdb_env_set_maxdbs(env_.get(), index_count);
    unsigned int flags = writable ? durability_flags(options_.durability) : MDB_RDONLY;
    if (rc == 0)
        rc = mdb_env_open(env_.get(), path.c_str(), flags, 0600);
    if (rc != 0)
        throw ledger_error(rc, "open", path);
    if (writable) {
        make_private_file(path + "/data.mdb", host_);
        make_private_file(path + "/lock.mdb", host_);
        // Readers killed with kill -9 leave their slots behind; stale slots pin old pages.
        int dead = 0;
        mdb_reader_check(env_.get(), &dead);
    }
    Transaction txn(env_.get(), writable ? 0 : MDB_RDONLY, path);
    rc = mdb_dbi_open(txn.get(), nullptr, 0, &dbi_);
    if (rc == 0)
        rc = txn.commit();
    if (rc != 0)
        throw ledger_error(rc, "open", path);
    open_indexes();
}

// A writer builds the indexes when the ledger has none (written before they existed) or when
// they are stale; a reader uses them only while they are current (see scan_state).
void LmdbStore::open_indexes() {
    if (access_ != sdk::Access::read_write) {
        Transaction txn(env_.get(), MDB_RDONLY, options_.path);
        int rc = store_lmdb::open_indexes(txn.get(), false, indexes_);
        if (rc == MDB_NOTFOUND)
            return;
        if (rc == 0)
            rc = txn.commit();
        if (rc != 0)
            throw ledger_error(rc, "open", options_.path);
        has_indexes_ = true;
        return;
    }
    std::size_t indexed = 0;
    std::size_t upgraded = 0;
    bool rebuilt = false;
    write_growing([&](MDB_txn* txn) {
        indexed = 0;
        int rc = store_lmdb::open_indexes(txn, true, indexes_);
        // A write transaction's id is the last committed one plus one.
        rebuilt = rc == 0 && !indexes_current(txn, indexes_, mdb_txn_id(txn) - 1);
        if (rebuilt)
            rc = rebuild_indexes(txn, dbi_, indexes_, indexed);
        if (rc == 0)
            rc = apply_upgrades(txn, dbi_, indexes_, host_.now(), upgraded);
        if (rc == 0)
            recent_briefs_pending_ = recent_brief_count(txn, indexes_) > 0;
        return rc;
    });
    has_indexes_ = true;
    if (rebuilt && indexed > 0)
        host_.log(
            sdk::LogLevel::info, "ledger.index.built",
            "the ledger " + options_.path + " indexed its " + std::to_string(indexed) + " records");
    if (upgraded > 0)
        host_.log(sdk::LogLevel::warning, "ledger.upgraded",
                  "the ledger " + options_.path + " put " + std::to_string(upgraded) +
                      " documents that an older Ferry rejected because their server did not "
                      "answer back to retry-later; the next pass delivers them");
}

// Whether a reader may use the indexes: a writer keeps them current while it holds the
// writer lock, but a reader may sit beside an older Ferry that does not know them.
bool LmdbStore::indexes_usable(MDB_txn* txn) const {
    return has_indexes_ &&
           (access_ == sdk::Access::read_write || indexes_current(txn, indexes_, mdb_txn_id(txn)));
}

std::size_t LmdbStore::map_size() const {
    std::lock_guard guard(mutex_);
    MDB_envinfo info{};
    mdb_env_info(env_.get(), &info);
    return info.me_mapsize;
}

void LmdbStore::grow_map() {
    MDB_envinfo info{};
    mdb_env_info(env_.get(), &info);
    std::size_t bigger = info.me_mapsize * 2;
    int rc = mdb_env_set_mapsize(env_.get(), bigger);
    if (rc != 0)
        throw ledger_error(MDB_MAP_FULL, "write to", options_.path);
    host_.log(
        sdk::LogLevel::info, "ledger.map.grown",
        "the ledger " + options_.path + " map grew to " + std::to_string(bigger >> 20) + " MiB");
}

// One write transaction; a full map doubles and the transaction runs again from the start.
void LmdbStore::write_growing(const std::function<int(MDB_txn*)>& body) {
    for (;;) {
        int rc;
        {
            Transaction txn(env_.get(), 0, options_.path);
            rc = body(txn.get());
            if (rc == 0)
                rc = txn.commit();
        }
        if (rc == 0)
            return;
        if (rc != MDB_MAP_FULL)
            throw ledger_error(rc, "write to", options_.path);
        grow_map();
    }
}

std::string LmdbStore::checked_key(const sdk::DocumentKey& key) const {
    std::string bytes = encode_key(pipeline_, key);
    // One byte less than LMDB allows: the state index prefixes the key with the state.
    const std::size_t limit = static_cast<std::size_t>(mdb_env_get_maxkeysize(env_.get())) - 1;
    if (bytes.size() > limit)
        throw sdk::Error("ledger.key.too_long", "cannot store document " + key.str() + " in " +
                                                    options_.path +
                                                    ": its key is longer than the ledger's limit "
                                                    "of " +
                                                    std::to_string(limit) + " bytes");
    return bytes;
}

std::optional<sdk::LedgerRecord> LmdbStore::find(const sdk::DocumentKey& key) {
    std::string key_bytes = checked_key(key);
    std::string value;
    {
        std::lock_guard guard(mutex_);
        Transaction txn(env_.get(), MDB_RDONLY, options_.path);
        MDB_val k = as_val(key_bytes), v{};
        int rc = mdb_get(txn.get(), dbi_, &k, &v);
        if (rc == MDB_NOTFOUND)
            return std::nullopt;
        if (rc != 0)
            throw ledger_error(rc, "read", options_.path);
        value.assign(as_view(v));
    }
    return decode_record(key, value);
}

// See ledger_indexes.hpp: the first lookup after saves folds their briefs into the snapshot
// when they are many.
void LmdbStore::merge_recent_briefs_if_many() {
    if (!recent_briefs_pending_)
        return;
    std::size_t recent = 0;
    {
        Transaction txn(env_.get(), MDB_RDONLY, options_.path);
        recent = recent_brief_count(txn.get(), indexes_);
    }
    if (recent > merge_after_recent_briefs)
        write_growing([&](MDB_txn* txn) { return merge_recent_briefs(txn, indexes_); });
    recent_briefs_pending_ = false;
}

std::optional<sdk::LedgerBrief> LmdbStore::find_brief(const sdk::DocumentKey& key) {
    std::string key_bytes = checked_key(key);
    std::string value;
    {
        std::lock_guard guard(mutex_);
        merge_recent_briefs_if_many();
        Transaction txn(env_.get(), MDB_RDONLY, options_.path);
        if (indexes_usable(txn.get()))
            value = find_brief_bytes(txn.get(), indexes_, key_bytes).value_or("");
    }
    if (!value.empty()) {
        try {
            return decode_brief(key, key_bytes, value);
        } catch (const sdk::Error&) {
            // The brief is derived from the record: a damaged one is read from the record.
        }
    }
    // No usable index, or no brief: a new document, or a damaged record left out of the index.
    return Store::find_brief(key);
}

void LmdbStore::save(const sdk::LedgerRecord& record) {
    if (access_ != sdk::Access::read_write)
        throw sdk::Error("ledger.read_only_access",
                         "cannot record " + record.key.str() + ": the ledger " + options_.path +
                             " was opened read-only (by a read-only command)");
    std::string key_bytes = checked_key(record.key);
    std::string value = encode_record(without_personal_numbers(record));
    std::lock_guard guard(mutex_);
    write_growing([&](MDB_txn* txn) {
        MDB_val k = as_val(key_bytes), v = as_val(value);
        int rc = index_record(txn, dbi_, indexes_, key_bytes, record);
        return rc == 0 ? mdb_put(txn, dbi_, &k, &v, 0) : rc;
    });
    recent_briefs_pending_ = true;
}

void LmdbStore::scan(const std::function<bool(const sdk::LedgerRecord&)>& visit) {
    scan_keys(dbi_, pipeline_prefix(pipeline_), visit);
}

// The records whose keys in `dbi` start with `prefix`, in key order. `dbi` holds the records
// themselves or is the by-state index, whose keys are a state byte and the record's key.
void LmdbStore::scan_keys(MDB_dbi dbi, const std::string& prefix,
                          const std::function<bool(const sdk::LedgerRecord&)>& visit) {
    const std::size_t record_key_at = dbi == dbi_ ? 0 : 1;
    std::string from = prefix;
    bool resume_after_from = false;
    for (;;) {
        std::vector<std::pair<std::string, std::string>> batch;  // key in `dbi`, record
        {
            std::lock_guard guard(mutex_);
            Transaction txn(env_.get(), MDB_RDONLY, options_.path);
            MDB_cursor* cursor = nullptr;
            int rc = mdb_cursor_open(txn.get(), dbi, &cursor);
            if (rc != 0)
                throw ledger_error(rc, "read", options_.path);
            MDB_val k = as_val(from), v{};
            rc = mdb_cursor_get(cursor, &k, &v, MDB_SET_RANGE);
            if (rc == 0 && resume_after_from && as_view(k) == from)
                rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT);
            while (rc == 0 && batch.size() < scan_batch && as_view(k).starts_with(prefix)) {
                if (dbi != dbi_) {
                    MDB_val record_key = as_val(as_view(k).substr(record_key_at));
                    int found = mdb_get(txn.get(), dbi_, &record_key, &v);
                    if (found != 0) {
                        rc = found == MDB_NOTFOUND ? MDB_CORRUPTED : found;
                        break;
                    }
                }
                batch.emplace_back(as_view(k), as_view(v));
                rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT);
            }
            mdb_cursor_close(cursor);
            if (rc != 0 && rc != MDB_NOTFOUND)
                throw ledger_error(rc, "read", options_.path);
        }
        for (const auto& [key_bytes, value] : batch) {
            auto key = decode_key(pipeline_, std::string_view(key_bytes).substr(record_key_at));
            if (!key)
                throw sdk::Error("ledger.record.corrupt",
                                 "the ledger " + options_.path +
                                     " holds a malformed key; restore it from a backup or a "
                                     "`ferry ledger export`");
            if (!visit(decode_record(*key, value)))
                return;
        }
        if (batch.size() < scan_batch)
            return;
        from = batch.back().first;
        resume_after_from = true;
    }
}

void LmdbStore::scan_state(sdk::State state,
                           const std::function<bool(const sdk::LedgerRecord&)>& visit) {
    bool current;
    {
        std::lock_guard guard(mutex_);
        Transaction txn(env_.get(), MDB_RDONLY, options_.path);
        current = indexes_usable(txn.get());
    }
    // Only a reader beside an older writer (or of a ledger never opened for writing by this
    // version) finds no current index; it reads everything instead.
    if (!current)
        return Store::scan_state(state, visit);
    scan_keys(indexes_.by_state, state_index_key(state, pipeline_prefix(pipeline_)), visit);
}

}  // namespace ferry::store_lmdb
