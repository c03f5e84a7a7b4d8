// The one way the host writes JSON. A ledger, a log or a report carries bytes Ferry did not
// choose (a Latin-1 file name, a target's error body); nlohmann::json throws on those unless
// told otherwise, and an output that throws on what it reports is an output that is lost.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace ferry {

// `value` as JSON text, bytes that are not UTF-8 replaced by U+FFFD; indent -1 = one line.
template <class Json>
std::string json_text(const Json& value, int indent = -1) {
    return value.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace ferry
