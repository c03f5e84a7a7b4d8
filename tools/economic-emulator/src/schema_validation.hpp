// Validation of a request body against e-conomic's draft-03 schema, the way e-conomic validates:
// required properties, types (no explicit null), lengths, ranges, enums, patterns, at most
// `maxDecimal` decimals, and no 0 for ids. Read-only and unknown properties are ignored.
#pragma once

#include "emulator_kit/json_body.hpp"
#include "error_bodies.hpp"

#include <nlohmann/json.hpp>

namespace economic_emulator {

using emulator_kit::BodyParseError;
using emulator_kit::decimal_at;
using emulator_kit::decimal_of;
using emulator_kit::parse_body;
using emulator_kit::ParsedBody;
using emulator_kit::to_json;
using emulator_kit::written_decimals;

void validate_against_schema(const ParsedBody& body, const nlohmann::json& schema,
                             ValidationErrors& errors);

// The body reduced to the writable properties the schema knows (what e-conomic keeps).
nlohmann::json writable_properties(const nlohmann::json& value, const nlohmann::json& schema);

// e-conomic's wording for a JSON type: "String", "Integer", "Null", ...
std::string type_word(const nlohmann::json& value);

}  // namespace economic_emulator
