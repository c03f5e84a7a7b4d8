// Hands a pass's documents to the threads that deliver them: each company's in the order the
// pass sorted them, at most `per_company` of one company out at once, and companies in turn,
// so one company's backlog does not hold up another's.
#pragma once

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "ferry/sdk/source.hpp"

namespace ferry {

class CompanyLanes {
  public:
    CompanyLanes(const std::vector<sdk::DocumentRef>& documents, std::size_t per_company);

    // The next document to act on, or nullptr once every one was handed out or close() was
    // called. Waits while each company with documents left has its maximum out.
    const sdk::DocumentRef* take();
    // The document take() gave is done with: its company may have another out.
    void done(const sdk::DocumentRef& document);
    // Hands out nothing more (a stop, or a ledger that cannot be written).
    void close();

    std::size_t companies() const { return lanes_.size(); }

  private:
    struct Lane {
        std::deque<const sdk::DocumentRef*> waiting;
        std::size_t out = 0;
    };

    const std::size_t per_company_;
    std::mutex mutex_;
    std::condition_variable freed_;
    std::map<std::string, Lane> lanes_;
    std::map<std::string, Lane>::iterator turn_;
    std::size_t waiting_ = 0;
    bool closed_ = false;
};

}  // namespace ferry
