// e-conomic's legacy error bodies: the E04300 validation wrapper with errors mirroring the
// payload, and the plain shapes for 401/403/404/405/415/429/5xx.
#pragma once

#include "emulator_kit/reply.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <variant>
#include <vector>

namespace economic_emulator {

using emulator_kit::Reply;

// A path into the request body: property names and array indexes.
using BodyPath = std::vector<std::variant<std::string, std::size_t>>;

// Collects every validation error of a request, nested as e-conomic nests them:
// {"customerGroup":{"errors":[...]}}, {"lines":[{"arrayIndex":0,"unitNetPrice":{"errors":[...]}}]}.
class ValidationErrors {
  public:
    void add(const BodyPath& path, const std::string& message, const std::string& code,
             const nlohmann::json& input_value = nullptr, const std::string& hint = {});
    bool empty() const { return count_ == 0; }
    std::size_t count() const { return count_; }
    const nlohmann::json& tree() const { return tree_; }

  private:
    nlohmann::json tree_ = nlohmann::json::object();
    std::size_t count_ = 0;
};

std::string path_text(const BodyPath& path);

Reply validation_failed(const ValidationErrors& errors);
Reply error_reply(int status, const std::string& message, const std::string& code,
                  const std::string& hint);
Reply not_found();
Reply unauthorized(const std::string& message);
Reply method_not_allowed();
Reply filter_error(const std::string& problem, const std::vector<std::string>& allowed_fields);

std::string log_id();
std::string log_time_now();       // "2023-06-21T16:29:38" (UTC, no zone: as e-conomic writes it)
std::string utc_timestamp_now();  // "2024-10-17T14:09:30Z" (for lastUpdated)

}  // namespace economic_emulator
