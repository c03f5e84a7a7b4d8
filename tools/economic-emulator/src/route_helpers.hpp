// Small pieces every resource route needs: the JSON body, ids from the path, standard answers.
#pragma once

#include "api.hpp"
#include "emulator_kit/json_body.hpp"
#include "error_bodies.hpp"

#include <optional>
#include <variant>

namespace economic_emulator {

using emulator_kit::BodyParseError;
using emulator_kit::decimal_at;
using emulator_kit::decimal_of;
using emulator_kit::parse_body;
using emulator_kit::ParsedBody;
using emulator_kit::to_json;
using emulator_kit::written_decimals;

std::variant<ParsedBody, Reply> json_body(const Request& request);

// A path id as e-conomic accepts it: a whole number 1..999999999.
std::optional<std::int64_t> numeric_id(const std::string& segment);

Reply found(const nlohmann::json& entity, const std::string& base_url);
Reply created(const nlohmann::json& entity, const std::string& base_url);

Reply list(RouteContext& context, const std::string& collection_name,
           const CollectionDescription& description,
           const std::function<nlohmann::json(const nlohmann::json&)>& shown);

}  // namespace economic_emulator
