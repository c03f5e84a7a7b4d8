// How a document is named inside LMDB: pipeline, company, kind and number joined by NUL bytes.
//
// NUL cannot occur in any of the parts (they come from file names, YAML and XML text), so the
// join is unambiguous, and because NUL sorts before every other byte, one pipeline's keys form
// one contiguous range ordered by company, then kind, then number.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "ferry/sdk/document.hpp"

namespace ferry::store_lmdb {

// Throws ferry::sdk::Error("ledger.key.invalid") for an empty part or one holding a NUL byte.
std::string encode_key(std::string_view pipeline, const sdk::DocumentKey& key);

// The bytes every key of `pipeline` starts with.
std::string pipeline_prefix(std::string_view pipeline);

// Splits a stored key; nullopt when it does not belong to `pipeline` or is malformed.
std::optional<sdk::DocumentKey> decode_key(std::string_view pipeline, std::string_view bytes);

}  // namespace ferry::store_lmdb
