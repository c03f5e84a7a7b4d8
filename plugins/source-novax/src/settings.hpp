// The plugin's settings, bound to the configuration the source is made from: the binding is
// the table the host validates against, and the member initializers are the defaults.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "ferry/sdk/date.hpp"
#include "ferry/sdk/duration.hpp"
#include "ferry/sdk/settings_binding.hpp"
#include "oioubl_parser.hpp"
#include "server_settings.hpp"

namespace ferry::novax {

using files::ServerSettings;

struct NovaxSettings {
    std::vector<ServerSettings> servers;
    std::int64_t max_file_mb = default_max_file_mb;
    sdk::Duration settle = sdk::Duration::minutes(1);

    std::size_t max_file_bytes() const { return static_cast<std::size_t>(max_file_mb) << 20; }
};

const sdk::SettingsBinding<NovaxSettings>& settings_binding();
const sdk::SettingsTable& settings_table();

// What cannot work although each value is valid on its own (no server, a location that is no
// folder or share); reads nothing and opens no connection.
std::vector<sdk::SettingsProblem> check_settings(const sdk::Settings& settings);

// Binds validated settings; a location that cannot work is refused when its share is opened.
NovaxSettings read_settings(const sdk::Settings& settings);

}  // namespace ferry::novax
