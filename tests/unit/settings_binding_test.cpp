#include <catch2/catch.hpp>

#include "ferry/sdk/settings_binding.hpp"

using namespace ferry::sdk;

namespace {

enum class Mode { fast, safe };

struct Limits {
    std::int64_t per_hour = 100;
    bool strict = false;
};

struct Config {
    std::string url = "https://example.test";
    std::string token;
    std::int64_t attempts = 4;
    Duration timeout = Duration::seconds(30);
    std::optional<Date> first_date;
    Mode mode = Mode::safe;
    std::vector<std::string> tags;
    Limits limits;
    std::vector<Limits> per_company;
};

const SettingsBinding<Limits>& limits_binding() {
    static const SettingsBinding<Limits> binding{
        setting("per_hour", &Limits::per_hour).range(1, 1000).describe("requests per hour"),
        setting("strict", &Limits::strict).describe("refuse rather than wait"),
    };
    return binding;
}

const SettingsBinding<Config>& binding() {
    static const SettingsBinding<Config> binding{
        setting("url", &Config::url).pattern("https?://.+").describe("where"),
        setting("token", &Config::token).required().secret().describe("who"),
        setting("attempts", &Config::attempts).range(1, 10).describe("how often"),
        setting("timeout", &Config::timeout)
            .range(Duration::seconds(1), Duration::minutes(10))
            .renamed_from("timeout_seconds", Duration::seconds(1))
            .describe("how long"),
        setting("first_date", &Config::first_date).describe("from when"),
        choice("mode", &Config::mode, {{"fast", Mode::fast}, {"safe", Mode::safe}}).describe("how"),
        setting("tags", &Config::tags).describe("labels"),
        object("limits", &Config::limits, limits_binding()).describe("limits"),
        objects("per_company", &Config::per_company, limits_binding())
            .inherits_defaults()
            .describe("limits by company"),
    };
    return binding;
}

Settings::Value given(std::string text) {
    Settings::Value value;
    value.text = std::move(text);
    value.present = true;
    value.where = "test.yaml:3:9";
    return value;
}

}  // namespace

TEST_CASE("durations parse as people write them and print canonically") {
    CHECK(Duration::parse("250ms") == Duration::milliseconds(250));
    CHECK(Duration::parse("30s") == Duration::seconds(30));
    CHECK(Duration::parse("15m") == Duration::minutes(15));
    CHECK(Duration::parse("2h") == Duration::hours(2));
    CHECK(Duration::parse("1d") == Duration::days(1));
    CHECK(Duration::parse("1h30m") == Duration::minutes(90));
    CHECK(Duration::parse("0") == Duration());
    for (const char* bad : {"", "30", "-5s", "1.5h", "2m1h", "5x", "1h1h", "s", "99999999999999d"})
        CHECK_FALSE(Duration::parse(bad));
    CHECK(Duration::seconds(90).to_string() == "1m30s");
    CHECK(Duration::milliseconds(500).to_string() == "500ms");
    CHECK(Duration().to_string() == "0s");
    CHECK(Duration::days(2).to_string() == "2d");
    CHECK(Duration::parse(Duration::milliseconds(93'784'005).to_string()) ==
          Duration::milliseconds(93'784'005));
}

TEST_CASE("the binding describes each setting with the member initializer as its default") {
    const SettingsTable& table = binding().table();
    REQUIRE(table.size() == 9);
    CHECK(table[0].default_value == "https://example.test");
    CHECK(table[0].pattern == "https?://.+");
    CHECK(table[1].required);
    CHECK(table[1].secret);
    CHECK(table[1].default_value.empty());
    CHECK(table[2].type == SettingType::integer);
    CHECK(table[2].default_value == "4");
    CHECK(table[2].minimum == 1);
    CHECK(table[2].maximum == 10);
    CHECK(table[3].type == SettingType::duration);
    CHECK(table[3].default_value == "30s");
    CHECK(table[3].minimum == 1000);
    CHECK(table[3].former_name == "timeout_seconds");
    CHECK(table[3].former_unit == "1s");
    CHECK(table[4].type == SettingType::date);
    CHECK(table[4].default_value.empty());
    CHECK(table[5].choices == std::vector<std::string>{"fast", "safe"});
    CHECK(table[5].default_value == "safe");
    CHECK(table[6].type == SettingType::string_list);
    CHECK(table[7].type == SettingType::object);
    CHECK(table[7].fields[0].default_value == "100");
    CHECK(table[8].type == SettingType::object_list);
    CHECK(table[8].fields[0].default_value.empty());
}

TEST_CASE("binding applies the given values and keeps the defaults of the others") {
    Settings settings;
    settings.origin = "test.yaml: sink";
    settings.values["token"] = given("t0k3n");
    settings.values["timeout"] = given("2m");
    settings.values["mode"] = given("fast");
    settings.values["first_date"] = given("2026-01-01");
    settings.values["tags"].items = {"a", "b"};
    settings.values["tags"].present = true;
    Settings limits;
    limits.values["strict"] = given("true");
    settings.values["limits"].objects.push_back(limits);
    Config config = binding().bind(settings);
    CHECK(config.token == "t0k3n");
    CHECK(config.timeout == Duration::minutes(2));
    CHECK(config.mode == Mode::fast);
    CHECK(config.first_date == Date::parse("2026-01-01"));
    CHECK(config.tags == std::vector<std::string>{"a", "b"});
    CHECK(config.limits.strict);
    CHECK(config.limits.per_hour == 100);
    CHECK(config.attempts == 4);
    CHECK(config.url == "https://example.test");
}

TEST_CASE("binding refuses undeclared names and values the host would refuse") {
    Settings settings;
    settings.origin = "test.yaml: sink";
    settings.values["token"] = given("t");
    auto code_of = [&](const char* name, const char* text) {
        Settings copy = settings;
        copy.values[name] = given(text);
        try {
            binding().bind(copy);
        } catch (const Error& error) {
            return error.code();
        }
        return std::string("none");
    };
    CHECK(code_of("timeout_seconds", "30") == "settings.undeclared");
    CHECK(code_of("attempts", "11") == "settings.range");
    CHECK(code_of("attempts", "x") == "settings.type");
    CHECK(code_of("timeout", "500ms") == "settings.range");
    CHECK(code_of("timeout", "30") == "settings.type");
    CHECK(code_of("mode", "slow") == "settings.choice");
    CHECK(code_of("attempts", "10") == "none");
    Settings without_token;
    CHECK_THROWS_AS(binding().bind(without_token), Error);
}

TEST_CASE("an inherited object is left to the plugin and applied over the inherited values") {
    Settings settings;
    settings.values["token"] = given("t");
    Settings company;
    company.values["per_hour"] = given("7");
    settings.values["per_company"].objects.push_back(company);
    settings.values["per_company"].present = true;
    Config config = binding().bind(settings);
    REQUIRE(config.per_company.empty());
    Limits inherited{.per_hour = 50, .strict = true};
    limits_binding().apply(company, inherited);
    CHECK(inherited.per_hour == 7);
    CHECK(inherited.strict);
}

TEST_CASE("settings getters throw for a name the table does not declare") {
    Settings settings;
    settings.origin = "p.yaml:5:3: sink (plugin sink-example)";
    settings.values["journal"] = given("/tmp/j");
    CHECK(settings.string("journal") == "/tmp/j");
    try {
        (void)settings.string("jurnal");
        FAIL("an undeclared name must not read as an empty string");
    } catch (const Error& error) {
        CHECK(error.code() == "settings.undeclared");
        CHECK_THAT(error.what(), Catch::Contains("sink-example") && Catch::Contains("'jurnal'"));
    }
    CHECK_THROWS_AS(settings.integer("x"), Error);
    CHECK_THROWS_AS(settings.given("x"), Error);
    CHECK(settings.where("x") == settings.origin);
}
