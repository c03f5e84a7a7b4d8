// What a NOVAX file name says about the document inside it, without opening the file.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "ferry/sdk/document.hpp"

namespace ferry::novax {

// `Novax_<number>_<CVR>_Faktura.xml` (invoice) or `Novax_<number>_<CVR>_Kreditnote.xml`
// (credit note). The number may hold anything a cbc:ID may hold except `_`, path separators and
// control characters; the CVR is the clinic company's, 8 digits. The fixed parts are matched
// without regard to case, as SMB shares are case-insensitive.
std::optional<sdk::DocumentKey> parse_file_name(std::string_view name);

// The name NOVAX itself gives the document's file.
std::string canonical_file_name(const sdk::DocumentKey& key);

}  // namespace ferry::novax
