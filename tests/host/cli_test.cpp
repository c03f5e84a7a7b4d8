#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

using ferry::testing::run_command;
using ferry::testing::TempDir;
namespace fs = std::filesystem;

namespace {

std::string ferry_command(const std::string& arguments) {
    return std::string(FERRY_BINARY) + " --plugin-path " + FERRY_TEST_PLUGIN_DIR + " " + arguments;
}

}  // namespace

TEST_CASE("ferry --version and --help exit 0 and usage errors exit 2") {
    auto version = run_command(FERRY_BINARY " --version");
    CHECK(version.exit_code == 0);
    CHECK_THAT(version.output, Catch::StartsWith("ferry "));

    auto help = run_command(FERRY_BINARY " --help");
    CHECK(help.exit_code == 0);
    CHECK_THAT(help.output, Catch::Contains("Exit codes: 0 success; 1 a run failed"));

    CHECK(run_command(FERRY_BINARY).exit_code == 2);
    CHECK(run_command(FERRY_BINARY " frobnicate").exit_code == 2);
    CHECK(run_command(FERRY_BINARY " validate").exit_code == 2);
}

TEST_CASE("ferry retry --help says DOCUMENT or --rejected and neither is a usage error") {
    auto help = run_command(FERRY_BINARY " retry --help");
    CHECK(help.exit_code == 0);
    CHECK_THAT(help.output, Catch::Contains("exactly one of the two") &&
                                !Catch::Contains("options from the following list"));

    auto neither = run_command(FERRY_BINARY " retry pipeline.yaml");
    CHECK(neither.exit_code == 2);
    CHECK_THAT(neither.output, Catch::Contains("DOCUMENT or --rejected is required"));
    auto both = run_command(FERRY_BINARY " retry pipeline.yaml A1 --rejected");
    CHECK(both.exit_code == 2);
}

TEST_CASE("ferry plugins lists what it found and refuses the rest") {
    auto listed = run_command(ferry_command("plugins"));
    CHECK(listed.exit_code == 0);
    CHECK_THAT(listed.output, Catch::Contains("sink-recording") &&
                                  Catch::Contains("store-memory") &&
                                  Catch::Contains("source-testdir"));

    auto with_bad = run_command(
        ferry_command(std::string("--plugin-path ") + FERRY_BAD_PLUGIN_DIR + " plugins"));
    CHECK(with_bad.exit_code == 1);
    CHECK_THAT(with_bad.output, Catch::Contains("sink-wrong-abi.so") &&
                                    Catch::Contains("built for Ferry SDK ABI version 999"));
}

TEST_CASE("ferry plugins --describe prints the settings table, secrets marked") {
    auto described = run_command(ferry_command("plugins --describe sink-recording"));
    CHECK(described.exit_code == 0);
    CHECK_THAT(described.output, Catch::Contains("journal (string, required)"));
    CHECK_THAT(described.output, Catch::Contains("token (string, optional, secret)"));
    CHECK_THAT(described.output,
               Catch::Contains("die_by (string, optional, default exit, one of exit|throw)"));
    CHECK(run_command(ferry_command("plugins --describe sink-nowhere")).exit_code == 2);

    auto patterned = run_command(std::string(FERRY_BINARY) + " --plugin-path " + FERRY_PLUGIN_DIR +
                                 " plugins --describe sink-economic");
    CHECK(patterned.exit_code == 0);
    CHECK_THAT(patterned.output, Catch::Contains("cvr (string, required, matching [0-9]{8})"));
}

TEST_CASE("ferry plugins --describe shows bounds and former names and prints Markdown") {
    auto described = run_command(ferry_command("plugins --describe sink-recording"));
    CHECK_THAT(described.output,
               Catch::Contains("deliver_delay (duration, optional, default 0s, from 0s to 10s, "
                               "formerly deliver_delay_ms, a number of 1ms)"));
    auto markdown = run_command(ferry_command("plugins --describe sink-recording --markdown"));
    CHECK(markdown.exit_code == 0);
    CHECK_THAT(markdown.output,
               Catch::StartsWith("| Setting | Type | Required | Default | Description |"));
    CHECK_THAT(markdown.output,
               Catch::Contains("| `die_after` | integer | no | `0` | die after this many "
                               "deliveries in this process (0 = never) (from 0 to 1000000) |"));
    CHECK_THAT(markdown.output, Catch::Contains("also accepted as `deliver_delay_ms`"));
    CHECK(run_command(ferry_command("plugins --markdown")).exit_code != 0);
}

TEST_CASE("ferry validate and once warn about a former setting name and name the new one") {
    TempDir dir;
    std::string journal = (dir / "journal").string();
    auto file = dir.write("old.yaml",
                          "pipeline: clinic\nstore: { plugin: store-memory }\n"
                          "source: { plugin: source-testdir, path: " +
                              dir.path().string() +
                              " }\nsink: { plugin: sink-recording, journal: " + journal +
                              ", deliver_delay_ms: 1500 }\n");
    std::string warning = "warning: " + file.string() +
                          ":4:" + std::to_string(44 + journal.size()) +
                          ": sink.deliver_delay_ms is deprecated; write `deliver_delay: 1s500ms`; "
                          "the old name is accepted until the next release";
    auto validated = run_command(ferry_command("validate " + file.string()));
    CHECK(validated.exit_code == 0);
    CHECK_THAT(validated.output, Catch::Contains(warning));
    CHECK_THAT(validated.output, Catch::Contains("deliver_delay: 1s500ms"));
    auto once = run_command(ferry_command("once " + file.string()));
    CHECK_THAT(once.output, Catch::Contains(warning));
}

TEST_CASE(
    "ferry validate reports every problem and exits 2 but a valid file prints masked settings") {
    TempDir dir;
    auto bad =
        dir.write("bad.yaml", "pipeline: clinic\nstore: { plugin: store-memory, size: 3 }\n");
    auto result = run_command(ferry_command("validate " + bad.string()));
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.output, Catch::Contains("error: " + bad.string() +
                                              ":2:32: store.size: unknown setting 'size'"));
    CHECK_THAT(result.output, Catch::Contains("missing required section 'source'"));

    auto good = dir.write("good.yaml",
                          "pipeline: clinic\nstore: { plugin: store-memory }\n"
                          "source: { plugin: source-testdir, path: " +
                              dir.path().string() +
                              " }\n"
                              "sink: { plugin: sink-recording, journal: /dev/null, token: "
                              "\"${env:FERRY_CLI_TOKEN}\" }\n");
    result = run_command("FERRY_CLI_TOKEN=very-secret-token " +
                         ferry_command("validate " + good.string()));
    CHECK(result.exit_code == 0);
    CHECK_THAT(result.output,
               Catch::Contains("pipeline 'clinic' is valid") && Catch::Contains("token: ***"));
    CHECK_THAT(result.output, !Catch::Contains("very-secret-token"));
}

TEST_CASE(
    "ferry validate and ferry once refuse a sink that does not accept what the source makes") {
    TempDir dir;
    auto file = dir.write("nyborg.yaml",
                          "pipeline: clinic\nstore: { plugin: store-memory }\n"
                          "source: { plugin: source-testdir, path: " +
                              dir.path().string() +
                              " }\n"
                              "sink: { plugin: sink-recording-invoices, journal: " +
                              (dir / "journal").string() + " }\n");
    for (const char* command : {"validate ", "once "}) {
        auto result = run_command(ferry_command(command + file.string()));
        INFO(result.output);
        CHECK(result.exit_code == 2);
        CHECK_THAT(result.output,
                   Catch::Contains(file.string() +
                                   ":4:17: sink.plugin: source-testdir produces credit-note, which "
                                   "sink-recording-invoices does not accept (it accepts invoice)"));
    }
    auto described = run_command(ferry_command("plugins --describe sink-recording-invoices"));
    CHECK_THAT(described.output, Catch::Contains("accepts: invoice\n"));
    described = run_command(ferry_command("plugins --describe source-testdir"));
    CHECK_THAT(described.output, Catch::Contains("produces: invoice, credit-note\n"));
}

TEST_CASE("ferry once runs a pass and reports it") {
    TempDir dir;
    dir.write("inbox/11223344_invoice_1.txt", "date: 2026-02-01\nnet: 1.00\n");
    dir.write("inbox/11223344_invoice_2.txt", "date: 2026-02-01\nreject: test.bad\n");
    auto file = dir.write("p.yaml",
                          "pipeline: clinic\nstore: { plugin: store-memory }\n"
                          "source: { plugin: source-testdir, path: " +
                              (dir / "inbox").string() +
                              " }\n"
                              "sink: { plugin: sink-recording, journal: " +
                              (dir / "journal").string() + " }\n");
    auto result = run_command(ferry_command("once " + file.string()));
    CHECK(result.exit_code == 0);
    CHECK_THAT(result.output, Catch::Contains("clinic: listed 2, delivered 1, rejected 1"));
    CHECK_THAT(result.output, Catch::Contains("document.rejected 11223344/invoice/2 test.bad"));
}

TEST_CASE("ferry check lists the source and reports every problem the sink finds") {
    TempDir dir;
    std::string base =
        "pipeline: clinic\nstore: { plugin: store-memory }\n"
        "source: { plugin: source-testdir, path: " +
        dir.path().string() + " }\n";
    dir.write("11223344_invoice_1.txt", "date: 2026-02-01\n");
    auto good =
        dir.write("good.yaml", base + "sink: { plugin: sink-recording, journal: /dev/null }\n");
    auto result = run_command(ferry_command("check " + good.string()));
    CHECK(result.exit_code == 0);
    CHECK_THAT(result.output, Catch::Contains("clinic: source lists 1 document(s)") &&
                                  Catch::Contains("reachable and usable"));

    auto bad = dir.write("bad.yaml", base +
                                         "sink: { plugin: sink-recording, journal: /dev/null, "
                                         "check_problems: [no grant, no layout 19] }\n");
    result = run_command(ferry_command("check " + bad.string()));
    CHECK(result.exit_code == 1);
    CHECK_THAT(result.output, Catch::Contains("problem recording.check: no grant") &&
                                  Catch::Contains("problem recording.check: no layout 19"));
}

TEST_CASE("ferry schedule prints the next passes and validate rejects an unknown time zone") {
    TempDir dir;
    std::string base =
        "pipeline: clinic\nstore: { plugin: store-memory }\n"
        "source: { plugin: source-testdir, path: /a }\n"
        "sink: { plugin: sink-recording, journal: /dev/null }\n";
    auto file = dir.write(
        "p.yaml", base +
                      "schedule:\n  timezone: Europe/Copenhagen\n  windows:\n"
                      "    - { days: mon-sun, from: \"00:00\", to: \"24:00\", every: 2h }\n");
    auto result = run_command(ferry_command("schedule " + file.string() + " --count 3"));
    CHECK(result.exit_code == 0);
    CHECK_THAT(result.output, Catch::Contains("clinic: next 3 passes (Europe/Copenhagen)"));
    CHECK_THAT(result.output,
               Catch::Matches("(?:.|\\n)*(  \\w{3} \\d{4}-\\d\\d-\\d\\d "
                              "(00|02|04|06|08|10|12|14|16|18|20|22):00 CES?T\\n){3}"));

    auto bad = dir.write("bad.yaml", base + "schedule: { timezone: Europe/Atlantis }\n");
    result = run_command(ferry_command("validate " + bad.string()));
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.output,
               Catch::Contains(bad.string() + ":5:23: unknown time zone 'Europe/Atlantis'"));
}

TEST_CASE("JSON logs: one object per line and documents by key only") {
    TempDir dir;
    dir.write("inbox/11223344_invoice_7.txt",
              "date: 2026-02-01\ncustomer: Jens Hansen\ncpr: 0101701234\n");
    auto file = dir.write("p.yaml",
                          "pipeline: clinic\nstore: { plugin: store-memory }\n"
                          "source: { plugin: source-testdir, path: " +
                              (dir / "inbox").string() +
                              " }\n"
                              "sink: { plugin: sink-recording, journal: " +
                              (dir / "journal").string() + " }\n");
    auto result = run_command(ferry_command("--log-format json once " + file.string()));
    CHECK(result.exit_code == 0);
    CHECK_THAT(result.output,
               Catch::Contains("{\"document\":{\"company\":\"11223344\",\"kind\":\"invoice\","
                               "\"number\":\"7\"},\"event\":\"document.delivered\""));
    CHECK_THAT(result.output, !Catch::Contains("Hansen") && !Catch::Contains("0101701234"));
    std::istringstream lines(result.output);
    for (std::string line; std::getline(lines, line);) {
        INFO(line);
        if (line.rfind("clinic: listed", 0) != 0)  // the summary on stdout; the log is stderr
            CHECK_THAT(line, Catch::StartsWith("{") && Catch::EndsWith("}"));
    }
}

TEST_CASE("ferry plugins --reference prints every settings table as Markdown") {
    auto reference = run_command(ferry_command("plugins --reference"));
    CHECK(reference.exit_code == 0);
    CHECK_THAT(reference.output, Catch::StartsWith("# Pipeline reference"));
    CHECK_THAT(reference.output,
               Catch::Contains("| `schedule.windows[].every` | duration | yes |"));
    CHECK_THAT(reference.output, Catch::Contains("## sink-recording (sink)"));
    CHECK_THAT(reference.output, Catch::Contains("| `token` | string, secret | no |  |"));
    CHECK_THAT(reference.output, Catch::Contains("(one of `exit`, `throw`)"));
    CHECK_THAT(reference.output, Catch::Contains("(matches `([01][0-9]\\|2[0-3]):[0-5][0-9]`)"));

    auto refused = run_command(ferry_command(std::string("--plugin-path ") + FERRY_BAD_PLUGIN_DIR +
                                             " plugins --reference"));
    CHECK(refused.exit_code == 1);
}

TEST_CASE("ferry new-plugin scaffolds a named plugin and its test into an empty folder") {
    TempDir dir;
    auto made = run_command(FERRY_BINARY " new-plugin fortnox --kind sink --dir " +
                            (dir.path() / "fortnox").string());
    REQUIRE(made.exit_code == 0);
    CHECK_THAT(made.output, Catch::Contains("created sink sink-fortnox plugin"));
    auto read = [&](const char* file) {
        std::ifstream in(dir.path() / "fortnox" / file);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    CHECK_THAT(read("CMakeLists.txt"),
               Catch::Contains("ferry_add_plugin(sink-fortnox KIND sink SOURCES src/plugin.cpp)"));
    CHECK_THAT(read("src/plugin.cpp"),
               Catch::Contains("FERRY_PLUGIN(describe_sink(\"sink-fortnox\""));
    CHECK_THAT(read("tests/conformance_test.cpp"),
               Catch::Contains("FERRY_SINK_CONFORMANCE(\"sink-fortnox\", Target)"));
    CHECK_THAT(read("README.md"), Catch::StartsWith("# sink-fortnox"));
    CHECK(read("src/plugin.cpp").find('@') == std::string::npos);

    auto again = run_command(FERRY_BINARY " new-plugin fortnox --kind sink --dir " +
                             (dir.path() / "fortnox").string());
    CHECK(again.exit_code == 2);
    CHECK_THAT(again.output, Catch::Contains("already exists and is not empty"));
    auto bad_name = run_command(FERRY_BINARY " new-plugin Fort_Nox --kind sink --dir " +
                                (dir.path() / "other").string());
    CHECK(bad_name.exit_code == 2);
    CHECK(run_command(FERRY_BINARY " new-plugin x --kind printer").exit_code == 2);
}

TEST_CASE("ferry new-plugin prints the CMAKE_PREFIX_PATH of an SDK installed outside /usr") {
    TempDir dir;
    // An installed layout: bin/ferry and the SDK's CMake package under one prefix.
    fs::path prefix = dir.path() / "opt" / "ferry";
    fs::create_directories(prefix / "bin");
    fs::copy_file(FERRY_BINARY, prefix / "bin" / "ferry");
    dir.write("opt/ferry/" FERRY_SDK_PACKAGE_DIR "/FerrySDKConfig.cmake", "");
    auto installed =
        run_command((prefix / "bin" / "ferry").string() + " new-plugin fortnox --kind sink --dir " +
                    (dir.path() / "fortnox").string());
    REQUIRE(installed.exit_code == 0);
    CHECK_THAT(installed.output,
               Catch::Contains("/build -DCMAKE_PREFIX_PATH=" + prefix.string() + " && "));

    // A ferry in a build tree has no SDK installed beside it: the command says what to give.
    auto in_tree = run_command(FERRY_BINARY " new-plugin fortnox --kind sink --dir " +
                               (dir.path() / "in-tree").string());
    REQUIRE(in_tree.exit_code == 0);
    CHECK_THAT(in_tree.output, Catch::Contains("-DCMAKE_PREFIX_PATH=<prefix> && ") &&
                                   Catch::Contains("no Ferry SDK is installed beside this ferry"));
}
