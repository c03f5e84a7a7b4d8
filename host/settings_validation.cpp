#include "settings_validation.hpp"

#include <fmt/format.h>

#include <map>
#include <regex>

#include "secrets.hpp"

namespace ferry {
using sdk::SettingSpec;
using sdk::SettingType;

std::string position(const std::string& file, const YAML::Mark& mark) {
    if (mark.is_null())
        return file;
    // yaml-cpp marks are 0-based; editors count from 1.
    return fmt::format("{}:{}:{}", file, mark.line + 1, mark.column + 1);
}

namespace {

std::string join_names(const sdk::SettingsTable& table) {
    std::string names;
    for (const SettingSpec& spec : table)
        names += (names.empty() ? "" : ", ") + spec.name;
    return names;
}

struct Validator {
    const std::string& file;
    ConfigErrors& errors;

    void error(const YAML::Node& at, const std::string& path, const std::string& message) {
        errors.push_back(fmt::format("{}: {}: {}", position(file, at.Mark()), path, message));
    }

    bool scalar_ok(const SettingSpec& spec, const std::string& text, const YAML::Node& at,
                   const std::string& path) {
        auto shown = [&] { return spec.secret ? std::string("***") : "'" + text + "'"; };
        switch (spec.type) {
            case SettingType::integer:
                if (!std::regex_match(text, std::regex("-?[0-9]{1,18}"))) {
                    error(at, path, "expected an integer, found " + shown());
                    return false;
                }
                break;
            case SettingType::boolean:
                if (text != "true" && text != "false") {
                    error(at, path, "expected true or false, found " + shown());
                    return false;
                }
                break;
            case SettingType::date:
                if (!sdk::Date::parse(text) || text.size() != 10) {
                    error(at, path, "expected a date YYYY-MM-DD, found " + shown());
                    return false;
                }
                break;
            default:
                break;
        }
        if (!spec.choices.empty() &&
            std::find(spec.choices.begin(), spec.choices.end(), text) == spec.choices.end()) {
            std::string allowed;
            for (const auto& choice : spec.choices)
                allowed += (allowed.empty() ? "" : ", ") + choice;
            error(at, path, fmt::format("{} is not one of: {}", shown(), allowed));
            return false;
        }
        if (!spec.pattern.empty() && !std::regex_match(text, std::regex(spec.pattern))) {
            error(at, path,
                  fmt::format("{} does not have the expected form ({})", shown(),
                              spec.description.empty() ? spec.pattern : spec.description));
            return false;
        }
        return true;
    }

    std::string substituted(const YAML::Node& node, const std::string& path) {
        std::string text = node.Scalar();
        if (!has_references(text))
            return text;
        auto value = substitute_references(text);
        if (!value) {
            error(node, path, value.problem().message);
            return {};
        }
        return value.value();
    }

    void value(const YAML::Node& node, const SettingSpec& spec, const std::string& path,
               sdk::Settings::Value& out) {
        out.where = position(file, node.Mark());
        out.present = true;
        switch (spec.type) {
            case SettingType::string:
            case SettingType::integer:
            case SettingType::boolean:
            case SettingType::date: {
                if (!node.IsScalar()) {
                    error(node, path,
                          fmt::format("expected a {}, found a {}", to_string(spec.type),
                                      node.IsMap() ? "mapping" : "list"));
                    return;
                }
                std::string text = substituted(node, path);
                if (scalar_ok(spec, text, node, path))
                    out.text = text;
                return;
            }
            case SettingType::string_list: {
                if (!node.IsSequence()) {
                    error(node, path, "expected a list of strings");
                    return;
                }
                for (std::size_t i = 0; i < node.size(); ++i) {
                    std::string item_path = fmt::format("{}[{}]", path, i);
                    if (!node[i].IsScalar())
                        error(node[i], item_path, "expected a string");
                    else
                        out.items.push_back(substituted(node[i], item_path));
                }
                return;
            }
            case SettingType::object:
                out.objects.push_back(mapping(node, spec.fields, path, {}));
                return;
            case SettingType::object_list: {
                if (!node.IsSequence()) {
                    error(node, path, "expected a list of mappings (each item starting with '- ')");
                    return;
                }
                for (std::size_t i = 0; i < node.size(); ++i)
                    out.objects.push_back(
                        mapping(node[i], spec.fields, fmt::format("{}[{}]", path, i), {}));
                return;
            }
        }
    }

    sdk::Settings mapping(const YAML::Node& node, const sdk::SettingsTable& table,
                          const std::string& path, const std::set<std::string>& ignored_keys) {
        sdk::Settings settings;
        settings.origin = position(file, node.Mark()) + ": " + path;
        if (!node.IsMap()) {
            error(node, path, "expected a mapping of settings (key: value)");
            return settings;
        }
        check_duplicate_keys(node, path, file, errors);
        std::set<std::string> given;
        for (auto it = node.begin(); it != node.end(); ++it) {
            std::string key = it->first.Scalar();
            if (ignored_keys.count(key) || !given.insert(key).second)
                continue;
            std::string key_path = path.empty() ? key : path + "." + key;
            auto spec = std::find_if(table.begin(), table.end(),
                                     [&](const SettingSpec& s) { return s.name == key; });
            if (spec == table.end()) {
                error(it->first, key_path,
                      fmt::format("unknown setting '{}'; known settings: {}", key,
                                  table.empty() ? "none" : join_names(table)));
                continue;
            }
            value(it->second, *spec, key_path, settings.values[key]);
        }
        for (const SettingSpec& spec : table) {
            if (given.count(spec.name))
                continue;
            std::string key_path = path.empty() ? spec.name : path + "." + spec.name;
            if (spec.required) {
                error(
                    node, key_path,
                    fmt::format("missing required setting '{}' ({})", spec.name, spec.description));
                continue;
            }
            auto& defaulted = settings.values[spec.name];
            defaulted.text = spec.default_value;
            // An optional section with required keys (notify:) is simply absent; one made of
            // defaults (schedule:) is filled in.
            bool needs_keys = std::any_of(spec.fields.begin(), spec.fields.end(),
                                          [](const SettingSpec& field) { return field.required; });
            if (spec.type == SettingType::object && !needs_keys)
                defaulted.objects.push_back(
                    mapping(YAML::Node(YAML::NodeType::Map), spec.fields, key_path, {}));
        }
        return settings;
    }
};

}  // namespace

void check_duplicate_keys(const YAML::Node& node, const std::string& path, const std::string& file,
                          ConfigErrors& errors) {
    std::map<std::string, YAML::Mark> first;
    for (auto it = node.begin(); it != node.end(); ++it) {
        std::string key = it->first.Scalar();
        auto [where, inserted] = first.emplace(key, it->first.Mark());
        if (!inserted)
            errors.push_back(fmt::format("{}: {}: duplicate key '{}' (first given at line {})",
                                         position(file, it->first.Mark()),
                                         path.empty() ? key : path + "." + key, key,
                                         where->second.line + 1));
    }
}

sdk::Settings validate_settings(const YAML::Node& node, const sdk::SettingsTable& table,
                                const std::string& path, const std::string& file,
                                ConfigErrors& errors, const std::set<std::string>& ignored_keys) {
    Validator validator{file, errors};
    return validator.mapping(node, table, path, ignored_keys);
}

}  // namespace ferry
