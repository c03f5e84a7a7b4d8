// Printing settings tables and settings for people: secrets always as ***.
#pragma once

#include <ostream>

#include "ferry/sdk/plugin.hpp"

namespace ferry {

void print_settings_table(std::ostream& out, const sdk::SettingsTable& table, int indent = 2);

void print_settings(std::ostream& out, const sdk::Settings& settings,
                    const sdk::SettingsTable& table, int indent = 2);

}  // namespace ferry
