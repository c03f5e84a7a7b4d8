// What the store-lmdb tests share: a host that records logs, throwaway folders, and stores
// opened the way the plugin's factory opens them.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <lmdb.h>

#include "ferry/sdk/host.hpp"
#include "lmdb_store.hpp"

namespace ferry::store_lmdb::test {

class RecordingHost final : public sdk::HostServices {
  public:
    void log(sdk::LogLevel, std::string_view event, std::string_view message) override;
    void log(sdk::LogLevel, const sdk::DocumentKey&, std::string_view event,
             std::string_view message) override;
    std::chrono::system_clock::time_point now() const override;
    bool stop_requested() const override { return false; }
    bool wait_for(std::chrono::milliseconds) override { return true; }

    std::vector<std::string> events;
};

// A fresh folder under $TMPDIR, removed with everything in it when the object goes.
class TempFolder {
  public:
    TempFolder();
    ~TempFolder();
    TempFolder(const TempFolder&) = delete;
    TempFolder& operator=(const TempFolder&) = delete;
    const std::string& path() const { return path_; }
    std::string ledger() const { return path_ + "/ledger"; }

  private:
    std::string path_;
};

// Settings as the host would hand them over after validation.
sdk::Settings settings_for(const std::string& ledger, const std::string& map_size_mb = "64",
                           const std::string& durability = "sync");

std::unique_ptr<LmdbStore> open_store(const std::string& ledger, sdk::HostServices& host,
                                      sdk::Access access = sdk::Access::read_write,
                                      const std::string& map_size_mb = "64",
                                      const std::string& durability = "sync",
                                      const std::string& pipeline = "nyborg-clinic");

// `record` in record format 1, 2 or 3, byte for byte as the Ferry of that format wrote it
// (record_format.cpp describes them): history entries without codes.
std::string encode_in_older_format(const sdk::LedgerRecord& record, std::uint8_t format);

// Document number `n` as six digits, so that key order is number order.
std::string number(int n);

// A record with every field set, distinct per `number`.
sdk::LedgerRecord full_record(const std::string& company, const std::string& number);

// Runs `body` in a forked child and returns its exit code, with whatever the child wrote to
// `message` (through a pipe). The child never returns into the test framework.
struct ChildResult {
    int exit_code = -1;
    std::string message;
};
ChildResult in_child(const std::function<int(std::string& message)>& body);

std::string read_file(const std::string& path);

// Runs `body` in one write transaction on the ledger with LMDB alone, as an older Ferry, a
// hand-made copy or a flipped disk bit would change it, and commits.
void with_raw_ledger(const std::string& ledger, const std::function<void(MDB_txn*)>& body);

// Writes records of pipeline nyborg-clinic as a Ferry without the indexes would: the records
// only. `drop_indexes` also removes the indexes, leaving the ledger as an older Ferry left it.
void write_as_older_ferry(const std::string& ledger, const std::vector<sdk::LedgerRecord>& records,
                          bool drop_indexes);

}  // namespace ferry::store_lmdb::test

namespace ferry::store_lmdb::test {

// Every field of LedgerRecord, one Catch check each so a failure names the field.
void require_same(const sdk::LedgerRecord& actual, const sdk::LedgerRecord& expected);

}  // namespace ferry::store_lmdb::test
