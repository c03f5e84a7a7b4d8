// Turns what LMDB and the file system report into errors an operator can act on.
#pragma once

#include <string>
#include <string_view>

#include "ferry/sdk/problem.hpp"

namespace ferry::store_lmdb {

// `code` is an errno value or an MDB_* code; `doing` says what failed ("open", "write to").
// The message names `path` and says what to do; the stable codes are listed in the README.
sdk::Error ledger_error(int code, std::string_view doing, const std::string& path);

}  // namespace ferry::store_lmdb
