// e-conomic's published JSON schemas (draft-03), compiled in, looked up by endpoint name.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace economic_emulator {

struct EmbeddedSchema {
    const char* name;  // e.g. "customers.post", as the file name without ".schema.json"
    const char* text;
};

const std::vector<EmbeddedSchema>& embedded_schemas();

// The parsed schema; throws std::out_of_range for a name that was not embedded (a programming
// error, caught by the tests that exercise every endpoint).
const nlohmann::json& schema(std::string_view name);

// Schema of one element of a collection GET schema (its "collection.items").
const nlohmann::json& collection_item_schema(std::string_view collection_schema_name);

// Dotted paths of the properties marked filterable / sortable in a collection GET schema.
std::vector<std::string> filterable_fields(std::string_view collection_schema_name);
std::vector<std::string> sortable_fields(std::string_view collection_schema_name);

// Schema node for a dotted path inside an item schema, or nullptr.
const nlohmann::json* property_schema(const nlohmann::json& item_schema, std::string_view dotted);

}  // namespace economic_emulator
