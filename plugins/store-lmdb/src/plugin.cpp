// The store-lmdb plugin: its descriptor and factory.
#include "ferry/sdk/plugin.hpp"
#include "lmdb_store.hpp"

namespace {

const ferry::sdk::SettingsTable& table() {
    return ferry::store_lmdb::settings_table();
}

std::unique_ptr<ferry::sdk::Store> create(const ferry::sdk::PluginContext& context) {
    return std::make_unique<ferry::store_lmdb::LmdbStore>(
        ferry::store_lmdb::options_from(context.settings), std::string(context.pipeline),
        context.access, context.host);
}

}  // namespace

FERRY_PLUGIN(ferry::sdk::describe_store(
    "store-lmdb", "0.1.0", "Transfer ledger in LMDB: crash-safe, single writer, no personal data",
    &table, &create));
