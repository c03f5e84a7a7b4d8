#include "request_stats.hpp"

#include <algorithm>
#include <cctype>

namespace economic_emulator {

void RequestStats::count(const std::string& method, const std::vector<std::string>& segments,
                         int status, int tokens_spent) {
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
    ++requests_;
    ++by_route_[route];
    ++by_status_[status];
    if (status == 429)
        ++rate_limited_;
    tokens_spent_ += tokens_spent;
}

nlohmann::json RequestStats::describe() const {
    nlohmann::json by_status = nlohmann::json::object();
    for (const auto& [status, count] : by_status_)
        by_status[std::to_string(status)] = count;
    return {{"requests", requests_},
            {"rateLimited", rate_limited_},
            {"tokensSpent", tokens_spent_},
            {"byRoute", by_route_},
            {"byStatus", by_status}};
}

}  // namespace economic_emulator
