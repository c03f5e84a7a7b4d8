// Which e-conomic customer fields follow the source and which stay as e-conomic has them: the
// mapping shared by the decision, the delivery and the listing.
#pragma once

#include <string>

#include "economic_api.hpp"
#include "ferry/sdk/sink.hpp"

namespace ferry::economic {

std::string text_at(const Json& json, const char* field);

bool barred_in(const Json& customer);

std::string country_code(const std::string& text);

// The source-owned part of a customer, as compared between e-conomic and the source.
Json owned_part(const Json& customer);

void put_source_values(Json& body, const sdk::Customer& customer);

// What e-conomic holds with the source's values over it: the whole wanted state, for a PUT.
Json updated_body(const Json& existing, const sdk::Customer& customer);

}  // namespace ferry::economic
