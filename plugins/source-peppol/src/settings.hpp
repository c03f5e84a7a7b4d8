// The plugin's settings, bound to the configuration the source is made from: the binding is
// the table the host validates against, and the member initializers are the defaults.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ferry/sdk/duration.hpp"
#include "ferry/sdk/settings_binding.hpp"
#include "server_settings.hpp"
#include "ubl_parser.hpp"

namespace ferry::peppol {

using files::ServerSettings;

struct PeppolSettings {
    std::vector<ServerSettings> servers;
    // The suppliers' company numbers this pipeline books for (organisationsnummer, CVR, ...);
    // empty: every supplier's documents in the folders.
    std::vector<std::string> suppliers;
    std::int64_t max_file_mb = ubl::default_max_file_mb;
    sdk::Duration settle = sdk::Duration::minutes(1);

    std::size_t max_file_bytes() const { return static_cast<std::size_t>(max_file_mb) << 20; }
};

const sdk::SettingsBinding<PeppolSettings>& settings_binding();
const sdk::SettingsTable& settings_table();

// What cannot work although each value is valid on its own (no server, a location that is no
// folder or share, a supplier that is no company number); reads nothing, opens no connection.
std::vector<sdk::SettingsProblem> check_settings(const sdk::Settings& settings);

// Binds validated settings; `suppliers` as document keys write them (digits, no hyphen).
PeppolSettings read_settings(const sdk::Settings& settings);

// "556677-8899" → "5566778899", "DK12345678" → "12345678"; letters and digits of anything
// else; empty for a value with nothing of a company number in it.
std::string supplier_key(const std::string& written);

}  // namespace ferry::peppol
