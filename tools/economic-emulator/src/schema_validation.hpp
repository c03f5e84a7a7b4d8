// Validation of a request body against e-conomic's draft-03 schema, the way e-conomic validates:
// required properties, types (no explicit null), lengths, ranges, enums, patterns, at most
// `maxDecimal` decimals, and no 0 for ids. Read-only and unknown properties are ignored.
#pragma once

#include "error_bodies.hpp"
#include "json_body.hpp"

#include <nlohmann/json.hpp>

namespace economic_emulator {

void validate_against_schema(const ParsedBody& body, const nlohmann::json& schema,
                             ValidationErrors& errors);

// The body reduced to the writable properties the schema knows (what e-conomic keeps).
nlohmann::json writable_properties(const nlohmann::json& value, const nlohmann::json& schema);

// e-conomic's wording for a JSON type: "String", "Integer", "Null", ...
std::string type_word(const nlohmann::json& value);

}  // namespace economic_emulator
