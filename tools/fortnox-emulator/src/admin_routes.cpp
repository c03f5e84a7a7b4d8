// The emulator's own routes under /__emulator: health, faults, stats, tenants' data, codes a
// user approving would get, token expiry and financial years.
#include "api.hpp"
#include "resources.hpp"

#include <set>
#include <string>

namespace fortnox_emulator {
namespace {

using json = nlohmann::json;
using emulator_kit::HttpRequest;
using emulator_kit::Target;

Reply admin_error(int status, const std::string& message) {
    return Reply::json(status, {{"message", message}});
}

}  // namespace

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
