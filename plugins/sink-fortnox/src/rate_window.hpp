// Fortnox's limit (25 requests per 5 s, sliding, per integration and company) kept on Ferry's
// side, so a 429 is not the way Ferry learns it went too fast. A request holds its place in
// the window from the moment it is sent until `window` after its answer arrived: however long
// it travelled, Fortnox counted it somewhere in between, so Fortnox never sees more in any
// window than Ferry allowed.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>

namespace ferry::fortnox {

class RateWindow {
  public:
    using Clock = std::chrono::steady_clock;

    RateWindow(int requests, std::chrono::milliseconds window)
        : requests_(requests), window_(window) {}

    // Waits until a request may be sent; the place is held until the Slot is released.
    class Slot {
      public:
        explicit Slot(RateWindow& owner) : owner_(&owner) {}
        Slot(Slot&& other) noexcept : owner_(other.owner_) { other.owner_ = nullptr; }
        Slot(const Slot&) = delete;
        Slot& operator=(const Slot&) = delete;
        Slot& operator=(Slot&&) = delete;
        ~Slot() {
            if (owner_)
                owner_->release();
        }

      private:
        RateWindow* owner_;
    };

    Slot acquire();

    // Requests sent and not yet answered, plus those answered within the window.
    int held() const;

  private:
    void release();

    const int requests_;
    const std::chrono::milliseconds window_;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    int in_flight_ = 0;
    std::deque<Clock::time_point> released_;  // when each answered request leaves the window
};

}  // namespace ferry::fortnox
