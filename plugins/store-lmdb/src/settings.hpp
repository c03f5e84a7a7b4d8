// The settings of store-lmdb, bound to the options the store is opened with: the binding is the
// table the host validates pipeline files against, and the member initializers are the defaults.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "ferry/sdk/settings_binding.hpp"

namespace ferry::store_lmdb {

enum class Durability {
    sync,        // every commit flushed data and meta pages: durable when save() returns
    nometasync,  // meta page flushed by the next commit: power loss may undo the last one
    nosync,      // nothing flushed: power loss may lose recent commits or damage the ledger
};

struct StoreOptions {
    std::string path;               // the ledger folder
    std::int64_t map_size_mb = 64;  // initial LMDB map size; grows when full
    Durability durability = Durability::sync;

    std::size_t map_size_bytes() const { return static_cast<std::size_t>(map_size_mb) << 20; }
};

const sdk::SettingsBinding<StoreOptions>& settings_binding();
const sdk::SettingsTable& settings_table();

// Reads validated settings; what is not given keeps its default.
StoreOptions options_from(const sdk::Settings& settings);

}  // namespace ferry::store_lmdb
