// Amounts as Fortnox writes them (numbers, sometimes strings) and as Ferry compares them: to
// the öre.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "ferry/sdk/decimal.hpp"

namespace ferry::fortnox {

// The amount at json[key] rounded to the öre, or nullopt when absent or not a number.
std::optional<sdk::Decimal> amount_at(const nlohmann::json& json, const char* key);

// A JSON number with the decimal's value (Fortnox rounds to 2 decimals itself).
nlohmann::json json_amount(sdk::Decimal value);

// Fortnox's string-or-bool flags ("true", true) and numbers-as-strings ("12", 12) as text.
bool flag_at(const nlohmann::json& json, const char* key);
std::string text_at(const nlohmann::json& json, const char* key);

}  // namespace ferry::fortnox
