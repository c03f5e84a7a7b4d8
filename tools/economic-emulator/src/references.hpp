// References between entities: `{ "xNumber": n }` or `{ "self": url }` in bodies, and the
// `self` links the emulator adds to everything it returns.
#pragma once

#include "error_bodies.hpp"
#include "state.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace economic_emulator {

// The id a reference object carries, from its id field or else from the last segment of `self`.
std::optional<nlohmann::json> referenced_id(const nlohmann::json& reference,
                                            const std::string& id_field, bool numeric);

// Checks that body[path] (if present) references an existing entity of `collection`; records
// E04500 for a reference without identifier and `missing_code` for an unknown one. Returns the
// entity when found.
const nlohmann::json* check_reference(const nlohmann::json& body, const BodyPath& path,
                                      const Agreement& agreement, const std::string& collection,
                                      const std::string& label, const std::string& missing_code,
                                      ValidationErrors& errors);

// An entity as the API shows it: hidden fields, nulls and false booleans left out, and `self`
// links added to it and to every reference inside it.
nlohmann::json rendered(const nlohmann::json& entity, const std::string& base_url);

}  // namespace economic_emulator
