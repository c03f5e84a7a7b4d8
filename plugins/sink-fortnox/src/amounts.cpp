#include "amounts.hpp"

#include <cstdio>

namespace ferry::fortnox {

std::optional<sdk::Decimal> amount_at(const nlohmann::json& json, const char* key) {
    if (!json.is_object() || !json.contains(key))
        return std::nullopt;
    const nlohmann::json& value = json[key];
    if (value.is_number_integer())
        return sdk::Decimal::from_int(value.get<std::int64_t>());
    if (value.is_number()) {
        char text[64];
        std::snprintf(text, sizeof text, "%.6f", value.get<double>());
        auto parsed = sdk::Decimal::parse(text);
        return parsed ? std::optional(parsed->rounded(2)) : std::nullopt;
    }
    if (value.is_string()) {
        std::string text = value.get<std::string>();
        for (char& c : text)
            c = c == ',' ? '.' : c;
        auto parsed = sdk::Decimal::parse(text);
        return parsed ? std::optional(parsed->rounded(2)) : std::nullopt;
    }
    return std::nullopt;
}

nlohmann::json json_amount(sdk::Decimal value) {
    if (value.decimals() == 0)
        return std::stoll(value.to_string(0));
    return std::stod(value.to_string());
}

bool flag_at(const nlohmann::json& json, const char* key) {
    if (!json.is_object() || !json.contains(key))
        return false;
    const nlohmann::json& value = json[key];
    if (value.is_boolean())
        return value.get<bool>();
    if (value.is_string())
        return value.get<std::string>() == "true";
    return false;
}

std::string text_at(const nlohmann::json& json, const char* key) {
    if (!json.is_object() || !json.contains(key))
        return "";
    const nlohmann::json& value = json[key];
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_number_integer())
        return std::to_string(value.get<std::int64_t>());
    return "";
}

}  // namespace ferry::fortnox
