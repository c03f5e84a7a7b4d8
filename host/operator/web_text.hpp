// Text on its way into and out of the operator page: everything shown is escaped (file names and
// a target's error text come from outside), everything read is percent-decoded.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace ferry {

// For HTML text and attribute values alike.
std::string escape_html(std::string_view text);

// For one query value or path segment: everything but unreserved characters is encoded.
std::string percent_encode(std::string_view text);

// '+' is a space, as forms send it; a malformed escape is kept as it was written.
std::string percent_decode(std::string_view text);

// "a=1&b=x%20y" (a query or an application/x-www-form-urlencoded body); a name given twice
// keeps its first value.
std::map<std::string, std::string> parse_form(std::string_view text);

// One cookie's value from a Cookie header, empty when it is absent.
std::string cookie_value(std::string_view header, std::string_view name);

}  // namespace ferry
