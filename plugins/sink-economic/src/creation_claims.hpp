// What deliveries are creating on e-conomic right now (a customer, a product), by the keys
// that identify it: a delivery that would create the same thing waits for that creation and
// then looks again, while creations of different things go on side by side. The owner looks
// and claims under its own lock, and waits with it released: its lock, then this one's.
#pragma once

#include <condition_variable>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace ferry::economic {

class CreationClaims {
  public:
    class Claim {
      public:
        Claim(CreationClaims& claims, std::vector<std::string> keys)
            : claims_(&claims), keys_(std::move(keys)) {}
        Claim(Claim&& other) noexcept
            : claims_(std::exchange(other.claims_, nullptr)), keys_(std::move(other.keys_)) {}
        Claim(const Claim&) = delete;
        Claim& operator=(const Claim&) = delete;
        Claim& operator=(Claim&&) = delete;
        ~Claim() {
            if (claims_)
                claims_->release(keys_);
        }

      private:
        CreationClaims* claims_;
        std::vector<std::string> keys_;
    };

    // The right to create what `keys` name, or nothing while another creation holds one.
    std::optional<Claim> try_claim(const std::vector<std::string>& keys) {
        std::lock_guard lock(mutex_);
        if (any_held(keys))
            return std::nullopt;
        held_.insert(keys.begin(), keys.end());
        return Claim(*this, keys);
    }

    // Until no creation holds any of `keys`.
    void wait_for(const std::vector<std::string>& keys) {
        std::unique_lock lock(mutex_);
        released_.wait(lock, [&] { return !any_held(keys); });
    }

  private:
    bool any_held(const std::vector<std::string>& keys) const {
        for (const std::string& key : keys)
            if (held_.contains(key))
                return true;
        return false;
    }
    void release(const std::vector<std::string>& keys) {
        {
            std::lock_guard lock(mutex_);
            for (const std::string& key : keys)
                held_.erase(key);
        }
        released_.notify_all();
    }

    std::mutex mutex_;
    std::condition_variable released_;
    std::set<std::string> held_;
};

}  // namespace ferry::economic
