// Request targets and form bodies, percent-decoded: "/a/b%20c?x=1&y=2" → path, segments, query.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace emulator_kit {

struct Target {
    std::string path;                   // decoded, without query, empty segments dropped
    std::vector<std::string> segments;  // decoded path segments
    std::map<std::string, std::string> query;
    // A path or query that percent-decodes to bytes that are not UTF-8 (e.g. /products/%FF):
    // such a value could never be written to JSON or the state file, so emulators answer 400.
    bool not_utf8 = false;
};

Target parse_target(std::string_view target);

// "a=1&b=x+y" (application/x-www-form-urlencoded or a query string) → {a:1, b:"x y"}; a repeated
// name keeps its last value. `not_utf8` is set when a name or value decodes to non-UTF-8 bytes.
std::map<std::string, std::string> parse_form(std::string_view text, bool& not_utf8);

bool is_utf8(const std::string& text);

}  // namespace emulator_kit
