// The e-conomic API surface: authentication, rate limit, idempotency and faults around the
// resource routes, plus the emulator's own admin endpoints under /__emulator/.
#pragma once

#include "emulator_kit/faults.hpp"
#include "emulator_kit/http_server.hpp"
#include "emulator_kit/reply.hpp"
#include "invoice_totals.hpp"
#include "query.hpp"
#include "rate_limiter.hpp"
#include "request_stats.hpp"
#include "state.hpp"

#include <set>
#include <string>
#include <vector>

namespace economic_emulator {

using emulator_kit::Faults;
using emulator_kit::FaultSettings;
using emulator_kit::Reply;

struct Request {
    std::string method;
    std::string path;                   // decoded, without query
    std::vector<std::string> segments;  // decoded path segments
    QueryParameters query;
    std::string body;
    std::string content_type;
    std::string app_secret_token;
    std::string agreement_grant_token;
    std::string idempotency_key;
    bool has_app_secret_token = false;
    bool has_agreement_grant_token = false;
    // A path or query that percent-decodes to bytes that are not UTF-8 (e.g. /products/%FF):
    // answered 400, since such a number could never be written to JSON or the state file.
    bool target_not_utf8 = false;
};

// What a resource route sees of a request.
struct RouteContext {
    const Request& request;
    Agreement& agreement;
    const std::string& base_url;
    VatRounding vat_rounding;
};

Reply reference_routes(RouteContext& context);
Reply customer_routes(RouteContext& context);
Reply product_routes(RouteContext& context);
Reply invoice_routes(RouteContext& context);
Reply accounting_year_routes(RouteContext& context);

struct ApiSettings {
    std::set<std::string> app_secret_tokens;
    std::int64_t idempotency_window_seconds = 3600;
    VatRounding vat_rounding = VatRounding::per_line;
};

class Api : public emulator_kit::Handler {
  public:
    Api(State& state, ApiSettings settings, RateLimiter& rate_limiter, Faults& faults)
        : state_(state),
          settings_(std::move(settings)),
          rate_limiter_(rate_limiter),
          faults_(faults) {}

    void set_base_url(std::string base_url) { base_url_ = std::move(base_url); }
    Reply handle(const Request& request);
    // The HTTP server's entry: the e-conomic headers and target read into a Request.
    Reply handle(const emulator_kit::HttpRequest& request) override;
    Reply transport_error(int status, const std::string& message,
                          const std::string& action) override;
    const RequestStats& stats() const { return stats_; }

  private:
    Reply handle_admin(const Request& request);
    Reply handle_authorised(const Request& request, Agreement& agreement);
    Reply route(const Request& request, Agreement& agreement);

    State& state_;
    ApiSettings settings_;
    RateLimiter& rate_limiter_;
    Faults& faults_;
    std::string base_url_;
    RequestStats stats_;
};

// Splits "/a/b%20c?x=1&y=2" into decoded path, segments and query parameters.
void parse_target(const std::string& target, Request& request);

}  // namespace economic_emulator
