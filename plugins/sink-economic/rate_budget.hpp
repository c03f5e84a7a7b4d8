// One company's (one agreement's) request budget, shared by every request for that company:
// e-conomic counts tokens per agreement, so a 429 slows the whole company, not one document.
#pragma once

#include <chrono>
#include <condition_variable>
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

class RateBudget {
  public:
    RateBudget(int max_in_flight, sdk::HostServices& host);

    // Waits for a free slot, for a pause to end, and for pacing when the budget runs low.
    // Returns false if the host asked to stop while waiting.
    bool acquire();
    void release();

    void record(const RateLimitStatus& status);
    void pause_for(std::chrono::milliseconds duration);

  private:
    std::chrono::milliseconds wait_needed(std::chrono::steady_clock::time_point now) const;

    const int max_in_flight_;
    sdk::HostServices& host_;
    mutable std::mutex mutex_;
    std::condition_variable slot_freed_;
    int in_flight_ = 0;
    std::chrono::steady_clock::time_point paused_until_{};
    std::chrono::steady_clock::time_point last_start_{};
    std::optional<RateLimitStatus> last_status_;
};

// Holds a slot of a RateBudget for one request.
class BudgetSlot {
  public:
    explicit BudgetSlot(RateBudget& budget) : budget_(budget), held_(budget.acquire()) {}
    ~BudgetSlot() {
        if (held_)
            budget_.release();
    }
    BudgetSlot(const BudgetSlot&) = delete;
    BudgetSlot& operator=(const BudgetSlot&) = delete;
    bool held() const { return held_; }

  private:
    RateBudget& budget_;
    bool held_;
};

}  // namespace ferry::economic
