#include "settings.hpp"

namespace ferry::store_lmdb {

const sdk::SettingsBinding<StoreOptions>& settings_binding() {
    using sdk::choice, sdk::setting;
    static const sdk::SettingsBinding<StoreOptions> binding{
        setting("path", &StoreOptions::path)
            .required()
            .pattern(".+")
            .describe("Folder holding the ledger (created 0700 with files 0600). One folder per "
                      "pipeline is the simple choice; pipelines may also share one."),
        setting("map_size_mb", &StoreOptions::map_size_mb)
            .range(1, std::int64_t(1) << 30)
            .describe("Initial size of the ledger's memory map in MiB. The map doubles whenever "
                      "it is full, so this only saves a few early resizes. It reserves address "
                      "space, not "
                      "disk."),
        choice("durability", &StoreOptions::durability,
               {{"sync", Durability::sync},
                {"nometasync", Durability::nometasync},
                {"nosync", Durability::nosync}})
            .describe(
                "sync: every state change is on disk when it is recorded (safe against power "
                "loss). nometasync: about twice as fast; a power loss may undo the last state "
                "change, never damages the ledger. nosync: fastest; a power loss may lose recent "
                "changes or damage the ledger - only for ledgers you can throw away. A crash of "
                "Ferry alone never loses anything in any mode."),
    };
    return binding;
}

const sdk::SettingsTable& settings_table() {
    return settings_binding().table();
}

StoreOptions options_from(const sdk::Settings& settings) {
    return settings_binding().bind(settings);
}

}  // namespace ferry::store_lmdb
