// The built plugin file, loaded and checked the way the host loads and checks it.
#pragma once

#include <dlfcn.h>

#include <algorithm>
#include <charconv>

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

// Why a setting's default would not pass the host's own validation, or empty.
inline std::string default_fault(const SettingSpec& spec) {
    const std::string& text = spec.default_value;
    if (text.empty())
        return {};
    switch (spec.type) {
        case SettingType::integer: {
            std::int64_t number = 0;
            auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
            if (error != std::errc() || end != text.data() + text.size())
                return "defaults to '" + text + "', which is not an integer";
            break;
        }
        case SettingType::duration:
            if (!Duration::parse(text))
                return "defaults to '" + text + "', which is not a duration like 30s";
            break;
        case SettingType::boolean:
            return text == "true" || text == "false" ? "" : "defaults to neither true nor false";
        case SettingType::date:
            return Date::parse(text) ? "" : "defaults to '" + text + "', which is not a date";
        case SettingType::string:
            if (!spec.pattern.empty() && !std::regex_match(text, std::regex(spec.pattern)))
                return "defaults to '" + text + "', which does not match its pattern";
            return {};
        default:
            return "is a list or an object and has a default";
    }
    if (!within_bounds(spec, text))
        return "defaults to '" + text + "', outside its bounds (" + bounds_text(spec) + ")";
    return {};
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
        if (auto fault = default_fault(spec); !fault.empty())
            faults.push_back("'" + name + "' " + fault);
        bool counted = spec.type == SettingType::integer || spec.type == SettingType::duration;
        if ((spec.minimum || spec.maximum) && !counted)
            faults.push_back("'" + name + "' has bounds but is neither an integer nor a duration");
        if (spec.minimum && spec.maximum && *spec.minimum > *spec.maximum)
            faults.push_back("'" + name + "' has a minimum above its maximum");
        if (!spec.former_name.empty()) {
            bool taken = std::any_of(table.begin(), table.end(), [&](const SettingSpec& other) {
                return other.name == spec.former_name ||
                       (&other != &spec && other.former_name == spec.former_name);
            });
            if (taken || !std::regex_match(spec.former_name, snake_case))
                faults.push_back("'" + name + "': former name '" + spec.former_name +
                                 "' is not a free lower_snake_case name");
        }
        if (!spec.former_unit.empty() &&
            (spec.type != SettingType::duration || !Duration::parse(spec.former_unit)))
            faults.push_back("'" + name +
                             "': only a duration has a former unit, and it is a "
                             "duration like 1s");
        for (auto& fault : settings_table_faults(spec.fields, name + "."))
            faults.push_back(fault);
    }
    return faults;
}

}  // namespace ferry::sdk::testing
