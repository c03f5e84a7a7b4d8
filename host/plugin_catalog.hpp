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

    // Each object holds a reference to the library, so the code behind its vtable outlives it.
    std::shared_ptr<sdk::Source> create_source(const sdk::PluginContext& context) const;
    std::shared_ptr<sdk::Sink> create_sink(const sdk::PluginContext& context) const;
    std::shared_ptr<sdk::Store> create_store(const sdk::PluginContext& context) const;

  private:
    std::filesystem::path file_;
    std::shared_ptr<boost::dll::shared_library> library_;
    const sdk::PluginDescriptor* descriptor_;
};

class PluginCatalog {
  public:
    // Folders searched in order: --plugin-path, FERRY_PLUGIN_PATH, ../lib/ferry beside the binary.
    static std::vector<std::filesystem::path> search_path(const std::string& option,
                                                          const std::filesystem::path& executable);

    explicit PluginCatalog(std::vector<std::filesystem::path> folders);

    const std::vector<std::filesystem::path>& folders() const { return folders_; }

    // The first `<name>.so` along the search path. Throws sdk::Error (plugin.*) when it is
    // missing or refused.
    LoadedPlugin load(const std::string& name) const;

    // Loads one file, refusing what is not a compatible, safely installed Ferry plugin.
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
