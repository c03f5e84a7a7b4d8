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

// The bucket as last seen, refilled since, less what requests in flight will take. The last
// header counts tokens used rounded up and was read after the server answered, so the estimate
// errs on the side of fewer tokens.
milliseconds RateBudget::wait_needed(steady_clock::time_point now, int cost) const {
    milliseconds wait{0};
    if (paused_until_ > now)
        wait = duration_cast<milliseconds>(paused_until_ - now) + 1ms;
    if (bucket_) {
        double limit = static_cast<double>(bucket_->limit);
        double per_ms = limit / (static_cast<double>(bucket_->window_seconds) * 1000.0);
        double since = duration<double, std::milli>(now - bucket_seen_at_).count();
        double available =
            std::min(limit, limit - static_cast<double>(bucket_->used) + per_ms * since) -
            static_cast<double>(reserved_);
        double needed = std::min(static_cast<double>(cost), limit);
        if (available < needed)
            wait = std::max(wait,
                            milliseconds(static_cast<long>((needed - available) / per_ms)) + 1ms);
    }
    return wait;
}

bool RateBudget::acquire(int cost) {
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
            wait = wait_needed(steady_clock::now(), cost);
            if (wait <= 0ms) {
                reserved_ += cost;
                return true;
            }
        }
        if (!host_.wait_for(wait)) {
            free_slot();
            return false;
        }
    }
}

void RateBudget::settle(int cost, const RateLimitStatus& status) {
    {
        std::lock_guard lock(mutex_);
        reserved_ -= cost;
        bucket_ = status;
        bucket_seen_at_ = steady_clock::now();
    }
    free_slot();
}

void RateBudget::release(int cost) {
    {
        std::lock_guard lock(mutex_);
        reserved_ -= cost;
        if (bucket_)
            bucket_->used += cost;
    }
    free_slot();
}

void RateBudget::free_slot() {
    {
        std::lock_guard lock(mutex_);
        --in_flight_;
    }
    slot_freed_.notify_one();
}

void RateBudget::pause_for(milliseconds duration) {
    std::lock_guard lock(mutex_);
    paused_until_ = std::max(paused_until_, steady_clock::now() + duration);
}

}  // namespace ferry::economic
