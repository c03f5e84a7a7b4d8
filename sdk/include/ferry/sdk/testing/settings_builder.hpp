// Settings built in code, shaped as the host shapes them after validating a pipeline file:
// every setting of the table present, defaults filled, unknown names and missing required
// settings refused.
//
//   Settings s = SettingsBuilder(table).set("path", folder).add("servers", {{"location", dir}})
//                    .build();
#pragma once

#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ferry/sdk/settings.hpp"

namespace ferry::sdk::testing {

class SettingsBuilder {
  public:
    explicit SettingsBuilder(const SettingsTable& table, std::string origin = "conformance.yaml")
        : table_(&table), origin_(std::move(origin)) {}

    // A scalar setting (string, integer, boolean, date), as it would be written in YAML.
    SettingsBuilder& set(std::string_view name, std::string text) {
        Settings::Value& value = given(name, false);
        value.text = std::move(text);
        return *this;
    }

    SettingsBuilder& set_list(std::string_view name, std::vector<std::string> items) {
        given(name, false).items = std::move(items);
        return *this;
    }

    // One more object of an object_list setting (or the object of an object setting), built
    // with fields(name); add(name, {{field, text}, ...}) when its fields are all scalars.
    SettingsBuilder& add_object(std::string_view name, const SettingsBuilder& object) {
        given(name, true).objects.push_back(object.build());
        return *this;
    }
    SettingsBuilder& add(std::string_view name, const std::map<std::string, std::string>& scalars) {
        SettingsBuilder object = fields(name);
        for (const auto& [field, text] : scalars)
            object.set(field, text);
        return add_object(name, object);
    }

    // A builder for the fields of an object or object_list setting.
    SettingsBuilder fields(std::string_view name) const {
        return SettingsBuilder(spec(name).fields, origin_ + ": " + std::string(name));
    }

    Settings build() const {
        Settings settings = settings_;
        settings.origin = origin_;
        for (const SettingSpec& spec : *table_) {
            if (settings.values.count(spec.name))
                continue;
            if (spec.required)
                throw Error("conformance.settings",
                            origin_ + ": missing required setting '" + spec.name + "'");
            Settings::Value& defaulted = settings.values[spec.name];
            defaulted.text = spec.default_value;
            if (spec.type == SettingType::object)
                defaulted.objects.push_back(fields(spec.name).build());
        }
        return settings;
    }

  private:
    const SettingSpec& spec(std::string_view name) const {
        auto found = std::find_if(table_->begin(), table_->end(),
                                  [&](const SettingSpec& s) { return s.name == name; });
        if (found == table_->end())
            throw Error("conformance.settings",
                        origin_ + ": unknown setting '" + std::string(name) + "'");
        return *found;
    }

    Settings::Value& given(std::string_view name, bool object) {
        const SettingSpec& s = spec(name);
        bool nested = s.type == SettingType::object || s.type == SettingType::object_list;
        if (nested != object)
            throw Error("conformance.settings", origin_ + ": '" + std::string(name) + "' is " +
                                                    std::string(to_string(s.type)));
        Settings::Value& value = settings_.values[s.name];
        value.present = true;
        value.where = origin_ + ": " + s.name;
        return value;
    }

    const SettingsTable* table_;
    std::string origin_;
    Settings settings_;
};

// The values of every secret setting, to search output for.
inline std::vector<std::string> secret_values(const Settings& settings,
                                              const SettingsTable& table) {
    std::vector<std::string> secrets;
    for (const SettingSpec& spec : table) {
        auto found = settings.values.find(spec.name);
        if (found == settings.values.end())
            continue;
        if (spec.secret) {
            if (!found->second.text.empty())
                secrets.push_back(found->second.text);
            for (const auto& item : found->second.items)
                secrets.push_back(item);
        }
        for (const Settings& object : found->second.objects)
            for (auto& secret : secret_values(object, spec.fields))
                secrets.push_back(secret);
    }
    return secrets;
}

}  // namespace ferry::sdk::testing
