// Finds plugin libraries, checks them before trusting them, and keeps each loaded while
// anything it created is alive.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "ferry/sdk/plugin.hpp"

namespace boost::dll {
class shared_library;
}

namespace ferry {

class LoadedPlugin {
  public:
    LoadedPlugin(std::filesystem::path file, std::shared_ptr<boost::dll::shared_library> library,
                 const sdk::PluginDescriptor* descriptor)
        : file_(std::move(file)), library_(std::move(library)), descriptor_(descriptor) {}

    const std::filesystem::path& file() const { return file_; }
    const sdk::PluginDescriptor& descriptor() const { return *descriptor_; }
    std::string name() const { return descriptor_->name; }
    const sdk::SettingsTable& settings_table() const { return descriptor_->settings(); }
    // The plugin's rules between settings (none when it declares no check).
    std::vector<sdk::SettingsProblem> check_settings(const sdk::Settings& settings) const;

    // Each object holds a reference to the library, so the code behind its vtable outlives it.
    std::shared_ptr<sdk::Source> create_source(const sdk::PluginContext& context) const;
    std::shared_ptr<sdk::Sink> create_sink(const sdk::PluginContext& context) const;
    std::shared_ptr<sdk::Store> create_store(const sdk::PluginContext& context) const;

  private:
    std::filesystem::path file_;
    std::shared_ptr<boost::dll::shared_library> library_;
    const sdk::PluginDescriptor* descriptor_;
};

// A folder plugins are loaded from, and who chose it: whoever sets the environment of the
// service chooses the code it runs, so the service names where that came from.
struct PluginFolder {
    std::filesystem::path path;
    std::string origin;  // "--plugin-path", "FERRY_PLUGIN_PATH" or "beside the binary"
};

class PluginCatalog {
  public:
    // Folders searched in order: --plugin-path, FERRY_PLUGIN_PATH, ../lib/ferry beside the binary.
    static std::vector<PluginFolder> sources(const std::string& option,
                                             const std::filesystem::path& executable);
    static std::vector<std::filesystem::path> search_path(const std::string& option,
                                                          const std::filesystem::path& executable);

    explicit PluginCatalog(std::vector<std::filesystem::path> folders);

    // The first `<name>.so` along the search path. Throws sdk::Error (plugin.*) when it is
    // missing or refused.
    LoadedPlugin load(const std::string& name) const;

    // Loads one file, refusing what is not a compatible, safely installed Ferry plugin: the file
    // and every folder up to / (through symlinks, and to the real file) must be owned by root
    // or the running user and not writable by group or others (a root-owned sticky folder like
    // /tmp may be on the way, but may not hold the plugin); what is not a regular file is
    // refused before it is opened.
    LoadedPlugin load_file(const std::filesystem::path& file) const;

    // Every `*.so` along the search path, loaded or refused, first name wins.
    struct Entry {
        std::filesystem::path file;
        std::shared_ptr<LoadedPlugin> plugin;  // null when refused
        sdk::Problem refusal;
    };
    std::vector<Entry> discover() const;

  private:
    std::vector<std::filesystem::path> folders_;
};

}  // namespace ferry
