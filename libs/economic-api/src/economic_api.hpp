// e-conomic's legacy REST API for one company (agreement): authentication, Idempotency-Keys,
// the company's rate budget, retries with backoff, and errors a user can act on.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "ferry/sdk/host.hpp"
#include "http_client.hpp"
#include "json_numbers.hpp"
#include "rate_budget.hpp"

namespace ferry::economic {

// The shared HTTP client (libs/http-client), by the names the e-conomic code has always used.
using http::HttpClient;
using http::HttpMethod;
using http::HttpRequest;
using http::HttpResponse;
using http::make_http_client;
using http::TransportError;

// A code in e-conomic's error body ("E06820"), the value it refused, as text ("" if none), and
// the property it names ("" if none): e-conomic gives one code more than one meaning.
struct ErrorCode {
    std::string code;
    std::string input_value;
    std::string property;
};

class ApiFailure : public std::runtime_error {
  public:
    enum class Kind {
        rejected,      // 4xx other than below: the request itself is wrong
        unauthorized,  // 401/403: the tokens or the grant's role
        not_found,     // 404
        transient,     // 5xx, 429, timeouts, dropped connections, after the last retry
        stopped,       // the host is shutting down
    };
    ApiFailure(Kind kind, int status, std::string message,
               std::optional<std::chrono::seconds> retry_after = {},
               std::vector<ErrorCode> error_codes = {})
        : std::runtime_error(message),
          kind_(kind),
          status_(status),
          retry_after_(retry_after),
          error_codes_(std::move(error_codes)) {}
    Kind kind() const { return kind_; }
    int status() const { return status_; }  // 0 when no response arrived
    std::optional<std::chrono::seconds> retry_after() const { return retry_after_; }
    // Every code of a refusal's body, the top-level one and those of its field errors.
    const std::vector<ErrorCode>& error_codes() const { return error_codes_; }

  private:
    Kind kind_;
    int status_;
    std::optional<std::chrono::seconds> retry_after_;
    std::vector<ErrorCode> error_codes_;
};

struct ApiSettings {
    std::string app_secret_token;
    std::string agreement_grant_token;
    int max_attempts = 4;
    BackoffPolicy backoff;
    // "sink" or "source": what the plugin is, naming its metrics (sink_requests_total,
    // source_request_seconds, ...), so a pipeline's two ends are told apart.
    std::string role;
};

class EconomicApi {
  public:
    // `company` names the company in log lines and messages (its CVR).
    EconomicApi(HttpClient& http, RateBudget& budget, sdk::HostServices& host, ApiSettings settings,
                std::string company);

    Json get(const std::string& path);
    std::optional<Json> find(const std::string& path);  // nullopt on 404
    // Every element of a collection, following pages; `filter` is unescaped filter syntax.
    std::vector<Json> list(const std::string& collection, const std::string& filter = {});
    // The same, one page (of up to 1000) in memory at a time.
    void for_each(const std::string& collection, const std::string& filter,
                  const std::function<void(Json&)>& visit);
    Json post(const std::string& path, const Json& body, const std::string& idempotency_key);
    Json put(const std::string& path, const Json& body, const std::string& idempotency_key);

  private:
    Json send(HttpMethod method, const std::string& path, const std::string& body,
              const std::string& idempotency_key);
    // The tokens a request of `route` is expected to cost, as X-CallCost last said. While a
    // route's cost is unknown, the request that will learn it goes alone and the others of the
    // route wait for its answer: several sent on a guess could overdraw a small bucket.
    class ExpectedCost {
      public:
        ExpectedCost(EconomicApi& api, const std::string& route);
        ~ExpectedCost();
        ExpectedCost(const ExpectedCost&) = delete;
        ExpectedCost& operator=(const ExpectedCost&) = delete;
        // Held back while the request is in flight.
        int tokens() const { return tokens_; }
        // Taken as spent when no answer says: the dearest cost seen, not the reservation.
        int expected() const { return expected_; }

      private:
        EconomicApi& api_;
        const std::string& route_;
        int tokens_ = 1;
        int expected_ = 1;
        bool learning_ = false;
    };
    void learn_cost(const std::string& route, const std::string& header);

    HttpClient& http_;
    RateBudget& budget_;
    sdk::HostServices& host_;
    ApiSettings settings_;
    std::string company_;
    std::mutex costs_mutex_;
    std::condition_variable cost_learned_;
    std::map<std::string, int> call_costs_;
    std::set<std::string> routes_being_learned_;
};

// A value for `$eq:` and friends, escaped as e-conomic's filter syntax requires.
std::string escape_filter_value(std::string_view value);

// Percent-encodes everything but unreserved characters (RFC 3986).
std::string url_encode(std::string_view text);

// "customerGroup: CustomerGroup '1' not found. (E07140); lines[0].unitNetPrice: ..." from an
// e-conomic error body, or its message when it has no field errors.
std::string describe_error_body(const std::string& body);
std::vector<ErrorCode> error_codes_in(const std::string& body);

}  // namespace ferry::economic
