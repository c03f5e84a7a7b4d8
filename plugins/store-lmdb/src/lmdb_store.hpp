// The transfer ledger on LMDB: one B-tree of records keyed by pipeline, company, kind and number.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>

#include "ferry/sdk/host.hpp"
#include "ferry/sdk/store.hpp"
#include "ledger_indexes.hpp"
#include "settings.hpp"
#include "writer_lock.hpp"

namespace ferry::store_lmdb {

class LmdbStore final : public sdk::Store {
  public:
    // read_write creates the folder if needed, takes the writer lock (refusing a second writer
    // at once) and repairs file modes; read_only opens an existing ledger beside a running
    // writer and refuses save(). Throws ferry::sdk::Error with a stable "ledger.*" code.
    LmdbStore(StoreOptions options, std::string pipeline, sdk::Access access,
              sdk::HostServices& host);
    ~LmdbStore() override;
    LmdbStore(const LmdbStore&) = delete;
    LmdbStore& operator=(const LmdbStore&) = delete;

    std::optional<sdk::LedgerRecord> find(const sdk::DocumentKey& key) override;
    std::optional<sdk::LedgerBrief> find_brief(const sdk::DocumentKey& key) override;
    void save(const sdk::LedgerRecord& record) override;
    void scan(const std::function<bool(const sdk::LedgerRecord&)>& visit) override;
    void scan_state(sdk::State state,
                    const std::function<bool(const sdk::LedgerRecord&)>& visit) override;

    // The current size of the memory map, which doubles whenever a write finds it full.
    std::size_t map_size() const;

  private:
    class OpenInProcess;

    struct CloseEnvironment {
        void operator()(MDB_env* env) const;
    };

    void open_environment();
    void open_indexes();
    bool indexes_usable(MDB_txn* txn) const;
    void merge_recent_briefs_if_many();
    void grow_map();
    void write_growing(const std::function<int(MDB_txn*)>& body);
    void scan_keys(MDB_dbi dbi, const std::string& prefix,
                   const std::function<bool(const sdk::LedgerRecord&)>& visit);
    std::string checked_key(const sdk::DocumentKey& key) const;

    StoreOptions options_;
    std::string pipeline_;
    sdk::Access access_;
    sdk::HostServices& host_;
    std::unique_ptr<OpenInProcess> open_in_process_;
    std::unique_ptr<WriterLock> writer_lock_;
    // One operation at a time: LMDB may only resize the map while this process has no
    // transaction open, and the map grows in the middle of save().
    mutable std::mutex mutex_;
    std::unique_ptr<MDB_env, CloseEnvironment> env_;
    unsigned int dbi_ = 0;
    LedgerIndexes indexes_;
    bool has_indexes_ = false;            // false: a read-only open of a ledger that has none yet
    bool recent_briefs_pending_ = false;  // a writer's saves not merged into the snapshot yet
};

}  // namespace ferry::store_lmdb
