// Request bodies parsed into JSON while keeping the exact text of every decimal number, because
// nlohmann reads numbers as double and the emulated APIs' rules (decimals allowed) and totals are
// about the digits the client sent.
#pragma once

#include <ferry/sdk/decimal.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace emulator_kit {

struct ParsedBody {
    nlohmann::json value;
    std::map<std::string, std::string> number_text;  // JSON pointer → number as written
};

struct BodyParseError {
    std::string message;
};

std::variant<ParsedBody, BodyParseError> parse_body(std::string_view text);

// The decimal at a JSON pointer: from the number's own text when it had a fraction, else from
// the integer. nullopt for a missing value, a non-number, or more than six decimals.
std::optional<ferry::sdk::Decimal> decimal_at(const ParsedBody& body, const std::string& pointer);

// Decimals written in a number's text ("650.00" → 2, "1.005" → 3, "1e-3" → 3).
int written_decimals(std::string_view number_text);

// JSON value for an exact decimal (shortest form, so 812.5 and never 812.4999999).
nlohmann::json to_json(ferry::sdk::Decimal value);
ferry::sdk::Decimal decimal_of(const nlohmann::json& number);

}  // namespace emulator_kit
