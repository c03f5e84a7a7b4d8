// Test fixture: runs the real economic-emulator binary on a free 127.0.0.1 port and talks HTTP
// to it. Reusable by any test that needs e-conomic (link `economic_emulator_test_support`).
#pragma once

#include <nlohmann/json.hpp>

#include <sys/types.h>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ferry::test {

inline constexpr const char* emulator_app_secret = "emulator-app-secret";
inline constexpr const char* emulator_grant = "emulator-grant";

struct HttpResponse {
    int status = 0;
    std::string body;
    std::map<std::string, std::string> headers;  // names lower-cased

    nlohmann::json json() const { return nlohmann::json::parse(body); }
    std::string header(const std::string& lower_case_name) const {
        auto found = headers.find(lower_case_name);
        return found == headers.end() ? std::string() : found->second;
    }
};

using Headers = std::vector<std::pair<std::string, std::string>>;

// The tokens of the default agreement plus a JSON content type.
Headers economic_headers(const std::string& grant = emulator_grant,
                         const std::string& app_secret = emulator_app_secret);

class EmulatorProcess {
  public:
    // Starts `economic-emulator --port 0 [--state state_file] extra_arguments...` and waits for
    // its "listening on" line.
    explicit EmulatorProcess(std::vector<std::string> extra_arguments = {},
                             std::string state_file = {});
    ~EmulatorProcess();
    EmulatorProcess(const EmulatorProcess&) = delete;
    EmulatorProcess& operator=(const EmulatorProcess&) = delete;

    std::uint16_t port() const { return port_; }
    pid_t pid() const { return pid_; }
    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

    // One request on a fresh connection; throws when no answer comes (see try_request).
    HttpResponse request(const std::string& method, const std::string& target,
                         const std::string& body = {},
                         const Headers& headers = economic_headers()) const;
    // nullopt when the emulator closed the connection without answering (a lost response).
    std::optional<HttpResponse> try_request(const std::string& method, const std::string& target,
                                            const std::string& body = {},
                                            const Headers& headers = economic_headers()) const;
    // Several requests on one keep-alive connection.
    std::vector<HttpResponse> pipeline(
        const std::vector<std::pair<std::string, std::string>>& method_and_targets,
        const Headers& headers = economic_headers()) const;

    HttpResponse get(const std::string& target) const { return request("GET", target); }
    HttpResponse post(const std::string& target, const nlohmann::json& body) const {
        return request("POST", target, body.dump());
    }
    HttpResponse put(const std::string& target, const nlohmann::json& body) const {
        return request("PUT", target, body.dump());
    }

    void kill_hard();  // SIGKILL, as a crash would
    int terminate();   // SIGTERM; returns the exit status

  private:
    pid_t pid_ = -1;
    std::uint16_t port_ = 0;
};

// A fresh state file path in the temp directory (removed by the caller's scope guard or left).
std::string temporary_state_file(const std::string& label);

// A body with only the schema's required properties (recursively), ids and values taken from
// `values` by property name: what "a request built from the schema's required fields" means.
nlohmann::json required_only_body(const std::string& schema_name, const nlohmann::json& values);

}  // namespace ferry::test
