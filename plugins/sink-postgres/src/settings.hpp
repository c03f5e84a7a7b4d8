// sink-postgres's settings, bound into PostgresConfig: each default is the member's initializer.
#pragma once

#include <ferry/sdk/sdk.hpp>
#include <string>

namespace ferry::postgres {

enum class EntryTexts { drop, keep };

struct PostgresConfig {
    std::string host = "127.0.0.1";
    int port = 5432;
    std::string database;
    std::string user;
    std::string password;
    std::string schema = "ferry";
    std::string sslmode = "prefer";
    sdk::Duration connect_timeout = sdk::Duration::seconds(10);
    EntryTexts entry_texts = EntryTexts::drop;
};

const sdk::SettingsBinding<PostgresConfig>& settings_binding();
const sdk::SettingsTable& settings_table();

}  // namespace ferry::postgres
