// The `ferry` subcommands. Each returns the process exit code.
#pragma once

#include <string>
#include <vector>

#include "config/global_options.hpp"

namespace ferry {

int validate_command(const GlobalOptions& options, const std::vector<std::string>& pipelines);
// With `markdown`, only the described plugin's settings table, as its README holds it.
int plugins_command(const GlobalOptions& options, const std::string& describe,
                    bool markdown = false);
// The pipeline reference in Markdown, from the settings tables of the host and every plugin found.
int plugins_reference_command(const GlobalOptions& options);
int check_command(const GlobalOptions& options, const std::vector<std::string>& pipelines);
int schedule_command(const GlobalOptions& options, const std::string& pipeline, int count);
int once_command(const GlobalOptions& options, const std::vector<std::string>& pipelines);

}  // namespace ferry
