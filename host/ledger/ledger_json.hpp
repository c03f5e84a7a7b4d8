// Ledger records as JSON lines, for `ferry ledger export|import`: one record per line, every
// field of LedgerRecord and nothing else, amounts and times as exact text.
//
// Depends only on the SDK's Store interface, so it works with any store plugin.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>

#include "ferry/sdk/store.hpp"

namespace ferry {

std::string to_json_line(const sdk::LedgerRecord& record);

// Throws ferry::sdk::Error("ledger.import.invalid") saying which field is wrong.
sdk::LedgerRecord from_json_line(std::string_view line);

// Writes every record of `store` in key order; returns how many.
std::size_t export_json_lines(sdk::Store& store, std::ostream& out);

// Saves every non-blank line of `in` into `store`, one transaction each; returns how many.
// A bad line stops the import with an error naming its line number; lines before it are kept.
std::size_t import_json_lines(std::istream& in, sdk::Store& store);

}  // namespace ferry
