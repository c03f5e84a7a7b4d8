// The `servers` setting every plugin reading files from folders or SMB shares has: one binding,
// so the settings read and default the same in every such plugin's pipeline file and README.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ferry/sdk/date.hpp"
#include "ferry/sdk/settings_binding.hpp"
#include "share.hpp"

namespace ferry::files {

struct ServerSettings {
    std::string location;
    std::string domain;
    std::string username;
    std::string password;
    std::optional<sdk::Date> first_date;
    bool inactive = false;

    ServerAccess access() const { return {location, domain, username, password}; }
};

// One item of `servers`; `first_date` says what its date is in the plugin's own words.
sdk::SettingsBinding<ServerSettings> server_settings_binding(std::string first_date_description);

// No server at all, or a location that cannot work, as `<code_prefix>.settings.servers` and
// `<code_prefix>.settings.location`; reads nothing and opens no connection.
std::vector<sdk::SettingsProblem> check_servers(const sdk::Settings& settings,
                                                const std::string& code_prefix);

}  // namespace ferry::files
