// Test store: the ledger in memory, shared by every store this process opens under the same
// `name`, so a test can "crash" a runner and start a new one on what was committed.
#include <map>
#include <mutex>
#include <vector>

#include "ferry/sdk/sdk.hpp"

namespace {
using namespace ferry::sdk;

struct MemoryConfig {
    std::string name = "default";
    std::optional<State> refuse_saves_in;
};

const SettingsBinding<MemoryConfig>& binding() {
    static const SettingsBinding<MemoryConfig> table{
        setting("name", &MemoryConfig::name).describe("ledgers with the same name are shared"),
        choice("refuse_saves_in", &MemoryConfig::refuse_saves_in,
               {{"delivered", State::delivered},
                {"retry-later", State::retry_later},
                {"rejected", State::rejected}})
            .describe("saving a record in this state fails, as when the host dies just before "
                      "recording it"),
    };
    return table;
}

const SettingsTable& settings_table() {
    return binding().table();
}

struct Ledger {
    std::mutex mutex;
    std::map<std::string, LedgerRecord> records;
};

Ledger& ledger_named(const std::string& name) {
    static std::mutex mutex;
    static std::map<std::string, Ledger> ledgers;
    std::lock_guard lock(mutex);
    return ledgers[name];
}

class MemoryStore : public Store {
  public:
    explicit MemoryStore(const PluginContext& context)
        : MemoryStore(binding().bind(context.settings), context) {}
    MemoryStore(const MemoryConfig& config, const PluginContext& context)
        : ledger_(ledger_named(std::string(context.pipeline) + "/" + config.name)),
          read_only_(context.access == Access::read_only),
          refused_state_(config.refuse_saves_in) {}

    std::optional<LedgerRecord> find(const DocumentKey& key) override {
        std::lock_guard lock(ledger_.mutex);
        auto it = ledger_.records.find(key.str());
        if (it == ledger_.records.end())
            return std::nullopt;
        return it->second;
    }

    void save(const LedgerRecord& record) override {
        if (read_only_)
            throw Error("memory.read_only", "this ledger was opened read-only");
        if (refused_state_ == record.state)
            throw Error("memory.refused", "told to refuse saving a record in state " +
                                              std::string(to_string(record.state)));
        std::lock_guard lock(ledger_.mutex);
        ledger_.records[record.key.str()] = record;
    }

    void scan(const std::function<bool(const LedgerRecord&)>& visit) override {
        std::lock_guard lock(ledger_.mutex);
        for (const auto& [key, record] : ledger_.records)
            if (!visit(record))
                return;
    }

    // Its own rather than the SDK's default, so the host's tests run a store that answers
    // from an index the way store-lmdb does.
    void scan_state(State state, const std::function<bool(const LedgerRecord&)>& visit) override {
        std::vector<LedgerRecord> in_state;
        {
            std::lock_guard lock(ledger_.mutex);
            for (const auto& [key, record] : ledger_.records)
                if (record.state == state)
                    in_state.push_back(record);
        }
        for (const LedgerRecord& record : in_state)
            if (!visit(record))
                return;
    }

  private:
    Ledger& ledger_;
    bool read_only_;
    std::optional<State> refused_state_;
};

std::unique_ptr<Store> create(const PluginContext& context) {
    return std::make_unique<MemoryStore>(context);
}

}  // namespace

// Built a second time as store-memory-invoices-era, as if with an SDK that knew only invoices:
// the host must not give it a kind it cannot name.
#if defined(KNOWS_INVOICES_ONLY)
constexpr PluginDescriptor invoices_era_descriptor() {
    PluginDescriptor d =
        describe_store("store-memory-invoices-era", "0.1.0", "Test ledger from before credit notes",
                       &settings_table, &create);
    d.known_kinds = {DocumentKind::invoice};
    return d;
}
FERRY_PLUGIN(invoices_era_descriptor());
#else
FERRY_PLUGIN(describe_store("store-memory", "0.1.0", "Test ledger kept in memory", &settings_table,
                            &create));
#endif
