#include "plugins/plugin_boundary.hpp"

#include <cxxabi.h>

#include <cstdlib>
#include <mutex>
#include <typeinfo>

namespace ferry {

namespace {

// The current exception's type as a person reads it ("std::runtime_error", "int"), copied
// out while the library that may define it is loaded.
std::string current_exception_type() {
    const std::type_info* type = abi::__cxa_current_exception_type();
    if (!type)
        return "an exception of unknown type";
    int status = 0;
    char* readable = abi::__cxa_demangle(type->name(), nullptr, nullptr, &status);
    std::string name = status == 0 && readable ? readable : type->name();
    std::free(readable);
    return name;
}

void filter(sdk::Problem& problem, const sdk::Document* document = nullptr) {
    problem.message = without_personal_data(problem.message, document);
}

void filter(std::vector<sdk::Problem>& problems) {
    for (sdk::Problem& problem : problems)
        filter(problem);
}

template <class T>
sdk::Result<T> filtered(sdk::Result<T> result, const sdk::Document* document = nullptr) {
    if (!result) {
        sdk::Problem problem = result.problem();
        filter(problem, document);
        return problem;
    }
    return result;
}

// Hands the host's visitor what the source lists, its words filtered on the way.
class FilteringVisitor final : public sdk::ListingVisitor {
  public:
    explicit FilteringVisitor(sdk::ListingVisitor& out) : out_(out) {}
    void document(sdk::DocumentRef ref) override {
        if (ref.skip)
            filter(*ref.skip);
        out_.document(std::move(ref));
    }
    void problem(sdk::Problem problem) override {
        filter(problem);
        out_.problem(std::move(problem));
    }
    void ignored(std::size_t count) override { out_.ignored(count); }

  private:
    sdk::ListingVisitor& out_;
};

// The source's declared numbering, each call into it guarded like the source's own.
class GuardedNumberSeriesRule final : public sdk::NumberSeriesRule {
  public:
    GuardedNumberSeriesRule(std::string plugin, const sdk::NumberSeriesRule& inner)
        : plugin_(std::move(plugin)), inner_(inner) {}
    std::optional<sdk::SeriesPlace> place(const sdk::DocumentKey& key) const override {
        return across_boundary(plugin_, "number_series().place", [&] { return inner_.place(key); });
    }
    std::string number_at(const std::string& example, std::uint64_t position) const override {
        return across_boundary(plugin_, "number_series().number_at",
                               [&] { return inner_.number_at(example, position); });
    }

  private:
    std::string plugin_;
    const sdk::NumberSeriesRule& inner_;
};

// Each class overrides every virtual method of its interface (tests/host/plugin_boundary_test
// compares them with the SDK's headers): a method left out would call the plugin unguarded.
class GuardedSource final : public sdk::Source {
  public:
    GuardedSource(std::string plugin, std::shared_ptr<sdk::Source> inner)
        : plugin_(std::move(plugin)), inner_(std::move(inner)) {
        if (auto* rule =
                across_boundary(plugin_, "number_series", [&] { return inner_->number_series(); }))
            number_series_.emplace(plugin_, *rule);
    }
    void list(sdk::ListingVisitor& out) override {
        FilteringVisitor filtering(out);
        across_boundary(plugin_, "list", [&] { inner_->list(filtering); });
    }
    sdk::ReadOutcome read(const sdk::DocumentRef& ref) override {
        sdk::ReadOutcome outcome =
            across_boundary(plugin_, "read", [&] { return inner_->read(ref); });
        if (outcome.status != sdk::ReadOutcome::Status::read)
            filter(outcome.problem);
        return outcome;
    }
    const sdk::NumberSeriesRule* number_series() const override {
        return number_series_ ? &*number_series_ : nullptr;
    }

  private:
    std::string plugin_;
    std::shared_ptr<sdk::Source> inner_;
    std::optional<GuardedNumberSeriesRule> number_series_;
};

class GuardedSink final : public sdk::Sink {
  public:
    GuardedSink(std::string plugin, std::shared_ptr<sdk::Sink> inner)
        : plugin_(std::move(plugin)), inner_(std::move(inner)) {}
    sdk::Delivery deliver(const sdk::DeliveryRequest& request) override {
        const sdk::Document* document = &request.document;
        sdk::Delivery delivery = across_boundary(
            plugin_, "deliver", [&] { return inner_->deliver(request); }, document);
        filter(delivery.problem, document);
        return delivery;
    }
    sdk::Found find(const sdk::DocumentRef& ref, const std::string& reference) override {
        return across_boundary(plugin_, "find", [&] { return inner_->find(ref, reference); });
    }
    std::vector<sdk::Problem> check() override {
        std::vector<sdk::Problem> problems =
            across_boundary(plugin_, "check", [&] { return inner_->check(); });
        filter(problems);
        return problems;
    }
    sdk::Result<std::vector<sdk::HeldDocument>> held(const std::string& reference_prefix,
                                                     sdk::Date from, sdk::Date to) override {
        return filtered(across_boundary(plugin_, "held",
                                        [&] { return inner_->held(reference_prefix, from, to); }));
    }
    sdk::Result<sdk::Plan> plan(const sdk::Document& document) override {
        sdk::Result<sdk::Plan> plan =
            filtered(across_boundary(
                         plugin_, "plan", [&] { return inner_->plan(document); }, &document),
                     &document);
        if (plan) {
            for (sdk::PlannedStep& step : plan.value().steps)
                step.text = without_personal_data(step.text, &document);
            if (plan.value().rejection)
                filter(*plan.value().rejection, &document);
        }
        return plan;
    }
    sdk::Result<std::vector<sdk::ClosedPeriod>> closed_periods() override {
        return filtered(
            across_boundary(plugin_, "closed_periods", [&] { return inner_->closed_periods(); }));
    }
    // The customers themselves go to the person linking them, so only a failure is filtered.
    sdk::Result<std::vector<sdk::TargetCustomer>> customers(const std::string& company) override {
        return filtered(
            across_boundary(plugin_, "customers", [&] { return inner_->customers(company); }));
    }

  private:
    std::string plugin_;
    std::shared_ptr<sdk::Sink> inner_;
};

class GuardedStore final : public sdk::Store {
  public:
    GuardedStore(std::string plugin, std::shared_ptr<sdk::Store> inner)
        : plugin_(std::move(plugin)), inner_(std::move(inner)) {}
    std::optional<sdk::LedgerRecord> find(const sdk::DocumentKey& key) override {
        std::lock_guard lock(one_call_);
        return across_boundary(plugin_, "find", [&] { return inner_->find(key); });
    }
    std::optional<sdk::LedgerBrief> find_brief(const sdk::DocumentKey& key) override {
        std::lock_guard lock(one_call_);
        return across_boundary(plugin_, "find_brief", [&] { return inner_->find_brief(key); });
    }
    void save(const sdk::LedgerRecord& record) override {
        std::lock_guard lock(one_call_);
        across_boundary(plugin_, "save", [&] { inner_->save(record); });
    }
    void scan(const std::function<bool(const sdk::LedgerRecord&)>& visit) override {
        std::lock_guard lock(one_call_);
        across_boundary(plugin_, "scan", [&] { inner_->scan(visit); });
    }
    void scan_state(sdk::State state,
                    const std::function<bool(const sdk::LedgerRecord&)>& visit) override {
        std::lock_guard lock(one_call_);
        across_boundary(plugin_, "scan_state", [&] { inner_->scan_state(state, visit); });
    }

  private:
    std::string plugin_;
    std::shared_ptr<sdk::Store> inner_;
    // The SDK promises a store one call at a time. A pass keeps it, and so does the operator
    // page reading a ledger while a pass runs; recursive, since scan_state's visitor may save().
    std::recursive_mutex one_call_;
};

}  // namespace

sdk::Error withheld_exception(const std::string& plugin, std::string_view call) {
    return sdk::Error(
        "plugin.exception",
        plugin + ": " + std::string(call) + "() threw " + current_exception_type() +
            ", not ferry::sdk::Error; its text is withheld, since a plugin's own text may hold "
            "personal data. Run the plugin's own tests to see it, and have its author throw "
            "ferry::sdk::Error with a stable code where no value can be returned");
}

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
