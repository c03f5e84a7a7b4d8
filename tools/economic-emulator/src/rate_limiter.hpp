// e-conomic's cost-based token bucket per agreement: each call costs tokens, the bucket refills
// evenly over the window, and an empty bucket answers 429 with Retry-After.
#pragma once

#include <chrono>
#include <map>
#include <string>

namespace economic_emulator {

struct RateLimitSettings {
    double token_limit = 1'000'000;  // generous: tests are only throttled when they ask to be
    double window_seconds = 60;
    int cost_read = 1;
    int cost_write = 5;
    int cost_book = 10;
};

class RateLimiter {
  public:
    using Clock = std::chrono::steady_clock;

    struct Decision {
        bool allowed;
        int cost;
        std::string header;       // X-RateLimiting value
        int retry_after_seconds;  // when not allowed
    };

    explicit RateLimiter(RateLimitSettings settings) : settings_(settings) {}

    Decision take(const std::string& agreement, const std::string& method, const std::string& path,
                  Clock::time_point now = Clock::now());
    void reconfigure(RateLimitSettings settings);
    const RateLimitSettings& settings() const { return settings_; }

  private:
    struct Bucket {
        double available;
        Clock::time_point refilled_at;
    };
    int cost_of(const std::string& method, const std::string& path) const;

    RateLimitSettings settings_;
    std::map<std::string, Bucket> buckets_;
};

}  // namespace economic_emulator
