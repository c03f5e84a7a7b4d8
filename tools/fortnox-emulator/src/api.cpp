#include "api.hpp"

#include "resources.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <random>
#include <set>
#include <sstream>

namespace fortnox_emulator {
namespace {

using json = nlohmann::json;
using emulator_kit::HttpRequest;
using emulator_kit::Target;

Reply oauth_error(int status, const std::string& error, const std::string& description) {
    return Reply::json(status, {{"error", error}, {"error_description", description}});
}

Reply admin_error(int status, const std::string& message) {
    return Reply::json(status, {{"message", message}});
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

std::set<std::string> words(const std::string& text) {
    std::set<std::string> out;
    std::istringstream in(text);
    for (std::string word; in >> word;)
        out.insert(word);
    return out;
}

// Every scope word is one Fortnox knows; returns the unknown one, or empty.
std::string unknown_scope(const std::string& scope) {
    static const std::set<std::string> known = words(all_scopes);
    for (const auto& word : words(scope))
        if (!known.contains(word))
            return word;
    return {};
}

std::string normalised_scope(const std::string& scope) {
    std::string out;
    for (const auto& word : words(scope))
        out += (out.empty() ? "" : " ") + word;
    return out;
}

// The scope an API family needs (reference §2 "Scopes").
std::string scope_of(const std::string& family) {
    static const std::map<std::string, std::string> scopes = {
        {"companyinformation", "companyinformation"},
        {"customers", "customer"},
        {"articles", "article"},
        {"invoices", "invoice"},
        {"accounts", "bookkeeping"},
        {"financialyears", "bookkeeping"},
        {"predefinedaccounts", "settings"}};
    auto found = scopes.find(family);
    return found == scopes.end() ? std::string() : found->second;
}

bool is_write(const std::string& method) {
    return method != "GET" && method != "HEAD";
}

}  // namespace

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string today() {
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[16];
    std::strftime(text, sizeof text, "%Y-%m-%d", &utc);
    return text;
}

Reply fortnox_error(ErrorCasing casing, int status, int code, const std::string& message) {
    bool upper = casing == ErrorCasing::upper;
    return Reply::json(status, {{"ErrorInformation",
                                 {{upper ? "Error" : "error", 1},
                                  {upper ? "Message" : "message", message},
                                  {upper ? "Code" : "code", code}}}});
}

Emulator::Emulator(Store& store, Settings settings, RateLimiter& rate_limiter,
                   emulator_kit::Faults& faults)
    : store_(store), settings_(std::move(settings)), rate_limiter_(rate_limiter), faults_(faults) {}

void Emulator::initialise_tenants(const json& seed) {
    for (const auto& tenant : settings_.tenants) {
        std::string meta = tenant.organisation_number + "/meta";
        if (store_.find(meta, "seeded"))
            continue;
        seed_company(store_, tenant);
        for (const auto& entry : seed.value("tenants", json::array()))
            if (entry.value("organisationNumber", "") == tenant.organisation_number) {
                auto problem = seed_entities(store_, tenant, entry);
                if (!problem.empty())
                    throw std::runtime_error("seed file, tenant " + tenant.organisation_number +
                                             ": " + problem);
            }
        store_.put(meta, "seeded", true);
    }
    store_.commit();
}

void Emulator::forget_spent_tokens() {
    std::int64_t now = now_ms();
    for (const char* table : {"access", "codes", "refresh"}) {
        std::vector<std::string> spent;
        for (const auto& [token, record] : store_.table(table))
            if (record.at("expiresMs").get<std::int64_t>() <= now || record.value("used", false) ||
                record.value("dead", false))
                spent.push_back(token);
        for (const auto& token : spent)
            store_.erase(table, token);
    }
    store_.commit();
}

const Tenant* Emulator::tenant_by_number(const std::string& organisation_number) const {
    for (const auto& tenant : settings_.tenants)
        if (tenant.organisation_number == organisation_number)
            return &tenant;
    return nullptr;
}

const Tenant* Emulator::tenant_by_database(const std::string& database_number) const {
    for (const auto& tenant : settings_.tenants)
        if (std::to_string(tenant.database_number) == database_number)
            return &tenant;
    return nullptr;
}

std::string Emulator::random_token(std::size_t bytes) {
    static std::mt19937_64 random{std::random_device{}()};
    std::string out;
    char hex[3];
    for (std::size_t i = 0; i < bytes; ++i) {
        std::snprintf(hex, sizeof hex, "%02x", static_cast<unsigned>(random() & 0xff));
        out += hex;
    }
    return out + std::to_string(++token_counter_);
}

Reply Emulator::transport_error(int status, const std::string& message, const std::string& action) {
    return error(status, status == 413 ? code::not_found : code::bad_json, message + " " + action);
}

Reply Emulator::handle(const HttpRequest& request) {
    Target target = emulator_kit::parse_target(request.target);
    if (target.not_utf8)
        return error(400, 2000588, "The request URL is not valid UTF-8 once percent-decoded.");
    if (!target.segments.empty() && target.segments.front() == "__emulator")
        return handle_admin(request, target);

    std::string tenant;
    Reply reply;
    bool oauth = !target.segments.empty() && target.segments.front() == "oauth-v1";
    bool api = !target.segments.empty() && target.segments.front() == "3";
    if (oauth) {
        if (auto status = faults_.failure_status(request.method, target.path))
            reply = Reply::json(*status, {{"message", "Service Unavailable"}});
        else
            reply = handle_oauth(request, target);
    } else if (api) {
        reply = handle_api(request, target, tenant);
    } else {
        reply = error(404, 2000000, "Resursen finns inte: " + target.path);
    }
    stats_.count(request.method, target.segments, reply.status, tenant);
    store_.commit();
    if (reply.status != 429)
        reply.delay = faults_.latency(request.method, target.path);
    if ((oauth || api) && is_write(request.method) && reply.status < 500 && reply.status != 429 &&
        reply.status != 401 && faults_.lose_response(request.method, target.path))
        reply.drop_connection = true;
    return reply;
}

Reply Emulator::handle_api(const HttpRequest& request, const Target& target,
                           std::string& tenant_out) {
    const std::string* authorization = request.header("Authorization");
    std::string token;
    if (authorization && authorization->size() > 7 &&
        (authorization->starts_with("Bearer ") || authorization->starts_with("bearer ")))
        token = authorization->substr(7);
    const json* access = token.empty() ? nullptr : store_.find("access", token);
    if (!access || access->at("expiresMs").get<std::int64_t>() <= now_ms())
        return Reply::json(401, {{"message", "unauthorized"}});
    const Tenant* tenant = tenant_by_number(access->at("tenant").get<std::string>());
    if (!tenant)
        return Reply::json(401, {{"message", "unauthorized"}});
    tenant_out = tenant->organisation_number;
    if (!rate_limiter_.take(access->at("client").get<std::string>() + "|" +
                            tenant->organisation_number))
        return Reply::json(429, {{"message", "Too Many Requests"}});
    if (auto status = faults_.failure_status(request.method, target.path))
        return Reply::json(*status, {{"message", *status == 503 ? "Service Unavailable"
                                                                : "Internal Server Error"}});
    if (target.segments.size() < 2)
        return error(404, 2000000, "Resursen finns inte: " + target.path);
    std::string needed = scope_of(target.segments[1]);
    if (needed.empty())
        return error(404, 2000000, "Resursen finns inte: " + target.path);
    if (!words(access->at("scope").get<std::string>()).contains(needed))
        return error(403, 2000663, "Har inte behörighet för scope (" + needed + ").");
    try {
        return route(request, target, *tenant);
    } catch (const std::overflow_error&) {
        return error(400, 2000588, "Ett belopp eller antal är för stort.");
    } catch (const std::exception&) {
        // Whatever was changed before the failure is committed, so memory and file agree.
        return error(500, 2000000, "Ett internt fel uppstod i emulatorn.");
    }
}

Reply Emulator::route(const HttpRequest& request, const Target& target, const Tenant& tenant) {
    Context context{request.method, target, request.body, store_, tenant, settings_};
    const std::string& family = target.segments[1];
    if (family == "customers")
        return customer_routes(context);
    if (family == "articles")
        return article_routes(context);
    if (family == "invoices")
        return invoice_routes(context);
    return company_routes(context);
}

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

// --- Admin -------------------------------------------------------------------------------------

Reply Emulator::handle_admin(const HttpRequest& request, const Target& target) {
    const auto& s = target.segments;
    const std::string& method = request.method;
    auto body =
        json::parse(request.body.empty() ? std::string("{}") : request.body, nullptr, false);
    if (body.is_discarded())
        return admin_error(400, "The admin request body is not JSON.");
    if (s.size() == 2 && s[1] == "health" && method == "GET")
        return Reply::json(200, {{"status", "ok"}});
    if (s.size() == 2 && s[1] == "stats" && method == "GET")
        return Reply::json(200, stats_.describe());
    if (s.size() == 2 && s[1] == "faults") {
        if (method == "POST")
            if (auto problem = faults_.update(body))
                return admin_error(400, *problem);
        return Reply::json(200, faults_.describe());
    }
    if (s.size() == 3 && s[1] == "tokens" && s[2] == "expire" && method == "POST") {
        std::int64_t now = now_ms(), expired = 0;
        std::vector<std::pair<std::string, json>> changes;
        for (const auto& [token, record] : store_.table("access"))
            if (record.at("expiresMs").get<std::int64_t>() > now) {
                json changed = record;
                changed["expiresMs"] = now;
                changes.emplace_back(token, changed);
            }
        for (auto& [token, record] : changes) {
            store_.put("access", token, std::move(record));
            ++expired;
        }
        store_.commit();
        return Reply::json(200, {{"expired", expired}});
    }
    if (s.size() == 2 && s[1] == "tenants" && method == "GET") {
        json tenants = json::array();
        for (const auto& tenant : settings_.tenants)
            tenants.push_back({{"organisationNumber", tenant.organisation_number},
                               {"name", tenant.name},
                               {"databaseNumber", tenant.database_number}});
        return Reply::json(200, {{"tenants", tenants}});
    }
    if (s.size() >= 4 && s[1] == "tenants") {
        const Tenant* tenant = tenant_by_number(s[2]);
        if (!tenant)
            return admin_error(404, "No tenant " + s[2] + ": start the emulator with --tenant.");
        if (s.size() == 4 && s[3] == "authorization-code" && method == "POST") {
            std::string client = body.value("clientId", settings_.clients.begin()->first);
            std::string scope = body.value("scope", std::string(all_scopes));
            if (!settings_.clients.contains(client))
                return admin_error(400, "Unknown clientId " + client + ".");
            if (!unknown_scope(scope).empty())
                return admin_error(400, "Unknown scope " + unknown_scope(scope) + ".");
            std::string code = issue_code(client, *tenant, scope, body.value("redirectUri", ""),
                                          body.value("offline", true));
            store_.commit();
            return Reply::json(200, {{"code", code}});
        }
        if (s.size() == 4 && method == "GET" &&
            (s[3] == "invoices" || s[3] == "customers" || s[3] == "articles")) {
            std::string wrapper = s[3] == "invoices"    ? "Invoices"
                                  : s[3] == "customers" ? "Customers"
                                                        : "Articles";
            const auto& table = store_.table(tenant->organisation_number + "/" + s[3]);
            std::vector<std::string> keys;
            for (const auto& [key, value] : table)
                keys.push_back(key);
            std::sort(keys.begin(), keys.end(), natural_less);
            json items = json::array();
            for (const auto& key : keys)
                items.push_back(table.at(key));
            return Reply::json(200, {{wrapper, items}});
        }
        if (s.size() == 5 && s[3] == "financialyears" && method == "DELETE") {
            std::string table = tenant->organisation_number + "/financialyears";
            std::string found;
            for (const auto& [id, year] : store_.table(table))
                if (year.at("FromDate").get<std::string>().starts_with(s[4] + "-"))
                    found = id;
            if (found.empty())
                return admin_error(404, "Tenant " + s[2] + " has no financial year " + s[4] + ".");
            store_.erase(table, found);
            store_.commit();
            return Reply{204, "", {}};
        }
    }
    return admin_error(404, "No admin endpoint " + method + " " + target.path + ".");
}

}  // namespace fortnox_emulator
