// The promise that only one Ferry process writes a ledger.
//
// LMDB itself would let several processes write one ledger in turn, but two hosts running the
// same pipeline would both deliver the same documents. So the writer holds an exclusive flock()
// on `writer.lock` in the ledger folder for as long as it lives, with its pid written inside
// for the message the second one gets. The kernel drops the lock when the process dies, however
// it dies, so a kill -9 never leaves a stale lock behind.
#pragma once

#include <string>

namespace ferry::store_lmdb {

class WriterLock {
  public:
    // Throws ferry::sdk::Error("ledger.locked") naming the folder and the holder's pid when
    // another process holds it, or a ledger_error when the lock file cannot be created.
    explicit WriterLock(const std::string& folder);
    ~WriterLock();
    WriterLock(const WriterLock&) = delete;
    WriterLock& operator=(const WriterLock&) = delete;

  private:
    int fd_ = -1;
};

}  // namespace ferry::store_lmdb
