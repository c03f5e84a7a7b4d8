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

std::optional<RateBudget::Sequence> RateBudget::acquire(int cost) {
    {
        std::unique_lock lock(mutex_);
        // Until an answer has said how full the bucket is, one request at a time: a burst
        // sent blind could empty a small budget before anyone knew its size.
        while (in_flight_ >= (answered_ ? max_in_flight_ : 1)) {
            if (host_.stop_requested())
                return std::nullopt;
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
                return next_++;
            }
            // A wait counts the tokens requests in flight hold back as if they had to refill,
            // but each answer gives back what its request held and did not spend. A route's
            // first request holds a quarter of the bucket as last seen: once a smaller bucket
            // is seen (the emulator's limit going from 1,000,000 a minute to 40 per 2 s), that
            // is hours of refill, and such a wait slept whole outlived the pass. So while
            // anything is held back, look again every 100 ms instead.
            if (reserved_ > 0)
                wait = std::min(wait, 100ms);
        }
        if (!host_.wait_for(wait)) {
            free_slot();
            return std::nullopt;
        }
    }
}

void RateBudget::settle(int cost, Sequence sent, const RateLimitStatus& status) {
    {
        std::lock_guard lock(mutex_);
        reserved_ -= cost;
        auto now = steady_clock::now();
        RateLimitStatus seen = status;
        // With several requests in flight, answers overtake one another: the answer to a
        // request sent before the one last seen counts fewer requests, since the server took
        // this one first, so it must not make the bucket look emptier than that answer did.
        if (bucket_ && sent < bucket_sent_)
            seen.used = std::max(seen.used, still_used(now));
        else
            bucket_sent_ = sent;
        bucket_ = seen;
        bucket_seen_at_ = now;
    }
    free_slot();
}

long RateBudget::still_used(steady_clock::time_point now) const {
    double per_ms = static_cast<double>(bucket_->limit) /
                    (static_cast<double>(bucket_->window_seconds) * 1000.0);
    double since = duration<double, std::milli>(now - bucket_seen_at_).count();
    return std::max(0L, bucket_->used - static_cast<long>(per_ms * since));
}

void RateBudget::release(int cost, int spent) {
    {
        std::lock_guard lock(mutex_);
        reserved_ -= cost;
        if (bucket_)
            bucket_->used += spent;
    }
    free_slot();
}

void RateBudget::free_slot() {
    {
        std::lock_guard lock(mutex_);
        --in_flight_;
        answered_ = answered_ || bucket_.has_value();
    }
    slot_freed_.notify_all();
}

void RateBudget::pause_for(milliseconds duration) {
    std::lock_guard lock(mutex_);
    paused_until_ = std::max(paused_until_, steady_clock::now() + duration);
}

std::optional<long> RateBudget::limit() const {
    std::lock_guard lock(mutex_);
    return bucket_ ? std::optional<long>(bucket_->limit) : std::nullopt;
}

}  // namespace ferry::economic
