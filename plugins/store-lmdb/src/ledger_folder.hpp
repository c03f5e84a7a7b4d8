// The ledger folder and its files are private to the user that runs Ferry: 0700 and 0600.
#pragma once

#include <string>
#include <string_view>

#include "ferry/sdk/host.hpp"

namespace ferry::store_lmdb {

// Creates `path` and any missing parents with mode 0700. An existing folder that others may
// read is tightened to 0700, with a warning. Throws a ledger_error when it cannot.
void make_private_folder(const std::string& path, sdk::HostServices& host);

// Tightens `path` to 0600 when it exists with a wider mode, with a warning.
void make_private_file(const std::string& path, sdk::HostServices& host);

// The name of the network file system whose statfs() type is `magic`, or "" for a local one.
std::string_view network_file_system(long magic);

// LMDB's locks live in shared memory of one machine, so two hosts on two machines sharing a
// ledger over NFS or SMB would both write it. Throws ferry::sdk::Error("ledger.network_fs").
void require_local_disk(const std::string& path);

// The size of an existing file, or 0.
std::size_t file_size(const std::string& path);

// Throws a ledger_error unless `folder` holds a non-empty data.mdb this process may open:
// "ledger.missing" when there is none, "ledger.permission" when it belongs to someone else.
void require_existing_ledger(const std::string& folder);

}  // namespace ferry::store_lmdb
