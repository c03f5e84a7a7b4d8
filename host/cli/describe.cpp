#include "cli/describe.hpp"

#include <fmt/format.h>

namespace ferry {
using sdk::SettingType;

namespace {

// "formerly request_timeout_seconds, a number of 1s", or empty.
std::string former(const sdk::SettingSpec& spec) {
    if (spec.former_name.empty())
        return {};
    return "formerly " + spec.former_name +
           (spec.former_unit.empty() ? "" : ", a number of " + spec.former_unit);
}

}  // namespace

void print_settings_table(std::ostream& out, const sdk::SettingsTable& table, int indent) {
    std::string pad(indent, ' ');
    for (const sdk::SettingSpec& spec : table) {
        std::string flags = spec.required ? "required" : "optional";
        if (!spec.default_value.empty())
            flags += ", default " + spec.default_value;
        if (spec.secret)
            flags += ", secret";
        if (!spec.choices.empty()) {
            std::string choices;
            for (const auto& choice : spec.choices)
                choices += (choices.empty() ? "" : "|") + choice;
            flags += ", one of " + choices;
        }
        if (!spec.pattern.empty())
            flags += ", matching " + spec.pattern;
        if (std::string bounds = sdk::bounds_text(spec); !bounds.empty())
            flags += ", " + bounds;
        if (!former(spec).empty())
            flags += ", " + former(spec);
        out << fmt::format("{}{} ({}, {})\n{}    {}\n", pad, spec.name, to_string(spec.type), flags,
                           pad, spec.description);
        if (!spec.fields.empty())
            print_settings_table(out, spec.fields, indent + 4);
    }
}

namespace {

std::string markdown_cell(std::string text) {
    for (std::size_t at = text.find('|'); at != std::string::npos; at = text.find('|', at + 2))
        text.replace(at, 1, "\\|");
    return text;
}

void markdown_rows(std::ostream& out, const sdk::SettingsTable& table, const std::string& parent) {
    for (const sdk::SettingSpec& spec : table) {
        std::string name = parent + spec.name;
        std::string type(to_string(spec.type));
        if (spec.secret)
            type += ", secret";
        std::string description = spec.description;
        if (!spec.choices.empty()) {
            std::string choices;
            for (const auto& choice : spec.choices)
                choices += (choices.empty() ? "`" : ", `") + choice + "`";
            description += " (one of " + choices + ")";
        }
        if (!spec.pattern.empty())
            description += " (matches `" + spec.pattern + "`)";
        if (std::string bounds = sdk::bounds_text(spec); !bounds.empty())
            description += " (" + bounds + ")";
        if (!spec.former_name.empty())
            description += " (until the next release also accepted as `" + spec.former_name + "`" +
                           (spec.former_unit.empty() ? "" : ", a number of " + spec.former_unit) +
                           ")";
        out << fmt::format("| `{}` | {} | {} | {} | {} |\n", name, type,
                           spec.required ? "yes" : "no",
                           spec.default_value.empty() ? "" : "`" + spec.default_value + "`",
                           markdown_cell(description));
        if (!spec.fields.empty())
            markdown_rows(out, spec.fields,
                          name + (spec.type == SettingType::object_list ? "[]." : "."));
    }
}

}  // namespace

void print_settings_markdown(std::ostream& out, const sdk::SettingsTable& table) {
    out << "| Setting | Type | Required | Default | Description |\n"
           "|---|---|---|---|---|\n";
    markdown_rows(out, table, "");
}

void print_settings(std::ostream& out, const sdk::Settings& settings,
                    const sdk::SettingsTable& table, int indent, const References& references) {
    std::string pad(indent, ' ');
    for (const sdk::SettingSpec& spec : table) {
        auto it = settings.values.find(spec.name);
        if (it == settings.values.end())
            continue;
        const auto& value = it->second;
        auto shown = [&](const std::string& text, const std::string& where) {
            auto reference = references.find(where);
            return spec.secret                     ? std::string("***")
                   : reference != references.end() ? reference->second
                                                   : text;
        };
        switch (spec.type) {
            case SettingType::object:
            case SettingType::object_list:
                out << pad << spec.name << ":\n";
                for (const sdk::Settings& item : value.objects) {
                    if (spec.type == SettingType::object_list)
                        out << pad << "  -\n";
                    print_settings(out, item, spec.fields, indent + 4, references);
                }
                break;
            case SettingType::string_list:
                out << pad << spec.name << ":";
                for (std::size_t i = 0; i < value.items.size(); ++i)
                    out << " " << shown(value.items[i], fmt::format("{}[{}]", value.where, i));
                out << "\n";
                break;
            default:
                if (!value.present && value.text.empty())
                    break;
                out << pad << spec.name << ": " << shown(value.text, value.where)
                    << (value.present ? "" : "  (default)") << "\n";
        }
    }
}

}  // namespace ferry
