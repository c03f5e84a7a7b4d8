// store-lmdb against the SDK's conformance kit: a fresh ledger folder per check.
#include "ferry/sdk/testing/conformance.hpp"

using namespace ferry::sdk;

struct LmdbLedger : testing::StoreHarness {
    testing::TempFolder folder;

    std::filesystem::path plugin_file() const override { return FERRY_PLUGIN_FILE; }
    Settings settings(const SettingsTable& table) override {
        return testing::SettingsBuilder(table)
            .set("path", (folder.path() / "ledger").string())
            .build();
    }
};

FERRY_STORE_CONFORMANCE("store-lmdb", LmdbLedger)
