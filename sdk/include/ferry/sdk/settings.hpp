// A plugin's settings table and the validated values the host hands it.
//
// The table is the single source of truth: the host validates pipeline files against it,
// prints it for `ferry plugins --describe`, and generates the pipeline reference from it.
// Plugins write it as a typed binding (settings_binding.hpp), which produces this description.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ferry/sdk/date.hpp"
#include "ferry/sdk/duration.hpp"
#include "ferry/sdk/problem.hpp"

namespace ferry::sdk {

enum class SettingType {
    string,
    integer,
    boolean,
    date,         // YYYY-MM-DD
    string_list,  // a YAML sequence of scalars
    object,       // a YAML mapping validated against `fields`
    object_list,  // a YAML sequence of mappings, each validated against `fields`
    duration,     // 250ms, 30s, 15m, 2h, 1d, 1h30m (Duration::parse)
};

inline std::string_view to_string(SettingType type) {
    switch (type) {
        case SettingType::string:
            return "string";
        case SettingType::integer:
            return "integer";
        case SettingType::boolean:
            return "boolean";
        case SettingType::date:
            return "date";
        case SettingType::string_list:
            return "list of strings";
        case SettingType::object:
            return "object";
        case SettingType::object_list:
            return "list of objects";
        case SettingType::duration:
            return "duration";
    }
    return "string";
}

// Every member has a default initializer so tables can be written with designated
// initializers ({.name = "path", .required = true, ...}) without -Wextra warnings.
struct SettingSpec {
    std::string name{};
    SettingType type = SettingType::string;
    bool required = false;
    std::string default_value{};  // scalar settings only; empty means none
    bool secret = false;          // never printed or logged; shown as ***
    std::string description{};
    std::vector<std::string> choices{};  // allowed values of a string setting, if limited
    std::string pattern{};               // ECMAScript regex a string value must match whole
    std::vector<SettingSpec> fields{};   // for object and object_list
    // Inclusive bounds of an integer, or of a duration in milliseconds.
    std::optional<std::int64_t> minimum{};
    std::optional<std::int64_t> maximum{};
    // The name this setting had until the last release, accepted with a warning; for a duration
    // that was an integer count of a unit, `former_unit` is that unit ("1s" for _seconds).
    std::string former_name{};
    std::string former_unit{};
};

using SettingsTable = std::vector<SettingSpec>;

// A value's place against a setting's bounds: an integer as written, a duration in
// milliseconds (its text must already have been checked to parse).
inline bool within_bounds(const SettingSpec& spec, std::string_view text) {
    std::int64_t number = spec.type == SettingType::duration
                              ? Duration::parse(text).value_or(Duration()).count_milliseconds()
                              : number_text::parse(text).value_or(0);
    return (!spec.minimum || number >= *spec.minimum) && (!spec.maximum || number <= *spec.maximum);
}

// "from 1 to 64", "at least 1s", "at most 10s", or empty: the bounds as a person writes them.
inline std::string bounds_text(const SettingSpec& spec) {
    auto text = [&](std::int64_t bound) {
        return spec.type == SettingType::duration ? Duration::milliseconds(bound).to_string()
                                                  : number_text::format(bound);
    };
    if (spec.minimum && spec.maximum)
        return "from " + text(*spec.minimum) + " to " + text(*spec.maximum);
    if (spec.minimum)
        return "at least " + text(*spec.minimum);
    if (spec.maximum)
        return "at most " + text(*spec.maximum);
    return {};
}

// A rule between settings that no single value breaks (the same CVR twice), found by a
// plugin's settings check without opening any connection, and reported at `where`
// ("nyborg.yaml:12:7") by `ferry validate` and every command that loads the pipeline.
struct SettingsProblem {
    std::string where;
    std::string code;
    std::string message;
};

// Validated settings: every value has been type-checked, secrets substituted, defaults filled.
// Scalars are kept as text; the typed getters convert them. Every declared setting has an
// entry, so asking for a name the table does not declare is a mistake in the plugin, and the
// getters throw at once instead of answering with an empty value.
class Settings {
  public:
    // Where this object sits, for messages: "nyborg.yaml: sink.companies[1]".
    std::string origin;

    struct Value {
        std::string text;                // scalars
        std::vector<std::string> items;  // string_list
        std::vector<Settings> objects;   // object (one) and object_list
        std::string where;               // "file:line:column" of the value
        bool present = false;            // given in the file (not just defaulted)
    };
    std::map<std::string, Value, std::less<>> values;

    bool has(std::string_view name) const {
        const Value& value = at(name);
        return value.present || !value.text.empty();
    }
    bool given(std::string_view name) const { return at(name).present; }

    const std::string& string(std::string_view name) const { return at(name).text; }

    std::int64_t integer(std::string_view name) const {
        const Value& value = at(name);
        try {
            return std::stoll(value.text);
        } catch (const std::exception&) {
            throw Error("settings.type",
                        where(name) + ": " + std::string(name) + " is not an integer");
        }
    }

    bool boolean(std::string_view name) const { return at(name).text == "true"; }

    Duration duration(std::string_view name) const {
        const Value& value = at(name);
        if (auto parsed = Duration::parse(value.text))
            return *parsed;
        throw Error("settings.type", where(name) + ": " + std::string(name) +
                                         " is not a duration like 30s, 15m or 2h");
    }

    std::optional<Date> date(std::string_view name) const {
        if (!has(name))
            return std::nullopt;
        return Date::parse(at(name).text);
    }

    const std::vector<std::string>& strings(std::string_view name) const { return at(name).items; }
    const std::vector<Settings>& list(std::string_view name) const { return at(name).objects; }
    const Settings& object(std::string_view name) const {
        const Value& value = at(name);
        if (value.objects.empty())
            throw Error("settings.missing", origin + ": no " + std::string(name));
        return value.objects.front();
    }

    // "pipeline.yaml:12:7" for a value, or the object's origin when it was defaulted.
    std::string where(std::string_view name) const {
        auto it = values.find(name);
        return it != values.end() && !it->second.where.empty() ? it->second.where : origin;
    }

  private:
    const Value& at(std::string_view name) const {
        auto it = values.find(name);
        if (it != values.end())
            return it->second;
        std::string declared;
        for (const auto& [known, value] : values)
            declared += (declared.empty() ? "" : ", ") + known;
        throw Error("settings.undeclared",
                    origin + ": the plugin reads setting '" + std::string(name) +
                        "', which its settings table does not declare (declared: " +
                        (declared.empty() ? "none" : declared) +
                        "); declare it in the table or correct the name");
    }
};

}  // namespace ferry::sdk
