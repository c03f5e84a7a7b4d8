// What each file said about the document it holds, remembered while the file keeps its name,
// size and modification time.
//
// A Peppol file may have any name, so listing must open a file to know its key (the supplier's
// company, the kind and the number). It does so once: later listings take the key from here
// while the share lists the file unchanged, so a pass over years of files reads only the new
// and changed ones. Shared by every source in the process: a pipeline reopened after a failed
// pass, or `ferry status` beside `ferry run` in the same host, reads nothing again. Entries of
// files no longer listed are dropped after each complete listing of their folder.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "ferry/sdk/problem.hpp"
#include "ubl_parser.hpp"

namespace ferry::peppol {

struct FileIdentity {
    std::uint64_t size = 0;
    std::int64_t mtime = 0;
    std::size_t max_bytes = 0;  // the limit it was read under: another limit reads it again
    sdk::Result<ubl::Identity> identity = sdk::Problem{};
    std::size_t content_hash = 0;  // tells a copy of a file from a different document
};

class IdentityCache {
  public:
    static IdentityCache& shared();

    // The entry for `name` in `folder` when it was made from the file as listed now.
    std::optional<FileIdentity> find(const std::string& folder, const std::string& name,
                                     std::uint64_t size, std::int64_t mtime,
                                     std::size_t max_bytes) const;
    void store(const std::string& folder, const std::string& name, FileIdentity identity);
    void forget(const std::string& folder, const std::string& name);
    // What a file in `folder` said when it named the document `key`.
    std::optional<ubl::Identity> identity_of(const std::string& folder,
                                             const sdk::DocumentKey& key) const;
    // Drops the entries of `folder` whose files are not in `listed`.
    void keep_only(const std::string& folder, const std::set<std::string>& listed);
    std::size_t size() const;

  private:
    mutable std::mutex mutex_;
    std::map<std::string, std::map<std::string, FileIdentity>> folders_;
};

}  // namespace ferry::peppol
