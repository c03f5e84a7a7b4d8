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

}  // namespace fortnox_emulator
