// The OAuth endpoints: the consent redirect and the token endpoint with single-use codes and
// rotating refresh tokens (reference §2).
#include "api.hpp"
#include "resources.hpp"

#include <set>
#include <string>

namespace fortnox_emulator {
namespace {

using json = nlohmann::json;
using emulator_kit::HttpRequest;
using emulator_kit::Target;

Reply oauth_error(int status, const std::string& error, const std::string& description) {
    return Reply::json(status, {{"error", error}, {"error_description", description}});
}

std::string base64_decoded(std::string_view text, bool& ok) {
    static const std::string alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    ok = true;
    for (char c : text) {
        if (c == '=')
            break;
        auto at = alphabet.find(c);
        if (at == std::string::npos) {
            ok = false;
            return {};
        }
        buffer = (buffer << 6) | static_cast<std::uint32_t>(at);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xff);
        }
    }
    return out;
}

std::string url_encoded(const std::string& text) {
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            char escaped[4];
            std::snprintf(escaped, sizeof escaped, "%%%02X", c);
            out += escaped;
        }
    }
    return out;
}

}  // namespace

// --- OAuth -------------------------------------------------------------------------------------

Reply Emulator::handle_oauth(const HttpRequest& request, const Target& target) {
    if (target.segments.size() == 2 && target.segments[1] == "token") {
        if (request.method != "POST")
            return oauth_error(405, "invalid_request", "Use POST for the token endpoint.");
        return token_endpoint(request);
    }
    if (target.segments.size() == 2 && target.segments[1] == "auth") {
        if (request.method != "GET")
            return oauth_error(405, "invalid_request", "Use GET for the authorization endpoint.");
        return authorize_endpoint(target);
    }
    return oauth_error(404, "invalid_request", "No such OAuth endpoint: " + target.path);
}

std::string Emulator::issue_code(const std::string& client, const Tenant& tenant,
                                 const std::string& scope, const std::string& redirect_uri,
                                 bool offline) {
    std::string code = random_token(12);
    store_.put("codes", code,
               {{"client", client},
                {"tenant", tenant.organisation_number},
                {"scope", normalised_scope(scope)},
                {"redirectUri", redirect_uri},
                {"offline", offline},
                {"used", false},
                {"expiresMs", now_ms() + settings_.code_ms}});
    return code;
}

json Emulator::issue_tokens(const std::string& client, const std::string& tenant,
                            const std::string& scope, bool with_refresh, bool offline) {
    std::string access = random_token(24);
    store_.put("access", access,
               {{"client", client},
                {"tenant", tenant},
                {"scope", scope},
                {"expiresMs", now_ms() + settings_.access_token_ms}});
    json answer = {{"access_token", access},
                   {"scope", scope},
                   {"expires_in", settings_.access_token_ms / 1000},
                   {"token_type", "bearer"}};
    if (with_refresh) {
        std::string refresh = random_token(24);
        // Without access_type=offline Fortnox handed out short-lived refresh tokens [SW234]:
        // here they live as long as an access token.
        std::int64_t lifetime = offline ? settings_.refresh_token_ms : settings_.access_token_ms;
        store_.put("refresh", refresh,
                   {{"client", client},
                    {"tenant", tenant},
                    {"scope", scope},
                    {"offline", offline},
                    {"dead", false},
                    {"expiresMs", now_ms() + lifetime}});
        answer["refresh_token"] = refresh;
    }
    return answer;
}

Reply Emulator::authorize_endpoint(const Target& target) {
    auto get = [&](const char* name) {
        auto found = target.query.find(name);
        return found == target.query.end() ? std::string() : found->second;
    };
    std::string client = get("client_id");
    if (!settings_.clients.contains(client))
        return oauth_error(400, "invalid_client", "Unknown client_id.");
    std::string redirect_uri = get("redirect_uri");
    if (redirect_uri.empty())
        return oauth_error(400, "invalid_request", "redirect_uri is required.");
    if (get("response_type") != "code")
        return oauth_error(400, "unsupported_response_type", "response_type must be code.");
    std::string scope = get("scope");
    if (scope.empty() || !unknown_scope(scope).empty())
        return oauth_error(400, "invalid_scope",
                           "Unknown or missing scope: " + unknown_scope(scope));
    const Tenant* tenant = target.query.contains("tenant") ? tenant_by_number(get("tenant"))
                                                           : &settings_.tenants.front();
    if (!tenant)
        return oauth_error(400, "invalid_request", "No such tenant: " + get("tenant"));
    std::string code =
        issue_code(client, *tenant, scope, redirect_uri, get("access_type") == "offline");
    Reply reply;
    reply.status = 302;
    std::string location = redirect_uri;
    location += redirect_uri.find('?') == std::string::npos ? '?' : '&';
    location += "code=" + url_encoded(code);
    if (target.query.contains("state"))
        location += "&state=" + url_encoded(get("state"));
    reply.set_header("Location", location);
    return reply;
}

Reply Emulator::token_endpoint(const HttpRequest& request) {
    const std::string* authorization = request.header("Authorization");
    std::string client, secret;
    if (authorization && authorization->starts_with("Basic ")) {
        bool ok = false;
        std::string decoded = base64_decoded(authorization->substr(6), ok);
        auto colon = decoded.find(':');
        if (ok && colon != std::string::npos) {
            client = decoded.substr(0, colon);
            secret = decoded.substr(colon + 1);
        }
    }
    auto known = settings_.clients.find(client);
    if (known == settings_.clients.end() || known->second != secret)
        return oauth_error(401, "invalid_client",
                           "Client authentication failed: send Authorization: Basic "
                           "base64(client_id:client_secret).");
    const std::string* content_type = request.header("Content-Type");
    if (!content_type || !content_type->starts_with("application/x-www-form-urlencoded"))
        return oauth_error(400, "invalid_request",
                           "Send the token request as application/x-www-form-urlencoded.");
    bool not_utf8 = false;
    auto form = emulator_kit::parse_form(request.body, not_utf8);
    auto field = [&](const char* name) {
        auto found = form.find(name);
        return found == form.end() ? std::string() : found->second;
    };
    std::string grant = field("grant_type");
    std::int64_t now = now_ms();
    if (grant == "authorization_code") {
        std::string code = field("code");
        const json* record = code.empty() ? nullptr : store_.find("codes", code);
        if (!record || record->at("used").get<bool>() ||
            record->at("expiresMs").get<std::int64_t>() <= now ||
            record->at("client").get<std::string>() != client ||
            (!record->at("redirectUri").get<std::string>().empty() &&
             record->at("redirectUri").get<std::string>() != field("redirect_uri")))
            return oauth_error(400, "invalid_grant", "Invalid authorization code");
        json used = *record;
        used["used"] = true;
        store_.put("codes", code, used);
        return Reply::json(200, issue_tokens(client, used.at("tenant").get<std::string>(),
                                             used.at("scope").get<std::string>(), true,
                                             used.at("offline").get<bool>()));
    }
    if (grant == "refresh_token") {
        std::string token = field("refresh_token");
        const json* record = token.empty() ? nullptr : store_.find("refresh", token);
        if (!record || record->at("dead").get<bool>() ||
            record->at("expiresMs").get<std::int64_t>() <= now ||
            record->at("client").get<std::string>() != client)
            return oauth_error(400, "invalid_grant", "Invalid refresh token");
        json dead = *record;
        dead["dead"] = true;
        store_.put("refresh", token, dead);
        return Reply::json(200, issue_tokens(client, dead.at("tenant").get<std::string>(),
                                             dead.at("scope").get<std::string>(), true,
                                             dead.at("offline").get<bool>()));
    }
    if (grant == "client_credentials") {
        const std::string* header = request.header("TenantId");
        std::string tenant_id = header ? *header : field("tenant_id");
        if (tenant_id.empty())
            return oauth_error(400, "invalid_request",
                               "client_credentials needs the TenantId header (the company's "
                               "DatabaseNumber).");
        const Tenant* tenant = tenant_by_database(tenant_id);
        if (!tenant)
            return oauth_error(400, "invalid_grant", "Unknown TenantId " + tenant_id + ".");
        std::string scope = form.contains("scope") ? field("scope") : all_scopes;
        if (!unknown_scope(scope).empty())
            return oauth_error(400, "invalid_scope", "Unknown scope: " + unknown_scope(scope));
        return Reply::json(200, issue_tokens(client, tenant->organisation_number,
                                             normalised_scope(scope), false, false));
    }
    return oauth_error(400, "unsupported_grant_type",
                       "grant_type must be authorization_code, refresh_token or "
                       "client_credentials.");
}

}  // namespace fortnox_emulator
