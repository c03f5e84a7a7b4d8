#include "config/global_options.hpp"

namespace ferry {

std::shared_ptr<EventLog> open_event_log(const GlobalOptions& options) {
    return EventLog::open(options.log_level,
                          options.log_format == "json" ? LogFormat::json : LogFormat::text,
                          options.syslog);
}

PluginCatalog make_catalog(const GlobalOptions& options) {
    return PluginCatalog(PluginCatalog::search_path(options.plugin_path, options.executable));
}

}  // namespace ferry
