// How the process was started: the options every command shares, and what they open.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "plugins/plugin_catalog.hpp"
#include "support/event_log.hpp"

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

}  // namespace ferry
