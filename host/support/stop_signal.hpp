// Shared "please stop" flag that sleeping code wakes up for.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace ferry {

class StopSignal {
  public:
    void request() {
        {
            std::lock_guard lock(mutex_);
            stopped_ = true;
        }
        wake_.notify_all();
    }
    bool requested() const { return stopped_; }

    // False when woken by a stop request.
    bool wait_for(std::chrono::milliseconds duration) {
        std::unique_lock lock(mutex_);
        return !wake_.wait_for(lock, duration, [this] { return stopped_.load(); });
    }

  private:
    std::atomic<bool> stopped_{false};
    std::mutex mutex_;
    std::condition_variable wake_;
};

}  // namespace ferry
