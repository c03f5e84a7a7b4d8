#include "store_settings.hpp"

namespace ferry::store_lmdb {
namespace {

std::string default_of(std::string_view name) {
    for (const auto& spec : settings_table())
        if (spec.name == name)
            return spec.default_value;
    return {};
}

}  // namespace

namespace {
constexpr int default_map_size_mb = 64;
}  // namespace

const sdk::SettingsTable& settings_table() {
    static const sdk::SettingsTable table = [] {
        sdk::SettingSpec path;
        path.name = "path";
        path.required = true;
        path.description =
            "Folder holding the ledger (created 0700 with files 0600). One folder per pipeline "
            "is the simple choice; pipelines may also share one.";

        sdk::SettingSpec map_size;
        map_size.name = "map_size_mb";
        map_size.type = sdk::SettingType::integer;
        map_size.default_value = std::to_string(default_map_size_mb);
        map_size.description =
            "Initial size of the ledger's memory map in MiB (at least 1). The map doubles "
            "whenever it is full, so this only saves a few early resizes.";

        sdk::SettingSpec durability;
        durability.name = "durability";
        durability.default_value = "sync";
        durability.choices = {"sync", "nometasync", "nosync"};
        durability.description =
            "sync: every state change is on disk when it is recorded (safe against power loss). "
            "nometasync: about twice as fast; a power loss may undo the last state change, never "
            "damages the ledger. nosync: fastest; a power loss may lose recent changes or damage "
            "the ledger - only for ledgers you can throw away. A crash of Ferry alone never loses "
            "anything in any mode.";
        return sdk::SettingsTable{path, map_size, durability};
    }();
    return table;
}

StoreOptions options_from(const sdk::Settings& settings) {
    StoreOptions options;
    options.path = settings.string("path");
    if (options.path.empty())
        throw sdk::Error("settings.missing", settings.where("path") + ": store.path is required");
    std::int64_t megabytes = settings.has("map_size_mb") ? settings.integer("map_size_mb")
                                                         : std::stoll(default_of("map_size_mb"));
    if (megabytes < 1 || megabytes > (std::int64_t(1) << 30))
        throw sdk::Error("settings.range", settings.where("map_size_mb") +
                                               ": map_size_mb must be between 1 and 1073741824");
    options.map_size = static_cast<std::size_t>(megabytes) << 20;
    std::string durability =
        settings.has("durability") ? settings.string("durability") : default_of("durability");
    if (durability == "sync")
        options.durability = Durability::sync;
    else if (durability == "nometasync")
        options.durability = Durability::nometasync;
    else if (durability == "nosync")
        options.durability = Durability::nosync;
    else
        throw sdk::Error("settings.choice", settings.where("durability") +
                                                ": durability must be sync, nometasync or nosync");
    return options;
}

}  // namespace ferry::store_lmdb
