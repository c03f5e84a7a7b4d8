#include "error_bodies.hpp"

#include <atomic>
#include <cstdio>
#include <ctime>
#include <random>

namespace economic_emulator {
namespace {

using json = nlohmann::json;

std::string format_utc(const char* format) {
    std::time_t now = std::time(nullptr);
    std::tm parts{};
    gmtime_r(&now, &parts);
    char text[32];
    std::strftime(text, sizeof text, format, &parts);
    return text;
}

json& child_for(json& node, const std::variant<std::string, std::size_t>& segment) {
    if (const auto* name = std::get_if<std::string>(&segment))
        return node[*name];
    std::size_t index = std::get<std::size_t>(segment);
    if (!node.is_array())
        node = json::array();
    for (auto& element : node)
        if (element.value("arrayIndex", std::size_t{0}) == index)
            return element;
    node.push_back({{"arrayIndex", index}});
    return node.back();
}

}  // namespace

std::string path_text(const BodyPath& path) {
    std::string text;
    for (const auto& segment : path) {
        // Appended piece by piece: GCC 12 -O3 warns wrongly (-Wrestrict) on "[" + ... + "]".
        if (const auto* name = std::get_if<std::string>(&segment))
            text.append(text.empty() ? "" : ".").append(*name);
        else
            text.append("[").append(std::to_string(std::get<std::size_t>(segment))).append("]");
    }
    return text;
}

void ValidationErrors::add(const BodyPath& path, const std::string& message,
                           const std::string& code, const json& input_value,
                           const std::string& hint) {
    json* node = &tree_;
    for (const auto& segment : path)
        node = &child_for(*node, segment);
    json entry = {{"propertyName", path.empty() ? std::string{} : path_text({path.back()})},
                  {"errorMessage", message},
                  {"errorCode", code}};
    if (!input_value.is_null())
        entry["inputValue"] = input_value;
    if (!hint.empty())
        entry["developerHint"] = hint;
    (*node)["errors"].push_back(std::move(entry));
    ++count_;
}

Reply validation_failed(const ValidationErrors& errors) {
    std::string count = std::to_string(errors.count());
    json body = {{"message", "Validation failed. " + count +
                                 (errors.count() == 1 ? " error found." : " errors found.")},
                 {"errorCode", "E04300"},
                 {"developerHint", "Inspect validation errors and correct your request."},
                 {"logId", log_id()},
                 {"httpStatusCode", 400},
                 {"logTime", log_time_now()},
                 {"errorCount", errors.count()},
                 {"errors", errors.tree()}};
    return Reply::json(400, body);
}

Reply error_reply(int status, const std::string& message, const std::string& code,
                  const std::string& hint) {
    json body = {{"message", message}};
    if (!code.empty())
        body["errorCode"] = code;
    body["developerHint"] = hint;
    body["logId"] = log_id();
    body["httpStatusCode"] = status;
    body["logTime"] = log_time_now();
    return Reply::json(status, body);
}

Reply not_found() {
    return error_reply(404, "Resource not found.", "",
                       "The requested resource does not exist. Check the URL and the id in it.");
}

Reply unauthorized(const std::string& message) {
    return error_reply(401, message, "",
                       "Send a valid X-AppSecretToken and X-AgreementGrantToken header.");
}

Reply method_not_allowed() {
    return error_reply(405, "The requested HTTP method is not allowed for this resource.", "",
                       "See the allowed methods for this endpoint in the documentation.");
}

// As e-conomic answered a filter on an unknown property (captured live in 2026): no errorCode,
// the problem as a plain string in `errors`, and the fields it would have accepted.
Reply filter_error(const std::string& problem, const std::vector<std::string>& allowed_fields) {
    json body = {{"message", "Could not parse query string filter."},
                 {"developerHint",
                  "Filtering on collections can be done using the querystring parameter 'filter'."},
                 {"errors", json::array({problem})},
                 {"allowedFilteringFields", allowed_fields},
                 {"logId", log_id()},
                 {"httpStatusCode", 400},
                 {"logTime", log_time_now()}};
    return Reply::json(400, body);
}

std::string log_id() {
    static std::mt19937_64 generator{std::random_device{}()};
    char text[32];
    std::snprintf(text, sizeof text, "%016llx-EMU", static_cast<unsigned long long>(generator()));
    return text;
}

std::string log_time_now() {
    return format_utc("%Y-%m-%dT%H:%M:%S");
}
std::string utc_timestamp_now() {
    return format_utc("%Y-%m-%dT%H:%M:%SZ");
}

}  // namespace economic_emulator
