#include "rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace economic_emulator {

int RateLimiter::cost_of(const std::string& method, const std::string& path) const {
    if (method == "GET")
        return settings_.cost_read;
    if (path.starts_with("/invoices/booked"))
        return settings_.cost_book;
    return settings_.cost_write;
}

void RateLimiter::reconfigure(RateLimitSettings settings) {
    settings_ = settings;
    buckets_.clear();
}

RateLimiter::Decision RateLimiter::take(const std::string& agreement, const std::string& method,
                                        const std::string& path, Clock::time_point now) {
    int cost = cost_of(method, path);
    double per_second = settings_.token_limit / settings_.window_seconds;
    auto [entry, created] = buckets_.try_emplace(agreement, Bucket{settings_.token_limit, now});
    Bucket& bucket = entry->second;
    double elapsed = std::chrono::duration<double>(now - bucket.refilled_at).count();
    bucket.available = std::min(settings_.token_limit, bucket.available + elapsed * per_second);
    bucket.refilled_at = now;
    bool allowed = bucket.available >= cost;
    int retry_after = 0;
    if (allowed)
        bucket.available -= cost;
    else
        retry_after =
            std::max(1, static_cast<int>(std::ceil((cost - bucket.available) / per_second)));
    auto limit = static_cast<long long>(settings_.token_limit);
    auto used = static_cast<long long>(std::ceil(settings_.token_limit - bucket.available));
    std::string header = "token-limit-" + std::to_string(limit) + "-per-" +
                         std::to_string(static_cast<long long>(settings_.window_seconds)) +
                         "-seconds: " + std::to_string(used) + "/" + std::to_string(limit);
    return {allowed, cost, header, retry_after};
}

}  // namespace economic_emulator
