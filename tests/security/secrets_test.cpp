// Issue 14, items 3 and 5: a secret or substituted value never appears in a message, URLs do
// not carry credentials, control characters never reach a header, and `${file:}` reads only
// a small regular file owned by root or the service user, without ever blocking.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>

#include "support/child_process.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"
#include "test_pipeline.hpp"

using namespace ferry::testing;
using namespace std::chrono_literals;

namespace {

struct PipelineFixture {
    TempDir dir;
    std::string log = (dir / "log").string();

    // A pipeline of the test plugins, with `sink_extra` appended to the sink's settings and
    // `extra` to the file.
    std::string pipeline(const std::string& sink_extra, const std::string& extra = "") {
        return dir
            .write("p.yaml",
                   "pipeline: clinic\nstore: { plugin: store-memory }\n"
                   "source: { plugin: source-testdir, path: " +
                       (dir / "inbox").string() +
                       " }\n"
                       "sink:\n  plugin: sink-recording\n  journal: " +
                       (dir / "journal").string() + "\n" + sink_extra +
                       "schedule:\n  windows:\n    - { days: mon-sun, from: "
                       "\"00:00\", to: \"24:00\", every: 1h }\n" +
                       extra)
            .string();
    }

    std::string ferry(const std::string& arguments) const { return ferry_command(arguments); }
    std::vector<std::string> ferry_argv(std::vector<std::string> arguments) const {
        std::vector<std::string> argv = {FERRY_BINARY, "--plugin-path", FERRY_TEST_PLUGIN_DIR};
        argv.insert(argv.end(), arguments.begin(), arguments.end());
        return argv;
    }

    std::string fifo(const std::string& name) const {
        std::string path = (dir / name).string();
        REQUIRE(::mkfifo(path.c_str(), 0600) == 0);
        return path;
    }
};

const std::string notify_section =
    "notify:\n  smtp_url: \"${env:FERRY_TEST_SMTP_URL}\"\n  from: ferry@clinic.dk\n"
    "  to: [\"${env:FERRY_TEST_RECIPIENT}\"]\n";

}  // namespace

TEST_CASE_METHOD(PipelineFixture,
                 "a validation error on a substituted value names its position but not the value") {
    ::setenv("FERRY_TEST_SMTP_URL", "ftp://leaked-smtp-4711", 1);
    ::setenv("FERRY_TEST_RECIPIENT", "leaked-recipient-4711", 1);
    ::setenv("FERRY_TEST_BASE_URL", "gopher://leaked-base-url-4711", 1);
    ::setenv("FERRY_TEST_CVR", "leaked-cvr-4711", 1);
    std::string file = pipeline("", notify_section);
    auto result = run_command(ferry("validate " + file));
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.output, Catch::Contains(file + ":11:13: notify.smtp_url: the value of "
                                                     "${env:FERRY_TEST_SMTP_URL} (not shown)"));
    CHECK_THAT(result.output, Catch::Contains(file + ":13:8: notify.to[0]: the value of "
                                                     "${env:FERRY_TEST_RECIPIENT} (not shown)"));

    std::string economic = dir.write("economic.yaml",
                                     "pipeline: clinic\nstore: { plugin: store-memory }\n"
                                     "source: { plugin: source-testdir, path: /nonexistent }\n"
                                     "sink:\n  plugin: sink-economic\n"
                                     "  base_url: \"${env:FERRY_TEST_BASE_URL}\"\n"
                                     "  app_secret_token: x\n"
                                     "  companies: [{ cvr: \"${env:FERRY_TEST_CVR}\", "
                                     "agreement_grant_token: y }]\n")
                               .string();
    auto economic_result = run_command(ferry("validate " + economic));
    CHECK(economic_result.exit_code == 2);
    CHECK_THAT(economic_result.output, Catch::Contains(economic + ":6:13: sink.base_url:"));
    CHECK_THAT(economic_result.output, Catch::Contains(economic + ":8:22: sink.companies[0].cvr:"));
    for (const auto& output : {result.output, economic_result.output})
        CHECK_THAT(output, !Catch::Contains("leaked"));
}

TEST_CASE_METHOD(PipelineFixture, "validate refuses credentials inside a URL and names the fix") {
    ::setenv("FERRY_TEST_SMTP_URL", "smtp://relay.clinic.dk?password=leaked-4711", 1);
    ::setenv("FERRY_TEST_RECIPIENT", "it@clinic.dk", 1);
    std::string file = pipeline("", notify_section);
    auto result = run_command(ferry("validate " + file));
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.output,
               Catch::Contains(file + ":11:13: notify.smtp_url: ${env:FERRY_TEST_SMTP_URL} is a "
                                      "URL carrying a 'password' parameter") &&
                   Catch::Contains("put it in `password: \"${file:/etc/ferry/NAME.secret}\"`"));

    std::string novax = dir.write("novax.yaml",
                                  "pipeline: clinic\nstore: { plugin: store-memory }\n"
                                  "source:\n  plugin: source-novax\n  servers:\n"
                                  "    - { location: \"smb://NovaxEksport:leaked-4711@novax-host/"
                                  "Faktura\" }\n"
                                  "sink: { plugin: sink-recording, journal: /nonexistent }\n")
                            .string();
    auto novax_result = run_command(ferry("validate " + novax));
    CHECK(novax_result.exit_code == 2);
    CHECK_THAT(novax_result.output,
               Catch::Contains(novax + ":6:19: source.servers[0].location: the value is a URL "
                                       "carrying a password (user:password@host)") &&
                   Catch::Contains("put it in `password: "));
    for (const auto& output : {result.output, novax_result.output})
        CHECK_THAT(output, !Catch::Contains("leaked"));
}

TEST_CASE_METHOD(PipelineFixture, "a control character in a secret is refused without showing it") {
    std::string secret = dir.write("token.secret", "leaked-4711\r\nX-Injected: 1\n").string();
    ::setenv("FERRY_TEST_TOKEN", "leaked-4711\nX-Injected: 1", 1);
    for (const std::string& token :
         {"\"${file:" + secret + "}\"", std::string("\"${env:FERRY_TEST_TOKEN}\""),
          std::string("\"leaked-4711\\r\\nX-Injected: 1\"")}) {
        CAPTURE(token);
        std::string file = pipeline("  token: " + token + "\n");
        auto result = run_command(ferry("validate " + file));
        CHECK(result.exit_code == 2);
        CHECK_THAT(result.output, Catch::Contains(file + ":7:10: sink.token: ") &&
                                      Catch::Contains("contains a control character"));
        CHECK_THAT(result.output, !Catch::Contains("leaked") && !Catch::Contains("Injected"));
    }
}

TEST_CASE_METHOD(PipelineFixture, "a FIFO as secret file does not hang validate or once") {
    std::string file = pipeline("  token: \"${file:" + fifo("token.secret") + "}\"\n");
    for (const char* command : {"validate", "once"}) {
        CAPTURE(command);
        ChildProcess ferry_process(ferry_argv({command, file}), log);
        auto exit_code = ferry_process.wait(10s);
        REQUIRE(exit_code.has_value());
        CHECK(*exit_code == 2);
        CHECK_THAT(read_file(log), Catch::Contains("token.secret is not a regular file"));
    }
}

TEST_CASE_METHOD(PipelineFixture,
                 "a reload onto a FIFO secret is rejected and the service still stops on SIGTERM") {
    std::string valid = read_file(pipeline(""));
    ChildProcess service(ferry_argv({"run", (dir / "p.yaml").string()}), log);
    REQUIRE(eventually([&] { return read_file(log).find("schedule.next") != std::string::npos; }));
    pipeline("  token: \"${file:" + fifo("token.secret") + "}\"\n");
    service.signal(SIGHUP);
    CHECK(eventually(
        [&] { return read_file(log).find("service.reload_rejected") != std::string::npos; }, 10s));
    service.signal(SIGTERM);
    CHECK(service.wait(10s) == 0);
}

TEST_CASE_METHOD(PipelineFixture,
                 "a secret file owned by another user or too large to be a secret is refused") {
    std::string foreign = dir.write("foreign.secret", "leaked-4711\n").string();
    REQUIRE(::chown(foreign.c_str(), 65534, 65534) == 0);
    std::string large = dir.write("large.secret", std::string(64 * 1024 + 1, 'x')).string();
    std::string file = pipeline("  token: \"${file:" + foreign +
                                "}\"\n  check_problems: [\"${file:" + large + "}\"]\n");
    auto result = run_command(ferry("validate " + file));
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.output,
               Catch::Contains(file + ":7:10: sink.token: secret file " + foreign +
                               " is owned by uid 65534, not by root or the user Ferry runs as"));
    CHECK_THAT(result.output, Catch::Contains(file + ":8:20: sink.check_problems[0]: secret file " +
                                              large + " holds 65537 bytes, more than the 65536"));
    CHECK_THAT(result.output, !Catch::Contains("leaked"));
}

TEST_CASE_METHOD(PipelineFixture, "validate prints a substituted value as its reference") {
    ::setenv("FERRY_TEST_JOURNAL", "/nonexistent/leaked-journal-4711", 1);
    ::setenv("FERRY_TEST_RECIPIENT", "leaked-recipient-4711@clinic.dk", 1);
    std::string file = dir.write("p.yaml",
                                 "pipeline: clinic\nstore: { plugin: store-memory }\n"
                                 "source: { plugin: source-testdir, path: /nonexistent }\n"
                                 "sink: { plugin: sink-recording, journal: "
                                 "\"${env:FERRY_TEST_JOURNAL}\" }\n"
                                 "notify:\n  smtp_url: smtp://relay.clinic.dk:587\n"
                                 "  from: ferry@clinic.dk\n"
                                 "  to: [it@clinic.dk, \"${env:FERRY_TEST_RECIPIENT}\"]\n")
                           .string();
    auto result = run_command(ferry("validate " + file));
    CHECK(result.exit_code == 0);
    CHECK_THAT(result.output, Catch::Contains("journal: ${env:FERRY_TEST_JOURNAL}") &&
                                  Catch::Contains("to: it@clinic.dk ${env:FERRY_TEST_RECIPIENT}"));
    CHECK_THAT(result.output, !Catch::Contains("leaked"));
}
