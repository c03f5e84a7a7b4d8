#include "api.hpp"

#include "ledger.hpp"

#include "error_bodies.hpp"

#include "emulator_kit/target.hpp"

namespace economic_emulator {
namespace {

bool is_json(const std::string& content_type) {
    return content_type.starts_with("application/json");
}

}  // namespace

void parse_target(const std::string& target, Request& request) {
    auto parsed = emulator_kit::parse_target(target);
    request.path = std::move(parsed.path);
    request.segments = std::move(parsed.segments);
    request.query = std::move(parsed.query);
    request.target_not_utf8 = parsed.not_utf8;
}

Reply Api::handle(const emulator_kit::HttpRequest& message) {
    Request request;
    request.method = message.method;
    parse_target(message.target, request);
    request.body = message.body;
    auto header = [&](std::string_view name, bool* present) {
        const std::string* value = message.header(name);
        if (present)
            *present = value != nullptr;
        return value ? *value : std::string();
    };
    request.content_type = header("Content-Type", nullptr);
    request.app_secret_token = header("X-AppSecretToken", &request.has_app_secret_token);
    request.agreement_grant_token =
        header("X-AgreementGrantToken", &request.has_agreement_grant_token);
    request.idempotency_key = header("Idempotency-Key", nullptr);
    return handle(request);
}

Reply Api::transport_error(int status, const std::string& message, const std::string& action) {
    return error_reply(status, message, "", action);
}

Reply Api::handle(const Request& request) {
    if (request.target_not_utf8)
        return error_reply(400, "The request URL is not valid UTF-8 once percent-decoded.", "",
                           "Percent-encode the UTF-8 bytes of each character.");
    if (!request.segments.empty() && request.segments.front() == "__emulator")
        return handle_admin(request);
    if (!request.has_app_secret_token || !request.has_agreement_grant_token) {
        stats_.count(request.method, request.segments, 401, 0);
        return unauthorized(
            "Both the X-AppSecretToken and X-AgreementGrantToken headers are required.");
    }
    Agreement* agreement = state_.find(request.agreement_grant_token);
    if (!settings_.app_secret_tokens.contains(request.app_secret_token) || !agreement) {
        stats_.count(request.method, request.segments, 401, 0);
        return unauthorized("The app secret token or the agreement grant token is not valid.");
    }
    auto decision = rate_limiter_.take(agreement->grant_token, request.method, request.path);
    Reply reply;
    if (!decision.allowed) {
        reply = error_reply(429, "Too many requests: the agreement's token bucket is empty.", "",
                            "Check the X-RateLimiting header and wait Retry-After seconds.");
        reply.set_header("Retry-After", std::to_string(decision.retry_after_seconds));
    } else {
        reply = handle_authorised(request, *agreement);
        reply.delay = faults_.latency(request.method, request.path);
    }
    reply.set_header("X-CallCost", std::to_string(decision.cost));
    reply.set_header("X-RateLimiting", decision.header);
    stats_.count(request.method, request.segments, reply.status,
                 decision.allowed ? decision.cost : 0, agreement->grant_token);
    return reply;
}

Reply Api::handle_authorised(const Request& request, Agreement& agreement) {
    bool writes = request.method != "GET" && request.method != "HEAD";
    const std::string* key =
        writes && !request.idempotency_key.empty() ? &request.idempotency_key : nullptr;
    if (key) {
        auto cached = agreement.idempotency.find(*key);
        if (cached != agreement.idempotency.end() && cached->second.expires_at > unix_now()) {
            Reply replay{cached->second.status,
                         cached->second.body,
                         {{"Content-Type", "application/json; charset=utf-8"},
                          {"X-ResultFromCache", "true"}}};
            if (!cached->second.location.empty())
                replay.set_header("Location", cached->second.location);
            return replay;
        }
    }
    if (auto status = faults_.failure_status(request.method, request.path))
        return error_reply(
            *status,
            *status == 503 ? "The service is temporarily unavailable." : "An error occurred.", "",
            "Injected by the emulator's fault settings; retry later.");
    if (writes && agreement.read_only)
        return error_reply(403, "The demo agreement is read-only.", "",
                           "Use your own agreement's tokens to create or change data.");
    if (writes && !request.body.empty() && !is_json(request.content_type))
        return error_reply(415, "Unsupported media type: send Content-Type: application/json.", "",
                           "The request body must be JSON.");

    Reply reply;
    try {
        reply = route(request, agreement);
    } catch (const std::exception&) {
        // Whatever was changed before the failure is committed below, so memory and file agree.
        reply = error_reply(500, "An internal error occurred in the emulator.", "",
                            "This is a bug in the emulator; please report the request.");
    }
    // Remember answers the client may retry; a 5xx is not an answer to remember.
    bool remember = key && reply.status < 500;
    if (remember) {
        std::string location;
        for (const auto& [name, value] : reply.headers)
            if (name == "Location")
                location = value;
        agreement.idempotency[*key] = IdempotentReply{
            reply.status, reply.body, location, unix_now() + settings_.idempotency_window_seconds};
    }
    state_.commit(agreement, remember ? key : nullptr);
    if (writes && faults_.lose_response(request.method, request.path))
        reply.drop_connection = true;
    return reply;
}

Reply Api::route(const Request& request, Agreement& agreement) {
    RouteContext context{request, agreement, base_url_, settings_.vat_rounding};
    if (request.segments.empty())
        return not_found();
    const std::string& family = request.segments.front();
    if (family == "customers")
        return customer_routes(context);
    if (family == "products")
        return product_routes(context);
    if (family == "invoices")
        return invoice_routes(context);
    if (family == "accounting-years")
        return accounting_year_routes(context);
    if (family == "accounts")
        return account_routes(context);
    return reference_routes(context);
}

}  // namespace economic_emulator
