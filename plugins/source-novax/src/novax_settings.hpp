// The plugin's settings table (the single source of truth the host validates against) and the
// typed view of the validated values.
#pragma once

#include <optional>
#include <vector>

#include "ferry/sdk/date.hpp"
#include "ferry/sdk/settings.hpp"
#include "share.hpp"

namespace ferry::novax {

struct ServerSettings {
    ServerAccess access;
    std::optional<sdk::Date> first_date;
    bool inactive = false;
};

struct NovaxSettings {
    std::vector<ServerSettings> servers;
    std::size_t max_file_bytes = 0;
};

const sdk::SettingsTable& settings_table();

// Throws sdk::Error (novax.settings.*) when validated values still cannot work.
NovaxSettings read_settings(const sdk::Settings& settings);

}  // namespace ferry::novax
