// Fortnox's limit: at most N requests in any window of S seconds per client and tenant (25 per
// 5 s by default); a request over it is answered 429 and does not count.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <string>

namespace fortnox_emulator {

class RateLimiter {
  public:
    using Clock = std::chrono::steady_clock;

    RateLimiter(int requests, double seconds)
        : requests_(requests),
          window_(
              std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds))) {
    }

    // True when the request may proceed (and is counted).
    bool take(const std::string& key, Clock::time_point now = Clock::now());

  private:
    int requests_;
    Clock::duration window_;
    std::map<std::string, std::deque<Clock::time_point>> recent_;
};

}  // namespace fortnox_emulator
