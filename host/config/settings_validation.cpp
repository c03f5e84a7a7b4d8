#include "config/settings_validation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <regex>

#include "support/secrets.hpp"

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

// A setting's text after substitution, and the reference it came from, if any: such a value
// may be a secret the table does not know of, so no message ever shows it.
struct Resolved {
    std::string text;
    std::string reference;  // "${env:NAME}" as written in the file; empty for a literal
};

// How a message may name a value: never a secret or a substituted one, and a literal cut short.
std::string shown(const SettingSpec& spec, const Resolved& value) {
    if (spec.secret)
        return "***";
    if (!value.reference.empty())
        return "the value of " + value.reference + " (not shown)";
    constexpr std::size_t longest = 60;
    if (value.text.size() > longest)
        return "'" + value.text.substr(0, longest) + "...'";
    return "'" + value.text + "'";
}

bool is_control(char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == '\x7f';
}

// Parameter names that carry credentials in URLs (password=, access_token=, api_key=, ...).
bool names_credential(std::string name) {
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const char* word : {"pass", "pwd", "secret", "token", "key", "auth", "credential"})
        if (name.find(word) != std::string::npos)
            return true;
    return false;
}

// What of a credential `text` carries if it is a URL: "a password (user:password@)",
// "a 'token' parameter", or empty.
std::string url_credential(const std::string& text) {
    auto scheme_end = text.find("://");
    if (scheme_end == std::string::npos)
        return {};
    auto authority_start = scheme_end + 3;
    auto authority_end = text.find_first_of("/?#", authority_start);
    std::string authority = text.substr(authority_start, authority_end - authority_start);
    auto at = authority.rfind('@');
    if (at != std::string::npos && authority.substr(0, at).find(':') != std::string::npos)
        return "a password (user:password@host)";
    auto query = text.find('?');
    if (query == std::string::npos)
        return {};
    std::string parameters = text.substr(query + 1);
    parameters = parameters.substr(0, parameters.find('#'));
    for (std::size_t start = 0; start <= parameters.size();) {
        auto end = std::min(parameters.find('&', start), parameters.size());
        std::string name = parameters.substr(start, end - start);
        name = name.substr(0, name.find('='));
        if (names_credential(name))
            return "a '" + name + "' parameter";
        start = end + 1;
    }
    return {};
}

struct Validator {
    const std::string& file;
    ConfigErrors& errors;
    References* references;
    ConfigErrors* warnings;

    void error(const YAML::Node& at, const std::string& path, const std::string& message) {
        errors.push_back(fmt::format("{}: {}: {}", position(file, at.Mark()), path, message));
    }

    // Refuses what must never reach a header, a log line or a URL: control characters in any
    // value (a CR or LF in a token starts a new HTTP header), and credentials inside a URL.
    bool safe(const SettingSpec& spec, const Resolved& value, const YAML::Node& at,
              const std::string& path, const std::string& secret_sibling) {
        auto control = std::find_if(value.text.begin(), value.text.end(), is_control);
        if (control != value.text.end()) {
            error(at, path,
                  fmt::format("{} contains a control character (byte {:#04x}); a value must be "
                              "one line of printable text",
                              value.reference.empty() ? "the value" : value.reference,
                              static_cast<unsigned>(static_cast<unsigned char>(*control))));
            return false;
        }
        if (spec.secret)
            return true;
        std::string credential = url_credential(value.text);
        if (credential.empty())
            return true;
        error(at, path,
              fmt::format("{} is a URL carrying {}, which would end up in logs; remove it from "
                          "the URL and {}",
                          value.reference.empty() ? "the value" : value.reference, credential,
                          secret_sibling.empty()
                              ? "give it to Ferry as a secret setting, e.g. "
                                "\"${file:/etc/ferry/NAME.secret}\""
                              : fmt::format("put it in `{}: \"${{file:/etc/ferry/NAME.secret}}\"`",
                                            secret_sibling)));
        return false;
    }

    bool scalar_ok(const SettingSpec& spec, const Resolved& value, const YAML::Node& at,
                   const std::string& path) {
        const std::string& text = value.text;
        switch (spec.type) {
            case SettingType::integer:
                if (!std::regex_match(text, std::regex("-?[0-9]{1,18}"))) {
                    error(at, path, "expected an integer, found " + shown(spec, value));
                    return false;
                }
                break;
            case SettingType::boolean:
                if (text != "true" && text != "false") {
                    error(at, path, "expected true or false, found " + shown(spec, value));
                    return false;
                }
                break;
            case SettingType::date:
                if (!sdk::Date::parse(text) || text.size() != 10) {
                    error(at, path, "expected a date YYYY-MM-DD, found " + shown(spec, value));
                    return false;
                }
                break;
            case SettingType::duration:
                if (!sdk::Duration::parse(text)) {
                    error(at, path,
                          "expected a duration like 250ms, 30s, 15m, 2h or 1h30m, found " +
                              shown(spec, value));
                    return false;
                }
                break;
            default:
                break;
        }
        if ((spec.minimum || spec.maximum) && !within_bounds(spec, value, at, path))
            return false;
        if (!spec.choices.empty() &&
            std::find(spec.choices.begin(), spec.choices.end(), text) == spec.choices.end()) {
            std::string allowed;
            for (const auto& choice : spec.choices)
                allowed += (allowed.empty() ? "" : ", ") + choice;
            error(at, path, fmt::format("{} is not one of: {}", shown(spec, value), allowed));
            return false;
        }
        if (!spec.pattern.empty() && !std::regex_match(text, std::regex(spec.pattern))) {
            error(at, path,
                  fmt::format("{} does not have the expected form ({})", shown(spec, value),
                              spec.description.empty() ? spec.pattern : spec.description));
            return false;
        }
        return true;
    }

    bool within_bounds(const SettingSpec& spec, const Resolved& value, const YAML::Node& at,
                       const std::string& path) {
        if (sdk::within_bounds(spec, value.text))
            return true;
        error(at, path,
              fmt::format("{} is out of range; write a value {}", shown(spec, value),
                          sdk::bounds_text(spec)));
        return false;
    }

    std::optional<Resolved> resolved(const YAML::Node& node, const std::string& path) {
        std::string text = node.Scalar();
        if (!has_references(text))
            return Resolved{text, {}};
        auto value = substitute_references(text);
        if (!value) {
            error(node, path, value.problem().message);
            return std::nullopt;
        }
        return Resolved{value.value(), text};
    }

    // The checked text of one scalar, or nullopt after reporting why it is refused; `where`
    // keys the reference it came from.
    std::optional<std::string> scalar(const YAML::Node& node, const SettingSpec& spec,
                                      const std::string& path, const std::string& secret_sibling,
                                      const std::string& where) {
        auto value = resolved(node, path);
        if (!value || !safe(spec, *value, node, path, secret_sibling) ||
            !scalar_ok(spec, *value, node, path))
            return std::nullopt;
        if (references && !value->reference.empty())
            (*references)[where] = value->reference;
        return value->text;
    }

    void value(const YAML::Node& node, const SettingSpec& spec, const std::string& path,
               const std::string& secret_sibling, sdk::Settings::Value& out) {
        out.where = position(file, node.Mark());
        out.present = true;
        switch (spec.type) {
            case SettingType::string:
            case SettingType::integer:
            case SettingType::boolean:
            case SettingType::date:
            case SettingType::duration: {
                if (!node.IsScalar()) {
                    error(node, path,
                          fmt::format("expected a {}, found a {}", to_string(spec.type),
                                      node.IsMap() ? "mapping" : "list"));
                    return;
                }
                if (auto text = scalar(node, spec, path, secret_sibling, out.where))
                    out.text = *text;
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
                    else if (auto text = scalar(node[i], spec, item_path, secret_sibling,
                                                fmt::format("{}[{}]", out.where, i)))
                        out.items.push_back(*text);
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

    // A setting given under the name it had until the last release: stored under its new name
    // (a count of the former unit converted to a duration), with a warning naming the new one.
    void former(const YAML::Node& key, const YAML::Node& node, const SettingSpec& spec,
                const std::string& path, const std::string& secret_sibling,
                sdk::Settings::Value& out) {
        std::string former_path = path.empty() ? spec.former_name : path + "." + spec.former_name;
        std::string new_path = path.empty() ? spec.name : path + "." + spec.name;
        std::string advice = fmt::format("`{}:` instead", spec.name);
        if (spec.former_unit.empty()) {
            value(node, spec, new_path, secret_sibling, out);
        } else {
            out.where = position(file, node.Mark());
            out.present = true;
            auto value = node.IsScalar() ? resolved(node, former_path) : std::nullopt;
            if (!node.IsScalar())
                error(node, former_path, "expected a whole number");
            if (!value)
                return;
            if (!std::regex_match(value->text, std::regex("[0-9]{1,12}"))) {
                error(node, former_path,
                      fmt::format("expected a whole number, found {}; better, write `{}:` with a "
                                  "duration like 30s",
                                  shown(spec, *value), spec.name));
                return;
            }
            auto unit = sdk::Duration::parse(spec.former_unit);
            value->text =
                sdk::Duration::milliseconds(std::stoll(value->text) *
                                            unit.value_or(sdk::Duration()).count_milliseconds())
                    .to_string();
            if (!safe(spec, *value, node, new_path, secret_sibling) ||
                !scalar_ok(spec, *value, node, new_path))
                return;
            if (references && !value->reference.empty())
                (*references)[out.where] = value->reference;
            out.text = value->text;
            if (value->reference.empty() && !spec.secret)
                advice = fmt::format("`{}: {}`", spec.name, value->text);
        }
        if (warnings)
            warnings->push_back(fmt::format(
                "{}: {} is deprecated; write {}; the old name is accepted until the next release",
                position(file, key.Mark()), former_path, advice));
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
        auto secret =
            std::find_if(table.begin(), table.end(), [](const SettingSpec& s) { return s.secret; });
        const std::string secret_setting = secret == table.end() ? "" : secret->name;
        std::set<std::string> given;
        for (auto it = node.begin(); it != node.end(); ++it) {
            std::string key = it->first.Scalar();
            if (ignored_keys.count(key) || !given.insert(key).second)
                continue;
            std::string key_path = path.empty() ? key : path + "." + key;
            auto spec = std::find_if(table.begin(), table.end(),
                                     [&](const SettingSpec& s) { return s.name == key; });
            auto renamed = std::find_if(table.begin(), table.end(),
                                        [&](const SettingSpec& s) { return s.former_name == key; });
            if (spec == table.end() && renamed != table.end()) {
                if (node[renamed->name]) {
                    error(it->first, key_path,
                          fmt::format("both '{}' and its former name '{}' are given; keep only "
                                      "'{}'",
                                      renamed->name, key, renamed->name));
                } else if (given.insert(renamed->name).second) {
                    former(it->first, it->second, *renamed, path, secret_setting,
                           settings.values[renamed->name]);
                }
                continue;
            }
            if (spec == table.end()) {
                error(it->first, key_path,
                      fmt::format("unknown setting '{}'; known settings: {}", key,
                                  table.empty() ? "none" : join_names(table)));
                continue;
            }
            value(it->second, *spec, key_path, secret_setting, settings.values[key]);
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
                                ConfigErrors& errors, const std::set<std::string>& ignored_keys,
                                References* references, ConfigErrors* warnings) {
    Validator validator{file, errors, references, warnings};
    return validator.mapping(node, table, path, ignored_keys);
}

}  // namespace ferry
