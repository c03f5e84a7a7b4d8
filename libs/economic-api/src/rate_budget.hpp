// One company's (one agreement's) request budget, shared by every request for that company:
// e-conomic counts tokens per agreement, so a 429 slows the whole company, not one document.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <string>

#include "ferry/sdk/host.hpp"

namespace ferry::economic {

struct RateLimitStatus {
    long used = 0;
    long limit = 0;
    long window_seconds = 0;
};

// Parses "token-limit-<L>-per-<S>-seconds: <used>/<L>".
std::optional<RateLimitStatus> parse_rate_limiting(const std::string& header);

struct BackoffPolicy {
    std::chrono::milliseconds base{500};
    std::chrono::milliseconds cap{30'000};
};

// base × 2^(attempt-1), capped, scaled by a random factor in [0.5, 1] so that clients that
// failed together do not retry together.
std::chrono::milliseconds backoff_delay(const BackoffPolicy& policy, int attempt,
                                        std::mt19937& random);

// A client-side copy of the agreement's token bucket: each answer's X-RateLimiting header says
// how full it is; between answers it refills at limit/window tokens a second. A request waits
// until the bucket holds its cost beyond what requests in flight will take, so the company
// spends its budget as fast as it refills without ever being answered 429.
class RateBudget {
  public:
    // The order in which requests were let go, so an answer that arrives after a later
    // request's is known as the older one.
    using Sequence = std::uint64_t;

    RateBudget(int max_in_flight, sdk::HostServices& host);

    // Waits for a free slot, for a pause to end, and until the bucket holds `cost` tokens.
    // Returns nothing if the host asked to stop while waiting.
    std::optional<Sequence> acquire(int cost);
    // The answer to request `sent` carried the bucket's state, this request included.
    void settle(int cost, Sequence sent, const RateLimitStatus& status);
    // No answer told us the bucket's state: count the request as having spent `spent`, its
    // expected cost (which may be less than the `cost` it held back while in flight).
    void release(int cost, int spent);

    void pause_for(std::chrono::milliseconds duration);
    // The bucket's size, once an answer has said it.
    std::optional<long> limit() const;

  private:
    std::chrono::milliseconds wait_needed(std::chrono::steady_clock::time_point now,
                                          int cost) const;
    void free_slot();
    // Tokens the bucket as last seen still holds used at `now`, after its refill.
    long still_used(std::chrono::steady_clock::time_point now) const;

    const int max_in_flight_;
    sdk::HostServices& host_;
    mutable std::mutex mutex_;
    std::condition_variable slot_freed_;
    int in_flight_ = 0;
    bool answered_ = false;  // an answer told the bucket's state: more than one may go
    long reserved_ = 0;      // tokens the requests in flight will take
    std::chrono::steady_clock::time_point paused_until_{};
    std::optional<RateLimitStatus> bucket_;  // limit and window, and `used` as last seen …
    std::chrono::steady_clock::time_point bucket_seen_at_{};  // … at this moment …
    Sequence bucket_sent_ = 0;                                // … in the answer to this one
    Sequence next_ = 1;
};

// Holds a slot of a RateBudget for one request of an expected cost.
class BudgetSlot {
  public:
    // `cost`: the tokens held back while the request is in flight; `spent`: what it is taken
    // to have cost when no answer says (at most `cost`).
    BudgetSlot(RateBudget& budget, int cost, int spent)
        : budget_(budget),
          cost_(cost),
          spent_(spent),
          sent_(budget.acquire(cost)),
          held_(sent_.has_value()) {}
    ~BudgetSlot() {
        if (held_)
            budget_.release(cost_, spent_);
    }
    BudgetSlot(const BudgetSlot&) = delete;
    BudgetSlot& operator=(const BudgetSlot&) = delete;
    bool held() const { return held_; }
    void settle(const RateLimitStatus& status) {
        if (held_)
            budget_.settle(cost_, *sent_, status);
        held_ = false;
    }

  private:
    RateBudget& budget_;
    int cost_;
    int spent_;
    std::optional<RateBudget::Sequence> sent_;
    bool held_;
};

}  // namespace ferry::economic
