#include "rate_window.hpp"

namespace ferry::fortnox {

RateWindow::Slot RateWindow::acquire() {
    std::unique_lock lock(mutex_);
    for (;;) {
        const Clock::time_point now = Clock::now();
        while (!released_.empty() && released_.front() <= now)
            released_.pop_front();
        if (in_flight_ + static_cast<int>(released_.size()) < requests_)
            break;
        if (released_.empty())
            changed_.wait(lock);
        else
            changed_.wait_until(lock, released_.front());
    }
    ++in_flight_;
    return Slot(*this);
}

void RateWindow::release() {
    {
        std::lock_guard lock(mutex_);
        --in_flight_;
        released_.push_back(Clock::now() + window_);
    }
    changed_.notify_all();
}

int RateWindow::held() const {
    std::lock_guard lock(mutex_);
    const Clock::time_point now = Clock::now();
    int held = in_flight_;
    for (Clock::time_point until : released_)
        held += until > now ? 1 : 0;
    return held;
}

}  // namespace ferry::fortnox
