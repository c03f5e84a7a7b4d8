#include "engine/company_lanes.hpp"

#include <algorithm>

namespace ferry {

CompanyLanes::CompanyLanes(const std::vector<sdk::DocumentRef>& documents, std::size_t per_company)
    : per_company_(std::max<std::size_t>(1, per_company)) {
    for (const sdk::DocumentRef& document : documents)
        lanes_[document.key.company].waiting.push_back(&document);
    waiting_ = documents.size();
    turn_ = lanes_.begin();
}

const sdk::DocumentRef* CompanyLanes::take() {
    std::unique_lock lock(mutex_);
    for (;;) {
        if (closed_ || waiting_ == 0)
            return nullptr;
        // From the lane after the one served last, round the ring once.
        for (std::size_t looked = 0; looked < lanes_.size(); ++looked) {
            Lane& lane = turn_->second;
            if (++turn_ == lanes_.end())
                turn_ = lanes_.begin();
            if (!lane.waiting.empty() && lane.out < per_company_) {
                const sdk::DocumentRef* document = lane.waiting.front();
                lane.waiting.pop_front();
                ++lane.out;
                --waiting_;
                return document;
            }
        }
        freed_.wait(lock);
    }
}

void CompanyLanes::done(const sdk::DocumentRef& document) {
    {
        std::lock_guard lock(mutex_);
        --lanes_.at(document.key.company).out;
    }
    freed_.notify_all();
}

void CompanyLanes::close() {
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
    }
    freed_.notify_all();
}

}  // namespace ferry
