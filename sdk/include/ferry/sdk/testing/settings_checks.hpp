// Conformance checks for the settings contract, the same for every kind of plugin: a value
// under a name the table does not declare is refused rather than silently ignored, every
// default binds as if the user had written it, and the settings check accepts working settings
// while holding nothing it could connect with.
#pragma once

#include <catch2/catch.hpp>

#include <memory>

#include "ferry/sdk/testing/plugin_module.hpp"
#include "ferry/sdk/testing/recording_host.hpp"

namespace ferry::sdk::testing {

// Makes one object of `kind` from `settings` and destroys it: what the host does on `check`.
inline void create_plugin(const PluginDescriptor& descriptor, PluginKind kind,
                          const Settings& settings) {
    RecordingHost host;
    PluginContext context{settings, host, "conformance", Access::read_write};
    if (kind == PluginKind::source)
        descriptor.create_source(context).reset();
    else if (kind == PluginKind::sink)
        descriptor.create_sink(context).reset();
    else
        descriptor.create_store(context).reset();
}

// `settings` with every default written out as if the file gave it.
inline Settings with_defaults_given(Settings settings, const SettingsTable& table) {
    for (const SettingSpec& spec : table) {
        auto found = settings.values.find(spec.name);
        if (found == settings.values.end())
            continue;
        Settings::Value& value = found->second;
        if (!value.present && !spec.default_value.empty()) {
            value.text = spec.default_value;
            value.present = true;
        }
        for (Settings& object : value.objects)
            object = with_defaults_given(object, spec.fields);
    }
    return settings;
}

// A plugin that read settings by name would ignore a misspelt one and run on its default;
// one bound to its table refuses the name the table does not declare.
template <class Harness>
void settings_refuses_an_undeclared_name(PluginKind kind) {
    Harness harness;
    const PluginDescriptor& descriptor = load_plugin(harness.plugin_file(), kind);
    Settings settings = harness.settings(descriptor.settings());
    Settings::Value stray;
    stray.text = "1";
    stray.present = true;
    stray.where = "conformance.yaml:9:3";
    settings.values["no_such_setting"] = stray;
    try {
        create_plugin(descriptor, kind, settings);
        FAIL(
            "the factory accepted a value under 'no_such_setting', a name its table does not "
            "declare; bind the settings with SettingsBinding::bind");
    } catch (const Error& error) {
        INFO(error.what());
        CHECK(std::string(error.what()).find("no_such_setting") != std::string::npos);
    }
    CHECK_THROWS_AS(settings.string("no_such_setting_either"), Error);
}

// Each default, written out as a value, binds: a default that does not parse as its own type
// (a duration "30" instead of "30s") would fail the first user who writes it down.
template <class Harness>
void settings_defaults_bind_as_given_values(PluginKind kind) {
    Harness harness;
    const PluginDescriptor& descriptor = load_plugin(harness.plugin_file(), kind);
    Settings settings =
        with_defaults_given(harness.settings(descriptor.settings()), descriptor.settings());
    REQUIRE_NOTHROW(create_plugin(descriptor, kind, settings));
}

// `ferry validate` runs the check on every pipeline file, before `check` and without a
// network: it receives the settings alone (no HostServices to log or wait with), must accept
// working settings and must name where each problem is.
template <class Harness>
void settings_check_accepts_working_settings(PluginKind kind) {
    Harness harness;
    const PluginDescriptor& descriptor = load_plugin(harness.plugin_file(), kind);
    if (!descriptor.check_settings) {
        WARN("not run: the descriptor has no settings check (with_settings_check)");
        return;
    }
    std::vector<SettingsProblem> problems;
    REQUIRE_NOTHROW(problems = descriptor.check_settings(harness.settings(descriptor.settings())));
    for (const SettingsProblem& problem : problems)
        FAIL_CHECK(problem.where << ": " << problem.message << " (" << problem.code << ")");
}

}  // namespace ferry::sdk::testing

#define FERRY_SETTINGS_CONFORMANCE_(NAME, HARNESS, KIND)                                           \
    TEST_CASE(NAME " conformance: a setting the table does not declare is refused",                \
              "[conformance]") {                                                                   \
        ::ferry::sdk::testing::settings_refuses_an_undeclared_name<HARNESS>(KIND);                 \
    }                                                                                              \
    TEST_CASE(NAME " conformance: every default binds as a given value", "[conformance]") {        \
        ::ferry::sdk::testing::settings_defaults_bind_as_given_values<HARNESS>(KIND);              \
    }                                                                                              \
    TEST_CASE(NAME " conformance: the settings check accepts working settings", "[conformance]") { \
        ::ferry::sdk::testing::settings_check_accepts_working_settings<HARNESS>(KIND);             \
    }
