// The ledger folder and its files are private to the user that runs Ferry: 0700 and 0600.
#pragma once

#include <string>

#include "ferry/sdk/host.hpp"

namespace ferry::store_lmdb {

// Creates `path` and any missing parents with mode 0700. An existing folder that others may
// read is tightened to 0700, with a warning. Throws a ledger_error when it cannot.
void make_private_folder(const std::string& path, sdk::HostServices& host);

// Tightens `path` to 0600 when it exists with a wider mode, with a warning.
void make_private_file(const std::string& path, sdk::HostServices& host);

// The size of an existing file, or 0.
std::size_t file_size(const std::string& path);

}  // namespace ferry::store_lmdb
