// The `ferry` subcommands. Each returns the process exit code.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "event_log.hpp"
#include "plugin_catalog.hpp"

namespace ferry {

namespace exit_code {
inline constexpr int ok = 0;
inline constexpr int failure = 1;  // a run could not complete: target, share or ledger trouble
inline constexpr int usage = 2;    // bad command line or invalid configuration
}  // namespace exit_code

struct GlobalOptions {
    std::string plugin_path;
    std::string log_level = "info";
    std::string log_format = "text";
    bool syslog = false;
    std::filesystem::path executable;
};

PluginCatalog make_catalog(const GlobalOptions& options);
std::shared_ptr<EventLog> open_event_log(const GlobalOptions& options);

int validate_command(const GlobalOptions& options, const std::vector<std::string>& pipelines);
int plugins_command(const GlobalOptions& options, const std::string& describe);
// The pipeline reference in Markdown, from the settings tables of the host and every plugin found.
int plugins_reference_command(const GlobalOptions& options);
int check_command(const GlobalOptions& options, const std::vector<std::string>& pipelines);
int schedule_command(const GlobalOptions& options, const std::string& pipeline, int count);
int once_command(const GlobalOptions& options, const std::vector<std::string>& pipelines);

}  // namespace ferry
