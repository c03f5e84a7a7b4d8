// Test plugins that throw from the one call named by `throw_in` (the factory is "create"), what
// `throw_what` says: int (throw 42, no exception type at all), runtime_error (its text quoting a
// customer) or sdk_error (a code of the plugin's own, its message quoting the customer). Built
// once per kind, THROWING_KIND selecting which.
#include <stdexcept>

#include "ferry/sdk/sdk.hpp"

namespace {
using namespace ferry::sdk;

struct ThrowingConfig {
    std::string throw_in;
    std::string throw_what = "int";
};

const SettingsBinding<ThrowingConfig>& binding() {
    static const SettingsBinding<ThrowingConfig> table{
        setting("throw_in", &ThrowingConfig::throw_in).required().describe("the call that throws"),
        one_of("throw_what", &ThrowingConfig::throw_what, {"int", "runtime_error", "sdk_error"})
            .describe("what it throws"),
    };
    return table;
}

const SettingsTable& settings_table() {
    return binding().table();
}

// Words the host must never keep: a customer as a careless plugin would quote one.
constexpr const char* quoted_customer = "customer Jens Hansen, CPR 010170-1234, Privatvej 17";

class Thrower {
  public:
    explicit Thrower(const PluginContext& context) : Thrower(binding().bind(context.settings)) {}
    explicit Thrower(const ThrowingConfig& config)
        : call_(config.throw_in), what_(config.throw_what) {
        throw_if("create");
    }
    void throw_if(const char* call) const {
        if (call_ != call)
            return;
        if (what_ == "runtime_error")
            throw std::runtime_error(std::string("cannot go on with ") + quoted_customer);
        if (what_ == "sdk_error")
            throw Error("throwing.own_code", std::string("cannot go on with ") + quoted_customer);
        throw 42;
    }

  private:
    std::string call_, what_;
};

class ThrowingSource : public Source {
  public:
    explicit ThrowingSource(const PluginContext& context) : thrower_(context) {}
    void list(ListingVisitor&) override { thrower_.throw_if("list"); }
    ReadOutcome read(const DocumentRef&) override {
        thrower_.throw_if("read");
        return ReadOutcome::read(Document{});
    }

  private:
    Thrower thrower_;
};

class ThrowingSink : public Sink {
  public:
    explicit ThrowingSink(const PluginContext& context) : thrower_(context) {}
    Delivery deliver(const DeliveryRequest&) override {
        thrower_.throw_if("deliver");
        return Delivery::delivered({{"id", "1"}});
    }
    Found find(const DocumentRef&, const std::string&) override {
        thrower_.throw_if("find");
        return {};
    }
    std::vector<Problem> check() override {
        thrower_.throw_if("check");
        return {};
    }
    Result<std::vector<HeldDocument>> held(const std::string&, Date, Date) override {
        thrower_.throw_if("held");
        return std::vector<HeldDocument>{};
    }
    Result<Plan> plan(const Document&) override {
        thrower_.throw_if("plan");
        return Plan{};
    }
    Result<std::vector<ClosedPeriod>> closed_periods() override {
        thrower_.throw_if("closed_periods");
        return std::vector<ClosedPeriod>{};
    }

  private:
    Thrower thrower_;
};

class ThrowingStore : public Store {
  public:
    explicit ThrowingStore(const PluginContext& context) : thrower_(context) {}
    std::optional<LedgerRecord> find(const DocumentKey&) override {
        thrower_.throw_if("find");
        return std::nullopt;
    }
    std::optional<LedgerBrief> find_brief(const DocumentKey&) override {
        thrower_.throw_if("find_brief");
        return std::nullopt;
    }
    void save(const LedgerRecord&) override { thrower_.throw_if("save"); }
    void scan(const std::function<bool(const LedgerRecord&)>&) override {
        thrower_.throw_if("scan");
    }
    void scan_state(State, const std::function<bool(const LedgerRecord&)>&) override {
        thrower_.throw_if("scan_state");
    }

  private:
    Thrower thrower_;
};

template <class Interface, class Implementation>
std::unique_ptr<Interface> create(const PluginContext& context) {
    return std::make_unique<Implementation>(context);
}

}  // namespace

#if THROWING_KIND == 0
FERRY_PLUGIN(describe_source("source-throwing", "0.1.0", "Test source that throws",
                             {DocumentKind::invoice}, &settings_table,
                             &create<Source, ThrowingSource>));
#elif THROWING_KIND == 1
FERRY_PLUGIN(describe_sink("sink-throwing", "0.1.0", "Test sink that throws",
                           {DocumentKind::invoice}, &settings_table, &create<Sink, ThrowingSink>));
#else
FERRY_PLUGIN(describe_store("store-throwing", "0.1.0", "Test store that throws", &settings_table,
                            &create<Store, ThrowingStore>));
#endif
