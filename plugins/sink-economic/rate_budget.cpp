#include "rate_budget.hpp"

#include <algorithm>
#include <regex>

namespace ferry::economic {

using namespace std::chrono;

std::optional<RateLimitStatus> parse_rate_limiting(const std::string& header) {
    static const std::regex form(
        R"(\s*token-limit-(\d+)-per-(\d+)-seconds\s*:\s*(\d+)\s*/\s*(\d+)\s*)");
    std::smatch match;
    if (!std::regex_match(header, match, form))
        return std::nullopt;
    try {
        RateLimitStatus status{std::stol(match[3]), std::stol(match[1]), std::stol(match[2])};
        if (status.limit <= 0 || status.window_seconds <= 0)
            return std::nullopt;
        return status;
    } catch (const std::out_of_range&) {
        return std::nullopt;
    }
}

milliseconds backoff_delay(const BackoffPolicy& policy, int attempt, std::mt19937& random) {
    milliseconds delay = policy.base;
    for (int i = 1; i < attempt && delay < policy.cap; ++i)
        delay *= 2;
    delay = std::min(delay, policy.cap);
    std::uniform_real_distribution<double> jitter(0.5, 1.0);
    return milliseconds(static_cast<long>(delay.count() * jitter(random)));
}

RateBudget::RateBudget(int max_in_flight, sdk::HostServices& host)
    : max_in_flight_(std::max(1, max_in_flight)), host_(host) {}

// Below a tenth of the budget left, requests are spaced by the refill interval of one token,
// which keeps the company just inside its budget instead of running into 429s.
milliseconds RateBudget::wait_needed(steady_clock::time_point now) const {
    milliseconds wait{0};
    if (paused_until_ > now)
        wait = duration_cast<milliseconds>(paused_until_ - now) + 1ms;
    if (last_status_ && last_status_->limit - last_status_->used < last_status_->limit / 10) {
        auto spacing = milliseconds(last_status_->window_seconds * 1000 / last_status_->limit);
        if (last_start_ + spacing > now)
            wait = std::max(wait, duration_cast<milliseconds>(last_start_ + spacing - now) + 1ms);
    }
    return wait;
}

bool RateBudget::acquire() {
    {
        std::unique_lock lock(mutex_);
        while (in_flight_ >= max_in_flight_) {
            if (host_.stop_requested())
                return false;
            slot_freed_.wait_for(lock, 100ms);
        }
        ++in_flight_;
    }
    for (;;) {
        milliseconds wait;
        {
            std::lock_guard lock(mutex_);
            wait = wait_needed(steady_clock::now());
            if (wait <= 0ms) {
                last_start_ = steady_clock::now();
                return true;
            }
        }
        if (!host_.wait_for(wait)) {
            release();
            return false;
        }
    }
}

void RateBudget::release() {
    {
        std::lock_guard lock(mutex_);
        --in_flight_;
    }
    slot_freed_.notify_one();
}

void RateBudget::record(const RateLimitStatus& status) {
    std::lock_guard lock(mutex_);
    last_status_ = status;
}

void RateBudget::pause_for(milliseconds duration) {
    std::lock_guard lock(mutex_);
    paused_until_ = std::max(paused_until_, steady_clock::now() + duration);
}

}  // namespace ferry::economic
