// The Fortnox surface: OAuth 2 (/oauth-v1), the REST API v3 (/3) with bearer tokens, scopes, the
// sliding-window rate limit and faults around the resource routes, plus the emulator's own admin
// endpoints under /__emulator/.
#pragma once

#include "options.hpp"
#include "rate_limiter.hpp"
#include "request_stats.hpp"
#include "store.hpp"

#include "emulator_kit/faults.hpp"
#include "emulator_kit/http_server.hpp"
#include "emulator_kit/reply.hpp"
#include "emulator_kit/target.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace fortnox_emulator {

using emulator_kit::Reply;

struct Tenant {
    std::string organisation_number;  // 10 digits
    std::string name;
    std::int64_t database_number = 0;  // the TenantId of client credentials
};

struct Settings {
    std::map<std::string, std::string> clients;  // id → secret
    std::vector<Tenant> tenants;
    std::int64_t access_token_ms = 3600'000;
    std::int64_t refresh_token_ms = 45LL * 86400'000;
    std::int64_t code_ms = 600'000;
    ErrorCasing error_casing = ErrorCasing::lower;
    VatRounding vat_rounding = VatRounding::row;
    RoundOff round_off = RoundOff::whole_krona;
    std::string base_url;  // http://127.0.0.1:PORT, for "@url"
};

inline constexpr const char* all_scopes =
    "companyinformation customer article invoice bookkeeping settings";

std::int64_t now_ms();
std::string today();  // YYYY-MM-DD, UTC

// ErrorInformation in the configured key casing.
Reply fortnox_error(ErrorCasing casing, int status, int code, const std::string& message);

// The words of a space-separated scope.
std::set<std::string> words(const std::string& text);
// Every scope word is one Fortnox knows; returns the unknown one, or empty.
std::string unknown_scope(const std::string& scope);
// The scope's words, each once, in a fixed order.
std::string normalised_scope(const std::string& scope);

// What a resource route sees of a request.
struct Context {
    const std::string& method;
    const emulator_kit::Target& target;
    const std::string& body;
    Store& store;
    const Tenant& tenant;
    const Settings& settings;

    Reply error(int status, int code, const std::string& message) const {
        return fortnox_error(settings.error_casing, status, code, message);
    }
    // The tenant's table of `kind` ("customers", "invoices", ...).
    std::string table(const std::string& kind) const {
        return tenant.organisation_number + "/" + kind;
    }
    const std::string* query(const std::string& name) const {
        auto found = target.query.find(name);
        return found == target.query.end() ? nullptr : &found->second;
    }
};

Reply company_routes(Context& context);   // companyinformation, accounts, predefinedaccounts,
                                          // financialyears
Reply customer_routes(Context& context);  // customers
Reply article_routes(Context& context);   // articles
Reply invoice_routes(Context& context);   // invoices and their actions

// The BAS accounts and financial years 2020..2030 a fresh tenant starts with.
void seed_company(Store& store, const Tenant& tenant);
// Seed-file entities (customers, articles) for a fresh tenant; returns an error text.
std::string seed_entities(Store& store, const Tenant& tenant, const nlohmann::json& entry);

class Emulator : public emulator_kit::Handler {
  public:
    Emulator(Store& store, Settings settings, RateLimiter& rate_limiter,
             emulator_kit::Faults& faults);

    // Gives every tenant its chart, years and seed data the first time it is seen.
    void initialise_tenants(const nlohmann::json& seed);
    // Forgets expired access tokens, spent or expired codes and dead or expired refresh tokens,
    // so the state file does not grow with every login. Each is refused exactly as an unknown
    // one would be, so nothing a client sees changes.
    void forget_spent_tokens();
    void set_base_url(std::string base_url) { settings_.base_url = std::move(base_url); }

    Reply handle(const emulator_kit::HttpRequest& request) override;
    Reply transport_error(int status, const std::string& message,
                          const std::string& action) override;

  private:
    Reply handle_admin(const emulator_kit::HttpRequest& request,
                       const emulator_kit::Target& target);
    Reply handle_oauth(const emulator_kit::HttpRequest& request,
                       const emulator_kit::Target& target);
    Reply token_endpoint(const emulator_kit::HttpRequest& request);
    Reply authorize_endpoint(const emulator_kit::Target& target);
    Reply handle_api(const emulator_kit::HttpRequest& request, const emulator_kit::Target& target,
                     std::string& tenant_out);
    Reply route(const emulator_kit::HttpRequest& request, const emulator_kit::Target& target,
                const Tenant& tenant);

    const Tenant* tenant_by_number(const std::string& organisation_number) const;
    const Tenant* tenant_by_database(const std::string& database_number) const;
    std::string issue_code(const std::string& client, const Tenant& tenant,
                           const std::string& scope, const std::string& redirect_uri, bool offline);
    nlohmann::json issue_tokens(const std::string& client, const std::string& tenant,
                                const std::string& scope, bool with_refresh, bool offline);
    std::string random_token(std::size_t bytes);
    Reply error(int status, int code, const std::string& message) const {
        return fortnox_error(settings_.error_casing, status, code, message);
    }

    Store& store_;
    Settings settings_;
    RateLimiter& rate_limiter_;
    emulator_kit::Faults& faults_;
    RequestStats stats_;
    std::uint64_t token_counter_ = 0;
};

}  // namespace fortnox_emulator
