#include "rate_limiter.hpp"

namespace fortnox_emulator {

bool RateLimiter::take(const std::string& key, Clock::time_point now) {
    auto& recent = recent_[key];
    while (!recent.empty() && recent.front() <= now - window_)
        recent.pop_front();
    if (static_cast<int>(recent.size()) >= requests_)
        return false;
    recent.push_back(now);
    return true;
}

}  // namespace fortnox_emulator
