// source-economic against the SDK's conformance kit: an emulator whose ledger holds two periods
// of entries, booked through its API.
#include "ferry/sdk/testing/conformance.hpp"
#include "booked_ledger.hpp"

using namespace ferry::sdk;

struct EconomicLedger : testing::SourceHarness {
    ferry::economic::testing::BookedLedger ledger;
    EconomicLedger() {
        ledger.book("2026-03-02", "100.00");
        ledger.book("2026-04-02", "250.00");
    }
    std::filesystem::path plugin_file() const override { return FERRY_PLUGIN_FILE; }
    Settings settings(const SettingsTable& table) override {
        return testing::SettingsBuilder(table)
            .set("base_url", ledger.emulator.base_url())
            .set("app_secret_token", ferry::test::emulator_app_secret)
            .set("retry_base", "10ms")
            .set("retry_max", "100ms")
            .set("max_attempts", "2")
            .add("companies", {{"cvr", ferry::economic::testing::BookedLedger::cvr},
                               {"agreement_grant_token", ferry::test::emulator_grant}})
            .build();
    }
    // As e-conomic going away: the emulator is killed.
    bool make_unavailable() override {
        ledger.emulator.kill_hard();
        return true;
    }
};

FERRY_SOURCE_CONFORMANCE("source-economic", EconomicLedger)
