#include "request_stats.hpp"

#include <algorithm>
#include <cctype>

namespace economic_emulator {

void RequestStats::count(const std::string& method, const std::vector<std::string>& segments,
                         int status, int tokens_spent, const std::string& agreement) {
    std::string route = method + " ";
    for (const std::string& segment : segments) {
        bool numeric = !segment.empty() && std::all_of(segment.begin(), segment.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c));
        });
        route += '/';
        route += numeric ? std::string("{n}") : segment;
    }
    if (segments.empty())
        route += '/';
    ++by_route_[route];
    ++by_status_[status];
    all_.add(status, tokens_spent);
    if (!agreement.empty())
        by_agreement_[agreement].add(status, tokens_spent);
}

void RequestStats::Totals::add(int status, int tokens) {
    ++requests;
    if (status == 429)
        ++rate_limited;
    tokens_spent += tokens;
}

nlohmann::json RequestStats::Totals::describe() const {
    return {{"requests", requests}, {"rateLimited", rate_limited}, {"tokensSpent", tokens_spent}};
}

nlohmann::json RequestStats::describe() const {
    nlohmann::json by_status = nlohmann::json::object();
    for (const auto& [status, count] : by_status_)
        by_status[std::to_string(status)] = count;
    nlohmann::json by_agreement = nlohmann::json::object();
    for (const auto& [agreement, totals] : by_agreement_)
        by_agreement[agreement] = totals.describe();
    nlohmann::json described = all_.describe();
    described["byRoute"] = by_route_;
    described["byStatus"] = by_status;
    described["byAgreement"] = by_agreement;
    return described;
}

}  // namespace economic_emulator
