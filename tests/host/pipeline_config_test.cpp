#include <catch2/catch.hpp>
#include <sstream>

#include "cli/describe.hpp"
#include "config/pipeline.hpp"
#include "support/temp_dir.hpp"

using namespace ferry;
using ferry::testing::TempDir;

namespace {

const std::string good_pipeline =
    "pipeline: clinic\n"
    "store: { plugin: store-memory }\n"
    "source:\n"
    "  plugin: source-testdir\n"
    "  path: /tmp/in\n"
    "sink:\n"
    "  plugin: sink-recording\n"
    "  journal: /tmp/journal\n"
    "  token: ${env:FERRY_TEST_TOKEN}\n";

// good_pipeline without its secret: settings appended to it start on line 9.
const std::string plain_pipeline = good_pipeline.substr(0, good_pipeline.find("  token:"));

ConfigErrors errors_of(const TempDir& dir, const std::string& yaml) {
    PluginCatalog catalog({FERRY_TEST_PLUGIN_DIR});
    auto file = dir.write("p.yaml", yaml);
    try {
        load_pipeline(file, catalog);
    } catch (const ConfigError& error) {
        return error.errors();
    }
    return {};
}

}  // namespace

TEST_CASE("a valid pipeline loads with defaults filled and references substituted") {
    TempDir dir;
    ::setenv("FERRY_TEST_TOKEN", "s3cr3t-value", 1);
    PluginCatalog catalog({FERRY_TEST_PLUGIN_DIR});
    PipelineConfig config = load_pipeline(dir.write("p.yaml", good_pipeline), catalog);
    CHECK(config.name == "clinic");
    CHECK(config.source.plugin->name() == "source-testdir");
    CHECK(config.source.settings.string("path") == "/tmp/in");
    CHECK(config.sink.settings.string("token") == "s3cr3t-value");
    CHECK(config.sink.settings.integer("die_after") == 0);
    CHECK(config.sink.settings.where("journal") == (dir / "p.yaml").string() + ":8:12");
    CHECK(config.host.object("schedule").string("timezone") == "Europe/Copenhagen");

    SECTION("secrets are printed as ***") {
        std::ostringstream out;
        print_settings(out, config.sink.settings, config.sink.plugin->settings_table());
        CHECK_THAT(out.str(), Catch::Contains("token: ***"));
        CHECK_THAT(out.str(), !Catch::Contains("s3cr3t"));
        CHECK_THAT(out.str(), Catch::Contains("journal: /tmp/journal"));
    }
    ::unsetenv("FERRY_TEST_TOKEN");
}

TEST_CASE("unknown keys, wrong types and missing settings are reported with line and column") {
    TempDir dir;
    std::string file = (dir / "p.yaml").string();
    ConfigErrors errors = errors_of(dir,
                                    "pipeline: clinic\n"
                                    "store: { plugin: store-memory }\n"
                                    "source:\n"
                                    "  plugin: source-testdir\n"
                                    "  first_date: 2026-13-01\n"
                                    "  colour: blue\n"
                                    "sink:\n"
                                    "  plugin: sink-recording\n"
                                    "  journal: [a, b]\n"
                                    "  die_after: soon\n"
                                    "  die_by: explode\n");
    REQUIRE(errors.size() == 6);
    CHECK(errors[0] ==
          file + ":5:15: source.first_date: expected a date YYYY-MM-DD, found '2026-13-01'");
    CHECK(errors[1] ==
          file + ":6:3: source.colour: unknown setting 'colour'; known settings: path, first_date");
    CHECK(errors[2] == file +
                           ":4:3: source.path: missing required setting 'path' (folder holding the "
                           "test documents)");
    CHECK(errors[3] == file + ":9:12: sink.journal: expected a string, found a list");
    CHECK(errors[4] == file + ":10:14: sink.die_after: expected an integer, found 'soon'");
    CHECK(errors[5] == file + ":11:11: sink.die_by: 'explode' is not one of: exit, throw");
}

TEST_CASE("duplicate keys are errors, at every level") {
    TempDir dir;
    std::string file = (dir / "p.yaml").string();
    ConfigErrors errors = errors_of(dir,
                                    "pipeline: clinic\n"
                                    "store: { plugin: store-memory }\n"
                                    "source: { plugin: source-testdir, path: /a, path: /b }\n"
                                    "sink: { plugin: sink-recording, journal: /j }\n"
                                    "pipeline: other\n");
    REQUIRE(errors.size() == 2);
    CHECK(errors[0] == file + ":5:1: pipeline: duplicate key 'pipeline' (first given at line 1)");
    CHECK(errors[1] == file + ":3:45: source.path: duplicate key 'path' (first given at line 3)");
}

TEST_CASE("missing sections, unknown plugins and plugins of the wrong kind are errors") {
    TempDir dir;
    std::string file = (dir / "p.yaml").string();
    ConfigErrors errors = errors_of(dir,
                                    "pipeline: clinic\n"
                                    "store: { plugin: sink-recording, journal: /j }\n"
                                    "source: { plugin: source-nowhere }\n");
    REQUIRE(errors.size() == 3);
    CHECK(errors[0] ==
          file + ":2:18: store.plugin: 'sink-recording' is a sink plugin, not a store");
    CHECK_THAT(errors[1],
               Catch::StartsWith(file + ":3:19: source.plugin: plugin 'source-nowhere' not found"));
    CHECK(errors[2] == file + ":1:1: missing required section 'sink' (with 'plugin: NAME')");
}

TEST_CASE("YAML syntax errors point at the place") {
    TempDir dir;
    ConfigErrors errors = errors_of(dir, "pipeline: clinic\nstore: { plugin: store-memory\n");
    REQUIRE(errors.size() == 1);
    CHECK_THAT(errors[0], Catch::StartsWith((dir / "p.yaml").string() + ":3:1: YAML syntax error"));
}

TEST_CASE(
    "secret references: missing variables and loose secret files are refused, never printed") {
    TempDir dir;
    std::string file = (dir / "p.yaml").string();
    auto loose = dir.write("loose.secret", "hunter2\n", 0644);
    auto tight = dir.write("tight.secret", "hunter2\n", 0600);
    std::string base =
        "pipeline: clinic\nstore: { plugin: store-memory }\nsource: { plugin: source-testdir, "
        "path: /a }\n";

    ConfigErrors errors = errors_of(dir, base +
                                             "sink: { plugin: sink-recording, journal: /j, token: "
                                             "\"${env:FERRY_TEST_UNSET}\" }\n");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0] ==
          file + ":4:53: sink.token: environment variable FERRY_TEST_UNSET is not set");

    errors = errors_of(dir, base + "sink: { plugin: sink-recording, journal: /j, token: \"${file:" +
                                loose.string() + "}\" }\n");
    REQUIRE(errors.size() == 1);
    CHECK_THAT(errors[0],
               Catch::Contains("secret file " + loose.string() +
                               " is accessible by group or others (mode 0644); run chmod 600"));
    CHECK_THAT(errors[0], !Catch::Contains("hunter2"));

    PluginCatalog catalog({FERRY_TEST_PLUGIN_DIR});
    auto config =
        load_pipeline(dir.write("ok.yaml", base +
                                               "sink: { plugin: sink-recording, journal: /j, "
                                               "token: \"${file:" +
                                               tight.string() + "}\" }\n"),
                      catalog);
    CHECK(config.sink.settings.string("token") == "hunter2");
}

TEST_CASE("a secret setting's value never appears in a validation error") {
    TempDir dir;
    PluginCatalog catalog({FERRY_TEST_PLUGIN_DIR});
    sdk::SettingsTable table = {{.name = "pin", .secret = true, .pattern = "[0-9]{4}"}};
    auto node = YAML::Load("pin: hunter2-secret\n");
    ConfigErrors errors;
    validate_settings(node, table, "sink", "f.yaml", errors);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0] == "f.yaml:1:6: sink.pin: *** does not have the expected form ([0-9]{4})");
}

TEST_CASE("a setting under its former name is converted and the warning names the new one") {
    TempDir dir;
    PluginCatalog catalog({FERRY_TEST_PLUGIN_DIR});
    PipelineConfig config =
        load_pipeline(dir.write("p.yaml", plain_pipeline + "  deliver_delay_ms: 250\n"
                                                           "  check_texts: [busy]\n"),
                      catalog);
    CHECK(config.sink.settings.string("deliver_delay") == "250ms");
    CHECK(config.sink.settings.strings("check_problems") == std::vector<std::string>{"busy"});
    std::string file = (dir / "p.yaml").string();
    REQUIRE(config.warnings.size() == 2);
    CHECK(config.warnings[0] == file +
                                    ":9:3: sink.deliver_delay_ms is deprecated; write "
                                    "`deliver_delay: 250ms`; the old name is accepted until the "
                                    "next release");
    CHECK(config.warnings[1] == file +
                                    ":10:3: sink.check_texts is deprecated; write "
                                    "`check_problems:` instead; the old name is accepted until "
                                    "the next release");
}

TEST_CASE("a setting given under both its names is an error") {
    TempDir dir;
    auto errors = errors_of(dir, plain_pipeline + "  deliver_delay: 1s\n  deliver_delay_ms: 5\n");
    REQUIRE(errors.size() == 1);
    CHECK_THAT(errors[0], Catch::StartsWith((dir / "p.yaml").string() + ":10:3: "));
    CHECK_THAT(errors[0], Catch::Contains("both 'deliver_delay' and its former name "
                                          "'deliver_delay_ms' are given; keep only "
                                          "'deliver_delay'"));
}

TEST_CASE("bounds and durations are checked at the value's line and column") {
    TempDir dir;
    std::string file = (dir / "p.yaml").string();
    auto errors = errors_of(dir, plain_pipeline + "  die_after: -1\n  deliver_delay: 11s\n");
    REQUIRE(errors.size() == 2);
    CHECK(errors[0] == file +
                           ":9:14: sink.die_after: '-1' is out of range; write a value from 0 "
                           "to 1000000");
    CHECK(errors[1] == file +
                           ":10:18: sink.deliver_delay: '11s' is out of range; write a value from "
                           "0s to 10s");
    errors = errors_of(dir, plain_pipeline + "  deliver_delay: 30\n");
    REQUIRE(errors.size() == 1);
    CHECK_THAT(errors[0], Catch::Contains(":9:18: sink.deliver_delay: expected a duration like "
                                          "250ms, 30s, 15m, 2h or 1h30m, found '30'"));
    errors = errors_of(dir, plain_pipeline + "  deliver_delay_ms: soon\n");
    REQUIRE(errors.size() == 1);
    CHECK_THAT(errors[0], Catch::Contains(":9:21: sink.deliver_delay_ms: expected a whole number"));
}

TEST_CASE("the plugin's settings check refuses the pipeline at the value's line and column") {
    TempDir dir;
    auto errors =
        errors_of(dir, plain_pipeline + "  reject_numbers: ['7']\n  retry_numbers: ['8', '7']\n");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0] == (dir / "p.yaml").string() +
                           ":10:18: sink: 7 is in both reject_numbers and retry_numbers; keep it "
                           "in one (recording.settings)");
    CHECK(errors_of(dir, plain_pipeline + "  reject_numbers: ['7']\n").empty());
}

TEST_CASE("reading a setting the table does not declare throws and names the plugin") {
    TempDir dir;
    PluginCatalog catalog({FERRY_TEST_PLUGIN_DIR});
    PipelineConfig config = load_pipeline(dir.write("p.yaml", plain_pipeline), catalog);
    try {
        (void)config.sink.settings.string("jurnal");
        FAIL("an undeclared name must not read as an empty string");
    } catch (const sdk::Error& error) {
        CHECK(error.code() == "settings.undeclared");
        CHECK_THAT(error.what(), Catch::Contains("sink-recording") && Catch::Contains("'jurnal'") &&
                                     Catch::Contains("journal"));
    }
    CHECK_THROWS_AS(config.sink.settings.has("jurnal"), sdk::Error);
}

TEST_CASE("schedule intervals are durations") {
    TempDir dir;
    std::string with_window = plain_pipeline +
                              "schedule:\n  windows:\n"
                              "    - { days: mon-sun, from: \"00:00\", to: \"24:00\", every: ";
    CHECK(errors_of(dir, with_window + "1h30m }\n").empty());
    auto errors = errors_of(dir, with_window + "often }\n");
    REQUIRE(errors.size() == 1);
    CHECK_THAT(errors[0], Catch::Contains("schedule.windows[0].every: expected a duration"));
}

TEST_CASE("a sink that does not accept a kind its source produces is refused naming both") {
    TempDir dir;
    std::string file = (dir / "p.yaml").string();
    ConfigErrors errors = errors_of(dir,
                                    "pipeline: clinic\n"
                                    "store: { plugin: store-memory }\n"
                                    "source: { plugin: source-testdir, path: /tmp/in }\n"
                                    "sink: { plugin: sink-recording-invoices, journal: /j }\n");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0] == file +
                           ":4:17: sink.plugin: source-testdir produces credit-note, which "
                           "sink-recording-invoices does not accept (it accepts invoice); choose "
                           "a sink that accepts credit-note, or a source that does not produce it");
}

TEST_CASE("a store built before a kind existed is refused for a pipeline that carries it") {
    TempDir dir;
    std::string file = (dir / "p.yaml").string();
    ConfigErrors errors = errors_of(dir,
                                    "pipeline: clinic\n"
                                    "store: { plugin: store-memory-invoices-era }\n"
                                    "source: { plugin: source-testdir, path: /tmp/in }\n"
                                    "sink: { plugin: sink-recording, journal: /j }\n");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0] == file +
                           ":2:18: store.plugin: source-testdir produces credit-note, which "
                           "store-memory-invoices-era was built too early to know (it knows "
                           "invoice); rebuild store-memory-invoices-era against this Ferry's SDK");
}
