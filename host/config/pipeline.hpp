// A pipeline file: which source, sink and store to wire together, with their settings.
#pragma once

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "config/settings_validation.hpp"
#include "plugins/plugin_catalog.hpp"

namespace ferry {

struct PluginSection {
    std::shared_ptr<LoadedPlugin> plugin;
    sdk::Settings settings;
};

struct PipelineConfig {
    std::filesystem::path file;
    std::string name;
    sdk::Settings host;  // the host's own settings: schedule, ...
    PluginSection source;
    PluginSection sink;
    PluginSection store;
    References references;  // printed instead of the values substituted for them
    // "file:line:column: ..." for each setting given under its former name
    std::vector<std::string> warnings;
};

class ConfigError : public std::runtime_error {
  public:
    explicit ConfigError(ConfigErrors errors);
    const ConfigErrors& errors() const { return errors_; }

  private:
    ConfigErrors errors_;
};

// The host's own keys, validated like any plugin's settings.
const sdk::SettingsTable& pipeline_settings_table();

// Pipeline arguments as given: a folder stands for the *.yaml and *.yml files in it, sorted.
std::vector<std::string> expand_pipeline_paths(const std::vector<std::string>& paths);

// Reads, validates and resolves a pipeline file, loading the plugins it names. Throws
// ConfigError listing every problem with file:line:column.
PipelineConfig load_pipeline(const std::filesystem::path& file, const PluginCatalog& catalog);

}  // namespace ferry
