// The built plugin file, loaded and checked the way the host loads and checks it.
#pragma once

#include <dlfcn.h>

#include <filesystem>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "ferry/sdk/descriptor_check.hpp"
#include "ferry/sdk/plugin.hpp"

namespace ferry::sdk::testing {

// Loads `file` and returns its descriptor, or throws an Error naming every reason the host
// would refuse it (the host's own check, ferry/sdk/descriptor_check.hpp). The module stays
// loaded until the process ends, so nothing the plugin made (objects, exceptions) can outlive
// its code.
inline const PluginDescriptor& load_plugin(const std::filesystem::path& file, PluginKind kind) {
    void* module = ::dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!module)
        throw Error("conformance.load", "cannot load " + file.string() + ": " + ::dlerror());
    auto* descriptor = static_cast<const PluginDescriptor*>(
        ::dlsym(module, FERRY_SDK_STRINGIFY(FERRY_PLUGIN_SYMBOL)));
    std::string refusals;
    for (const Problem& problem : descriptor_problems(descriptor, file, kind))
        refusals += "\n  " + problem.code + ": " + problem.message;
    if (!refusals.empty())
        throw Error("conformance.descriptor", "the host would refuse this plugin:" + refusals);
    return *descriptor;
}

// What is wrong with a settings table, as the host and the pipeline reference would see it.
inline std::vector<std::string> settings_table_faults(const SettingsTable& table,
                                                      const std::string& path = "") {
    static const std::regex snake_case("[a-z][a-z0-9_]*");
    std::vector<std::string> faults;
    std::set<std::string> names;
    for (const SettingSpec& spec : table) {
        std::string name = path + spec.name;
        bool nested = spec.type == SettingType::object || spec.type == SettingType::object_list;
        if (!std::regex_match(spec.name, snake_case))
            faults.push_back("'" + name + "': names are lower_snake_case");
        if (!names.insert(spec.name).second)
            faults.push_back("'" + name + "' is listed twice");
        if (spec.description.empty())
            faults.push_back("'" + name + "' has no description (the reference prints it)");
        if (spec.required && !spec.default_value.empty())
            faults.push_back("'" + name + "' is required and has a default");
        if (spec.secret && !spec.default_value.empty())
            faults.push_back("'" + name + "' is secret and has a default value");
        if (!spec.choices.empty() && !spec.default_value.empty() &&
            std::find(spec.choices.begin(), spec.choices.end(), spec.default_value) ==
                spec.choices.end())
            faults.push_back("'" + name + "' defaults to a value not among its choices");
        if (nested != !spec.fields.empty())
            faults.push_back("'" + name + "': objects and only objects have fields");
        for (auto& fault : settings_table_faults(spec.fields, name + "."))
            faults.push_back(fault);
    }
    return faults;
}

}  // namespace ferry::sdk::testing
