// `ferry new-plugin`: a buildable plugin with its conformance test, to start a new one from.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ferry {

// The scaffold's files (name, text with @NAME@ and @KIND@ to fill), generated from
// host/cli/new_plugin_templates at build time.
extern const std::vector<std::pair<std::string_view, std::string_view>> new_plugin_templates;

// Writes the scaffold of plugin `name` (prefixed with "<kind>-" unless it is) into `folder`
// (default: ./<name>), which must not exist or be empty, and prints how to build it against the
// SDK installed with the ferry at `executable`. Returns an exit code.
int new_plugin_command(std::string name, const std::string& kind, std::string folder,
                       const std::filesystem::path& executable);

}  // namespace ferry
