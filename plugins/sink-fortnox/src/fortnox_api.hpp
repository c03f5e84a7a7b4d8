// Fortnox's REST API (/3) for one company: its access token, its rate window, retries where a
// retry cannot do anything twice, and errors a caller can tell apart. A write that got no
// answer (or a 5xx) is never sent again here: the caller looks first (fortnox.uncertain).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>

#include "authorization.hpp"
#include "ferry/sdk/host.hpp"
#include "http_client.hpp"
#include "rate_window.hpp"
#include "settings.hpp"

namespace ferry::fortnox {

using Json = nlohmann::json;

class ApiFailure : public std::runtime_error {
  public:
    enum class Kind {
        refused,       // 4xx: Fortnox did not do it, and says why (ErrorInformation)
        not_found,     // 404
        forbidden,     // 403: the scope or licence is missing
        unauthorized,  // 401 even with a new access token
        unavailable,   // no answer, 429 or 5xx to a reading request, after every attempt
        uncertain      // a write got no answer or a 5xx: it may have been carried out
    };
    ApiFailure(Kind kind, int status, int code, const std::string& what)
        : std::runtime_error(what), kind_(kind), status_(status), code_(code) {}
    Kind kind() const { return kind_; }
    int status() const { return status_; }
    int code() const { return code_; }  // ErrorInformation's code, 0 if none

  private:
    Kind kind_;
    int status_;
    int code_;
};

class FortnoxApi {
  public:
    // `reading` carries GETs on kept-alive connections; `writing` carries every write on a
    // connection of its own ("Connection: close"), so that no write ever goes out on a
    // reused connection, which cpprest would silently send again when it finds it closed.
    FortnoxApi(const SinkConfig& sink, Authorization& authorization, http::HttpClient& reading,
               http::HttpClient& writing, sdk::HostServices& host);

    Json get(const std::string& path);
    // nullopt for a 404.
    std::optional<Json> get_if_found(const std::string& path);
    Json post(const std::string& path, const Json& body);
    Json put(const std::string& path, const Json& body = nullptr);

    Authorization& authorization() { return authorization_; }
    const std::string& organisation_number() const {
        return authorization_.tenant().organisation_number;
    }

  private:
    Json send(http::HttpMethod method, const std::string& path, const Json& body);
    std::chrono::milliseconds delay(int attempt) const;

    const SinkConfig& sink_;
    Authorization& authorization_;
    http::HttpClient& reading_;
    http::HttpClient& writing_;
    sdk::HostServices& host_;
    RateWindow window_;
};

// Fortnox's ErrorInformation (either key casing) as "message (code N)", or the raw body.
std::string error_text(const std::string& body, int* code = nullptr);

}  // namespace ferry::fortnox
