// Exact decimal numbers in JSON. nlohmann keeps numbers as double, which cannot hold 0.1: we
// carry decimals as tagged binary values when writing and keep the raw text when reading.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "ferry/sdk/decimal.hpp"

namespace ferry::economic {

using Json = nlohmann::json;

// A JSON value that `dump_exact` writes as the number `value` with at least two decimals.
Json exact_number(sdk::Decimal value);

// Like Json::dump(), but writes exact_number values as plain numbers.
std::string dump_exact(const Json& json);

// Parses JSON keeping every non-integer number as its raw text (a string), so amounts can be
// read exactly with `decimal_at`. Throws Json::parse_error on malformed input.
Json parse_exact(const std::string& text);

// The decimal at `json[key]` (an integer, or raw number text from parse_exact), if any.
std::optional<sdk::Decimal> decimal_at(const Json& json, const char* key);

}  // namespace ferry::economic
