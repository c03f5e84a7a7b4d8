// Checks a YAML mapping against a settings table and turns it into sdk::Settings.
#pragma once

#include <yaml-cpp/yaml.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "ferry/sdk/settings.hpp"

namespace ferry {

// "file:line:column: path: what is wrong", 1-based, one per problem; all problems are collected.
using ConfigErrors = std::vector<std::string>;

// The reference each substituted value came from ("${env:NAME}"), by the value's
// "file:line:column" (a list item's with "[index]" appended): what is printed in the value's
// place, as the value may be a secret.
using References = std::map<std::string, std::string>;

std::string position(const std::string& file, const YAML::Mark& mark);

// Validates `node` (a mapping) against `table`; `path` names it in messages ("sink"),
// `ignored_keys` are handled by the caller (e.g. "plugin"). Fills defaults, substitutes
// ${env:}/${file:} references (recorded in `references`). Neither a secret nor a substituted value
// ever appears in an error; values with control characters and URLs carrying credentials are
// refused. A setting given under its former name is converted and stored under its new one,
// with a line in `warnings` that names the new one.
sdk::Settings validate_settings(const YAML::Node& node, const sdk::SettingsTable& table,
                                const std::string& path, const std::string& file,
                                ConfigErrors& errors,
                                const std::set<std::string>& ignored_keys = {},
                                References* references = nullptr, ConfigErrors* warnings = nullptr);

// Each key's first occurrence; a duplicate is reported (yaml-cpp keeps both silently).
void check_duplicate_keys(const YAML::Node& node, const std::string& path, const std::string& file,
                          ConfigErrors& errors);

}  // namespace ferry
