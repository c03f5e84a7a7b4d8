#include "request_stats.hpp"

#include <set>

namespace fortnox_emulator {

void RequestStats::count(const std::string& method, const std::vector<std::string>& segments,
                         int status, const std::string& tenant) {
    static const std::set<std::string> collections = {
        "customers", "articles", "invoices", "accounts", "predefinedaccounts", "financialyears"};
    std::string route = method + " ";
    for (std::size_t i = 0; i < segments.size(); ++i) {
        route += '/';
        bool identifier = i > 0 && collections.contains(segments[i - 1]);
        route += identifier ? std::string("{n}") : segments[i];
    }
    if (segments.empty())
        route += '/';
    ++by_route_[route];
    ++by_status_[status];
    all_.add(status);
    if (!tenant.empty())
        by_tenant_[tenant].add(status);
}

nlohmann::json RequestStats::describe() const {
    nlohmann::json by_status = nlohmann::json::object();
    for (const auto& [status, count] : by_status_)
        by_status[std::to_string(status)] = count;
    nlohmann::json by_tenant = nlohmann::json::object();
    for (const auto& [tenant, totals] : by_tenant_)
        by_tenant[tenant] = totals.describe();
    nlohmann::json described = all_.describe();
    described["byRoute"] = by_route_;
    described["byStatus"] = by_status;
    described["byTenant"] = by_tenant;
    return described;
}

}  // namespace fortnox_emulator
