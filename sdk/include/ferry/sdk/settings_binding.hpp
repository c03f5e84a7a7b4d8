// Settings bound to the members of a plugin's configuration struct. One place says each
// setting's name, type, bounds and description, and reads the validated values into the
// struct; the default is the member's initializer, written once. The SettingsTable the host
// validates, describes and documents is produced from it.
//
//   struct JsonlConfig {
//       std::string path;
//       Duration flush_every = Duration::seconds(5);
//   };
//   const SettingsBinding<JsonlConfig>& binding() {
//       static const SettingsBinding<JsonlConfig> table{
//           setting("path", &JsonlConfig::path).required().describe("the JSON-lines file"),
//           setting("flush_every", &JsonlConfig::flush_every).describe("how often to fsync"),
//       };
//       return table;
//   }
//   const SettingsTable& settings_table() { return binding().table(); }   // for the descriptor
//   JsonlConfig config = binding().bind(context.settings);                 // in the factory
#pragma once

#include <functional>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "ferry/sdk/date.hpp"
#include "ferry/sdk/decimal.hpp"
#include "ferry/sdk/duration.hpp"
#include "ferry/sdk/settings.hpp"

namespace ferry::sdk {

template <class Config>
class SettingsBinding;

// One setting bound to one member of Config. Made by setting(), choice(), object() and
// objects(); the chained calls add what the host checks and prints.
template <class Config>
class Setting {
  public:
    // Applies a value the file gave (or a test built) to the struct.
    using Apply = std::function<void(const Settings::Value&, const std::string& where, Config&)>;
    // The text of a member's value, for the default of a default-constructed Config; empty
    // when the member has no value (an optional, a list).
    using Show = std::function<std::string(const Config&)>;

    Setting(SettingSpec spec, Apply apply, Show show)
        : spec_(std::move(spec)), apply_(std::move(apply)), show_(std::move(show)) {}

    Setting& required() {
        spec_.required = true;
        return *this;
    }
    Setting& secret() {
        spec_.secret = true;
        return *this;
    }
    Setting& describe(std::string description) {
        spec_.description = std::move(description);
        return *this;
    }
    // An ECMAScript regex the whole value (each item of a list) must match.
    Setting& pattern(std::string regex) {
        spec_.pattern = std::move(regex);
        return *this;
    }
    Setting& range(std::int64_t minimum, std::int64_t maximum) {
        spec_.minimum = minimum, spec_.maximum = maximum;
        return *this;
    }
    Setting& range(Duration minimum, Duration maximum) {
        return range(minimum.count_milliseconds(), maximum.count_milliseconds());
    }
    // The setting's name until the last release, still accepted (with a warning) for one more.
    Setting& renamed_from(std::string former_name) {
        spec_.former_name = std::move(former_name);
        return *this;
    }
    // A duration that was an integer count of `unit` under its former name
    // (request_timeout_seconds: 30 is request_timeout: 30s).
    Setting& renamed_from(std::string former_name, Duration unit) {
        spec_.former_unit = unit.to_string();
        return renamed_from(std::move(former_name));
    }
    // An object whose fields default to another setting's values (a company's overrides of
    // the plugin-wide defaults): the table shows no defaults for them, and bind() leaves the
    // member alone; the plugin applies the given values over the inherited ones with
    // SettingsBinding::apply.
    Setting& inherits_defaults() {
        clear_defaults(spec_.fields);
        inherits_ = true;
        return *this;
    }

    const std::string& name() const { return spec_.name; }

    // The description with the default taken from `defaults`, a default-constructed Config.
    SettingSpec spec(const Config& defaults) const {
        SettingSpec spec = spec_;
        if (!spec.required && !spec.secret && !inherits_)
            spec.default_value = show_(defaults);
        return spec;
    }

    // Bounds are checked here too, so settings a test builds by hand are held to them.
    void apply(const Settings::Value& value, const std::string& where, Config& config) const {
        if (inherits_)
            return;
        if (spec_.required && !given(value))
            throw Error("settings.missing", where + ": " + spec_.name + " is required");
        apply_(value, where, config);
        if ((spec_.minimum || spec_.maximum) && given(value))
            check_bounds(value.text, where);
    }

    static bool given(const Settings::Value& value) {
        return value.present || !value.text.empty() || !value.items.empty() ||
               !value.objects.empty();
    }

  private:
    void check_bounds(const std::string& text, const std::string& where) const {
        if (!within_bounds(spec_, text))
            throw Error("settings.range", where + ": " + spec_.name + ": '" + text +
                                              "' is out of range; write a value " +
                                              bounds_text(spec_));
    }

    static void clear_defaults(std::vector<SettingSpec>& fields) {
        for (SettingSpec& field : fields) {
            field.default_value.clear();
            clear_defaults(field.fields);
        }
    }

    SettingSpec spec_;
    Apply apply_;
    Show show_;
    bool inherits_ = false;
};

namespace binding_detail {

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {
    using type = T;
};

[[noreturn]] inline void refuse(const std::string& where, const std::string& name,
                                const std::string& expected) {
    throw Error("settings.type", where + ": " + name + ": expected " + expected);
}

// How one scalar type is written, read and described.
template <class T>
struct Scalar;

template <>
struct Scalar<std::string> {
    static constexpr SettingType type = SettingType::string;
    static std::string read(const std::string& text, const std::string&, const std::string&) {
        return text;
    }
    static std::string show(const std::string& value) { return value; }
};

template <>
struct Scalar<bool> {
    static constexpr SettingType type = SettingType::boolean;
    static bool read(const std::string& text, const std::string& where, const std::string& name) {
        if (text != "true" && text != "false")
            refuse(where, name, "true or false");
        return text == "true";
    }
    static std::string show(bool value) { return value ? "true" : "false"; }
};

template <>
struct Scalar<Duration> {
    static constexpr SettingType type = SettingType::duration;
    static Duration read(const std::string& text, const std::string& where,
                         const std::string& name) {
        auto parsed = Duration::parse(text);
        if (!parsed)
            refuse(where, name, "a duration like 30s, 15m or 2h");
        return *parsed;
    }
    static std::string show(Duration value) { return value.to_string(); }
};

template <>
struct Scalar<Date> {
    static constexpr SettingType type = SettingType::date;
    static Date read(const std::string& text, const std::string& where, const std::string& name) {
        auto parsed = Date::parse(text);
        if (!parsed)
            refuse(where, name, "a date YYYY-MM-DD");
        return *parsed;
    }
    static std::string show(const Date& value) { return value.to_string(); }
};

// Described as a string; its pattern (set by the binding) keeps out what does not parse.
template <>
struct Scalar<Decimal> {
    static constexpr SettingType type = SettingType::string;
    static Decimal read(const std::string& text, const std::string& where,
                        const std::string& name) {
        auto parsed = Decimal::parse(text);
        if (!parsed)
            refuse(where, name, "a decimal number like 0.05");
        return *parsed;
    }
    static std::string show(const Decimal& value) { return value.to_string(); }
};

template <class T>
requires(std::is_integral_v<T> && !std::is_same_v<T, bool>) struct Scalar<T> {
    static constexpr SettingType type = SettingType::integer;
    static T read(const std::string& text, const std::string& where, const std::string& name) {
        auto value = number_text::parse(text);
        if (!value || !fits(*value))
            refuse(where, name, "an integer that fits");
        return static_cast<T>(*value);
    }
    static std::string show(T value) {
        return number_text::format(static_cast<std::int64_t>(value));
    }
    static bool fits(std::int64_t value) {
        if constexpr (std::is_signed_v<T>)
            return value >= std::numeric_limits<T>::min() && value <= std::numeric_limits<T>::max();
        else
            return value >= 0 && static_cast<std::uint64_t>(value) <= std::numeric_limits<T>::max();
    }
};

}  // namespace binding_detail

// A scalar setting bound to a member: std::string, bool, an integer, Duration, Date, Decimal,
// or std::optional of one (no default: absent until given); or a std::vector<std::string>
// (a list of strings).
template <class Config, class T>
Setting<Config> setting(std::string name, T Config::*member) {
    using namespace binding_detail;
    SettingSpec spec;
    spec.name = name;
    if constexpr (std::is_same_v<T, std::vector<std::string>>) {
        spec.type = SettingType::string_list;
        return {std::move(spec),
                [member](const Settings::Value& value, const std::string&, Config& config) {
                    if (Setting<Config>::given(value))
                        config.*member = value.items;
                },
                [](const Config&) { return std::string(); }};
    } else {
        using Value = typename std::conditional_t<is_optional<T>::value, is_optional<T>,
                                                  std::type_identity<T>>::type;
        spec.type = Scalar<Value>::type;
        if constexpr (std::is_same_v<Value, Decimal>)
            spec.pattern = "[0-9]+(\\.[0-9]+)?";
        return {
            std::move(spec),
            [member, name](const Settings::Value& value, const std::string& where, Config& config) {
                if (value.present || !value.text.empty())
                    config.*member = Scalar<Value>::read(value.text, where, name);
            },
            [member](const Config& config) -> std::string {
                if constexpr (is_optional<T>::value)
                    return config.*member ? Scalar<Value>::show(*(config.*member)) : "";
                else
                    return Scalar<Value>::show(config.*member);
            }};
    }
}

// A string setting that picks one of a few values of the member's type (usually an enum):
// choice("durability", &StoreConfig::durability, {{"sync", Durability::sync}, ...}).
template <class Config, class T>
Setting<Config> choice(std::string name, T Config::*member,
                       std::vector<std::pair<std::string, T>> choices) {
    SettingSpec spec;
    spec.name = name;
    for (const auto& [text, value] : choices)
        spec.choices.push_back(text);
    return {std::move(spec),
            [member, name, choices](const Settings::Value& value, const std::string& where,
                                    Config& config) {
                if (!value.present && value.text.empty())
                    return;
                std::string allowed;
                for (const auto& [text, choice] : choices) {
                    if (text == value.text) {
                        config.*member = choice;
                        return;
                    }
                    allowed += (allowed.empty() ? "" : ", ") + text;
                }
                throw Error("settings.choice", where + ": " + name + " must be one of " + allowed);
            },
            [member, choices](const Config& config) {
                for (const auto& [text, choice] : choices)
                    if (choice == config.*member)
                        return text;
                return std::string();
            }};
}

// A string setting limited to a few values, kept as text in the member:
// one_of("leak_into", &ProbeConfig::leak_into, {"nothing", "log"}).
template <class Config>
Setting<Config> one_of(std::string name, std::string Config::*member,
                       const std::vector<std::string>& values) {
    std::vector<std::pair<std::string, std::string>> choices;
    for (const std::string& value : values)
        choices.emplace_back(value, value);
    return choice(std::move(name), member, std::move(choices));
}

template <class Config>
class SettingsBinding {
  public:
    SettingsBinding(std::initializer_list<Setting<Config>> settings) : settings_(settings) {
        const Config defaults{};
        for (const Setting<Config>& setting : settings_)
            table_.push_back(setting.spec(defaults));
    }

    // What the host validates, prints and documents.
    const SettingsTable& table() const { return table_; }

    // A default-constructed Config with every given value applied.
    Config bind(const Settings& settings) const {
        Config config{};
        apply(settings, config);
        return config;
    }

    // Applies the values `settings` gives over `config`; what is not given stays as it is.
    // A value under a name the table does not declare (a test's settings under a renamed
    // name) is refused rather than ignored.
    void apply(const Settings& settings, Config& config) const {
        for (const auto& [name, value] : settings.values)
            if (!declares(name))
                throw Error("settings.undeclared",
                            settings.where(name) + ": '" + name +
                                "' is not a setting of this plugin (declared: " + names() +
                                "); correct the name");
        static const Settings::Value absent;
        for (const Setting<Config>& setting : settings_) {
            auto found = settings.values.find(setting.name());
            setting.apply(found == settings.values.end() ? absent : found->second,
                          settings.where(setting.name()), config);
        }
    }

  private:
    bool declares(const std::string& name) const {
        for (const SettingSpec& spec : table_)
            if (spec.name == name)
                return true;
        return false;
    }
    std::string names() const {
        std::string text;
        for (const SettingSpec& spec : table_)
            text += (text.empty() ? "" : ", ") + spec.name;
        return text;
    }

    std::vector<Setting<Config>> settings_;
    SettingsTable table_;
};

// A nested mapping bound to a member struct with its own binding.
template <class Config, class Member>
Setting<Config> object(std::string name, Member Config::*member, SettingsBinding<Member> fields) {
    SettingSpec spec;
    spec.name = std::move(name);
    spec.type = SettingType::object;
    spec.fields = fields.table();
    return {std::move(spec),
            [member, fields](const Settings::Value& value, const std::string&, Config& config) {
                if (!value.objects.empty())
                    fields.apply(value.objects.front(), config.*member);
            },
            [](const Config&) { return std::string(); }};
}

// A list of mappings bound to a std::vector of structs, each item bound from its default.
template <class Config, class Item>
Setting<Config> objects(std::string name, std::vector<Item> Config::*member,
                        SettingsBinding<Item> fields) {
    SettingSpec spec;
    spec.name = std::move(name);
    spec.type = SettingType::object_list;
    spec.fields = fields.table();
    return {std::move(spec),
            [member, fields](const Settings::Value& value, const std::string&, Config& config) {
                if (!value.present && value.objects.empty())
                    return;
                (config.*member).clear();
                for (const Settings& item : value.objects)
                    (config.*member).push_back(fields.bind(item));
            },
            [](const Config&) { return std::string(); }};
}

}  // namespace ferry::sdk
