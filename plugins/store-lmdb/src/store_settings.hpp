// The settings of store-lmdb: the table the host validates pipeline files against, and the
// typed options the store is opened with.
#pragma once

#include <cstddef>
#include <string>

#include "ferry/sdk/settings.hpp"

namespace ferry::store_lmdb {

enum class Durability {
    sync,        // every commit flushed data and meta pages: durable when save() returns
    nometasync,  // meta page flushed by the next commit: power loss may undo the last one
    nosync,      // nothing flushed: power loss may lose recent commits or damage the ledger
};

struct StoreOptions {
    std::string path;                  // the ledger folder
    std::size_t map_size = 64u << 20;  // initial LMDB map size in bytes; grows when full
    Durability durability = Durability::sync;
};

const sdk::SettingsTable& settings_table();

// Reads validated settings; an absent optional setting takes its default from the table.
StoreOptions options_from(const sdk::Settings& settings);

}  // namespace ferry::store_lmdb
