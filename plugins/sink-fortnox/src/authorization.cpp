#include "authorization.hpp"

#include <nlohmann/json.hpp>
#include <thread>

namespace ferry::fortnox {

namespace {

std::string company_name(const TenantConfig& tenant) {
    return "Fortnox company " + tenant.organisation_number;
}

}  // namespace

Authorization::Authorization(const SinkConfig& sink, const TenantConfig& tenant,
                             http::HttpClient& oauth, sdk::HostServices& host)
    : sink_(sink), tenant_(tenant), oauth_(oauth), host_(host) {}

std::int64_t Authorization::now_seconds() const {
    return std::chrono::duration_cast<std::chrono::seconds>(host_.now().time_since_epoch()).count();
}

bool Authorization::usable(const StoredToken& token) const {
    const auto ahead =
        std::chrono::duration_cast<std::chrono::seconds>(sink_.refresh_ahead.span()).count();
    return !token.revoked && !token.access_token.empty() && token.access_token != refused_ &&
           token.access_expires_at - ahead > now_seconds();
}

std::string Authorization::authorize_url() const {
    std::string url = sink_.auth_url;
    while (!url.empty() && url.back() == '/')
        url.pop_back();
    return url + "/auth?client_id=" + http::url_encode(sink_.client_id) +
           "&redirect_uri=" + http::url_encode(sink_.redirect_uri) +
           "&scope=" + http::url_encode(sink_.scope) + "&state=" + tenant_.organisation_number +
           "&access_type=offline&response_type=code";
}

std::string Authorization::instruction() const {
    return "a user of " + company_name(tenant_) + " who may add integrations opens " +
           authorize_url() +
           (sink_.redirect_uri.empty() ? " (set the sink's redirect_uri first: the one "
                                         "registered for the integration)"
                                       : "") +
           ", approves Ferry, and within 10 minutes puts the `code` from the address the "
           "browser is sent to into that tenant's authorization_code and runs `ferry check`, "
           "which exchanges it and writes " +
           tenant_.token_file;
}

void Authorization::revoked(const std::string& what) {
    host_.log(sdk::LogLevel::error, "fortnox.authorization.revoked",
              company_name(tenant_) + ": " + what);
    throw AuthorizationError(
        "fortnox.authorization.revoked",
        company_name(tenant_) + ": " + what + "; its documents wait until " + instruction());
}

void Authorization::refused(const std::string& token) {
    std::lock_guard lock(mutex_);
    refused_ = token;
    if (cached_ && cached_->access_token == token)
        cached_.reset();
}

StoredToken Authorization::request_token(const std::string& grant, const std::string& body,
                                         StoredToken base) {
    http::HttpRequest request;
    request.method = http::HttpMethod::post;
    request.path = "/token";
    request.headers = {
        {"Authorization", http::basic_authorization(sink_.client_id, sink_.client_secret)},
        {"Accept", "application/json"}};
    request.content_type = "application/x-www-form-urlencoded";
    request.body = body;
    std::string last;
    for (int attempt = 1;; ++attempt) {
        std::optional<http::HttpResponse> response;
        try {
            response = oauth_.send(request);
        } catch (const http::TransportError& e) {
            // The same grant once more: if Fortnox carried the first out, its code or refresh
            // token is spent and it answers invalid_grant, which says so.
            last = std::string("no answer (") + e.what() + ")";
        }
        if (response && response->status == 200) {
            nlohmann::json answer = nlohmann::json::parse(response->body, nullptr, false);
            if (answer.is_discarded() || !answer.contains("access_token"))
                throw AuthorizationError("fortnox.authorization.unavailable",
                                         company_name(tenant_) + ": Fortnox's token answer (" +
                                             grant + ") is not the JSON expected; try later");
            StoredToken token = std::move(base);
            token.access_token = answer.value("access_token", "");
            token.access_expires_at = now_seconds() + answer.value("expires_in", 3600);
            if (answer.contains("refresh_token") && answer["refresh_token"].is_string()) {
                token.refresh_token = answer["refresh_token"].get<std::string>();
                token.refreshed_at = now_seconds();
            }
            token.scope = answer.value("scope", sink_.scope);
            token.revoked = false;
            // On disk before anything uses it: the old refresh token is dead from now on.
            write_token_file(tenant_.token_file, token);
            host_.log(sdk::LogLevel::info, "fortnox.authorization." + grant,
                      company_name(tenant_) + ": new access token until " +
                          std::to_string(token.access_expires_at) + " (epoch seconds), " +
                          tenant_.token_file + " written");
            return token;
        }
        if (response) {
            nlohmann::json answer = nlohmann::json::parse(response->body, nullptr, false);
            std::string error = answer.is_object() ? answer.value("error", "") : "";
            if (error == "invalid_grant") {
                if (!last.empty())
                    host_.log(sdk::LogLevel::warning, "fortnox.authorization.lost_answer",
                              company_name(tenant_) + ": the answer to the first " + grant +
                                  " request was lost and Fortnox had already spent the grant");
                base.refresh_token.clear();
                base.revoked = true;
                return base;
            }
            if (error == "invalid_client" || response->status == 401)
                throw AuthorizationError(
                    "fortnox.authorization.client",
                    company_name(tenant_) +
                        ": Fortnox refused the integration's client_id or "
                        "client_secret (HTTP " +
                        std::to_string(response->status) +
                        "); copy both from Fortnox's developer portal into the sink's settings");
            last = "HTTP " + std::to_string(response->status) + (error.empty() ? "" : " " + error);
        }
        if (attempt >= sink_.max_attempts)
            break;
        std::chrono::milliseconds delay =
            sink_.retry_base.span() * (1 << std::min(attempt - 1, 20));
        delay = std::min(delay, sink_.retry_max.span());
        if (!host_.wait_for(delay))
            break;
    }
    throw AuthorizationError("fortnox.authorization.unavailable",
                             company_name(tenant_) + ": Fortnox's OAuth server (" + sink_.auth_url +
                                 ") gave no token: " + last +
                                 "; the documents are tried again "
                                 "later");
}

std::string Authorization::access_token() {
    std::lock_guard lock(mutex_);
    if (cached_ && usable(*cached_))
        return cached_->access_token;
    TokenFileLock file_lock(tenant_.token_file);
    // Another process may have refreshed while this one waited for the lock.
    std::optional<StoredToken> stored = read_token_file(tenant_.token_file);
    if (stored && usable(*stored)) {
        cached_ = stored;
        return stored->access_token;
    }
    const std::string code_hash =
        tenant_.authorization_code.empty() ? "" : sha256_hex(tenant_.authorization_code);
    const bool fresh_code = !code_hash.empty() && (!stored || stored->code_sha256 != code_hash);
    if (!stored || stored->revoked || stored->refresh_token.empty()) {
        if (!fresh_code) {
            if (stored && stored->revoked)
                revoked("Fortnox refused the refresh token in " + tenant_.token_file +
                        (code_hash.empty() ? ""
                                           : " and the authorization_code given was exchanged "
                                             "before (a code works once)"));
            throw AuthorizationError(
                "fortnox.authorization.missing",
                company_name(tenant_) + ": Ferry has no token for it yet (" + tenant_.token_file +
                    " " + (stored ? "holds none" : "does not exist") + "); " + instruction());
        }
        if (sink_.redirect_uri.empty())
            throw AuthorizationError("fortnox.authorization.missing",
                                     company_name(tenant_) +
                                         ": an authorization_code is given but no redirect_uri; "
                                         "set the sink's redirect_uri to the one registered for "
                                         "the integration (Fortnox needs it with the code)");
        StoredToken base = stored.value_or(StoredToken{});
        base.code_sha256 = code_hash;
        // The code is spent whatever the answer: recorded first, so it is never sent again.
        base.revoked = true;
        base.refresh_token.clear();
        write_token_file(tenant_.token_file, base);
        StoredToken token = request_token("authorization_code",
                                          http::form_body({{"grant_type", "authorization_code"},
                                                           {"code", tenant_.authorization_code},
                                                           {"redirect_uri", sink_.redirect_uri}}),
                                          base);
        if (token.revoked)
            revoked("Fortnox refused the authorization_code (a code works once, for 10 minutes)");
        cached_ = token;
        return token.access_token;
    }
    StoredToken token = request_token("refresh_token",
                                      http::form_body({{"grant_type", "refresh_token"},
                                                       {"refresh_token", stored->refresh_token}}),
                                      *stored);
    if (token.revoked) {
        write_token_file(tenant_.token_file, token);
        revoked("Fortnox refused the refresh token in " + tenant_.token_file +
                " (invalid_grant: used before, expired after 45 days unused, or the "
                "integration was removed)");
    }
    cached_ = token;
    return token.access_token;
}

}  // namespace ferry::fortnox
