#include "plugins/plugin_boundary.hpp"

namespace ferry {

namespace {

class GuardedSource : public sdk::Source {
  public:
    GuardedSource(std::string plugin, std::shared_ptr<sdk::Source> inner)
        : plugin_(std::move(plugin)), inner_(std::move(inner)) {}
    void list(sdk::ListingVisitor& out) override {
        across_boundary(plugin_, [&] { inner_->list(out); });
    }
    sdk::Result<sdk::Document> read(const sdk::DocumentRef& ref) override {
        return across_boundary(plugin_, [&] { return inner_->read(ref); });
    }

  private:
    std::string plugin_;
    std::shared_ptr<sdk::Source> inner_;
};

class GuardedSink : public sdk::Sink {
  public:
    GuardedSink(std::string plugin, std::shared_ptr<sdk::Sink> inner)
        : plugin_(std::move(plugin)), inner_(std::move(inner)) {}
    sdk::Delivery deliver(const sdk::DeliveryRequest& request) override {
        return across_boundary(plugin_, [&] { return inner_->deliver(request); });
    }
    sdk::Found find(const sdk::DocumentRef& ref, const std::string& reference) override {
        return across_boundary(plugin_, [&] { return inner_->find(ref, reference); });
    }
    std::vector<sdk::Problem> check() override {
        return across_boundary(plugin_, [&] { return inner_->check(); });
    }
    sdk::Result<std::vector<sdk::HeldDocument>> held(const std::string& reference_prefix,
                                                     sdk::Date from, sdk::Date to) override {
        return across_boundary(plugin_, [&] { return inner_->held(reference_prefix, from, to); });
    }
    sdk::Result<sdk::Plan> plan(const sdk::Document& document) override {
        return across_boundary(plugin_, [&] { return inner_->plan(document); });
    }
    sdk::Result<std::vector<sdk::ClosedPeriod>> closed_periods() override {
        return across_boundary(plugin_, [&] { return inner_->closed_periods(); });
    }

  private:
    std::string plugin_;
    std::shared_ptr<sdk::Sink> inner_;
};

class GuardedStore : public sdk::Store {
  public:
    GuardedStore(std::string plugin, std::shared_ptr<sdk::Store> inner)
        : plugin_(std::move(plugin)), inner_(std::move(inner)) {}
    std::optional<sdk::LedgerRecord> find(const sdk::DocumentKey& key) override {
        return across_boundary(plugin_, [&] { return inner_->find(key); });
    }
    std::optional<sdk::LedgerBrief> find_brief(const sdk::DocumentKey& key) override {
        return across_boundary(plugin_, [&] { return inner_->find_brief(key); });
    }
    void save(const sdk::LedgerRecord& record) override {
        across_boundary(plugin_, [&] { inner_->save(record); });
    }
    void scan(const std::function<bool(const sdk::LedgerRecord&)>& visit) override {
        across_boundary(plugin_, [&] { inner_->scan(visit); });
    }
    void scan_state(sdk::State state,
                    const std::function<bool(const sdk::LedgerRecord&)>& visit) override {
        across_boundary(plugin_, [&] { inner_->scan_state(state, visit); });
    }

  private:
    std::string plugin_;
    std::shared_ptr<sdk::Store> inner_;
};

}  // namespace

std::shared_ptr<sdk::Source> guard(std::string plugin, std::shared_ptr<sdk::Source> source) {
    return std::make_shared<GuardedSource>(std::move(plugin), std::move(source));
}
std::shared_ptr<sdk::Sink> guard(std::string plugin, std::shared_ptr<sdk::Sink> sink) {
    return std::make_shared<GuardedSink>(std::move(plugin), std::move(sink));
}
std::shared_ptr<sdk::Store> guard(std::string plugin, std::shared_ptr<sdk::Store> store) {
    return std::make_shared<GuardedStore>(std::move(plugin), std::move(store));
}

}  // namespace ferry
