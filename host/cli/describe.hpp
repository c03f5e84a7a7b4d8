// Printing settings tables and settings for people: secrets always as ***, substituted values
// as the reference they came from.
#pragma once

#include <ostream>

#include "config/settings_validation.hpp"
#include "ferry/sdk/plugin.hpp"

namespace ferry {

void print_settings_table(std::ostream& out, const sdk::SettingsTable& table, int indent = 2);

// A settings table as Markdown table rows (nested settings as `parent[].field`), for the
// pipeline reference that `ferry plugins --reference` generates into docs/.
void print_settings_markdown(std::ostream& out, const sdk::SettingsTable& table);

void print_settings(std::ostream& out, const sdk::Settings& settings,
                    const sdk::SettingsTable& table, int indent = 2,
                    const References& references = {});

}  // namespace ferry
