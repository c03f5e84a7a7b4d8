#include <catch2/catch.hpp>

#include "support/child_process.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

using namespace ferry::testing;
using namespace std::chrono_literals;

namespace {

struct ServiceFixture {
    TempDir dir;
    std::string pipeline = dir.write("p.yaml",
                                     "pipeline: clinic\nstore: { plugin: store-memory }\n"
                                     "source: { plugin: source-testdir, path: " +
                                         (dir / "inbox").string() +
                                         " }\n"
                                         "sink: { plugin: sink-recording, journal: " +
                                         (dir / "journal").string() +
                                         " }\n"
                                         "schedule:\n  windows:\n    - { days: mon-sun, from: "
                                         "\"00:00\", to: \"24:00\", every: 1h }\n")
                               .string();
    std::string log = (dir / "log").string();

    ServiceFixture() { dir.write("inbox/11223344_invoice_1.txt", "date: 2026-02-01\n"); }

    std::vector<std::string> ferry(std::vector<std::string> arguments) {
        std::vector<std::string> argv = {FERRY_BINARY, "--plugin-path", FERRY_TEST_PLUGIN_DIR};
        argv.insert(argv.end(), arguments.begin(), arguments.end());
        return argv;
    }
};

}  // namespace

TEST_CASE_METHOD(ServiceFixture, "ferry run --once runs one pass of each pipeline and exits") {
    ChildProcess service(ferry({"run", pipeline, "--once"}), log);
    CHECK(service.wait(30s) == 0);
    CHECK_THAT(read_file(log), Catch::Contains("document.delivered 11223344/invoice/1"));
    CHECK_THAT(read_file(dir / "journal"), Catch::Contains("ferry:clinic:11223344/invoice/1"));
}

// Whoever starts the service sees it work, and a restart catches up, without waiting an hour
// for the schedule's next pass.
TEST_CASE_METHOD(ServiceFixture, "ferry run starts with a pass, then waits for the schedule") {
    ChildProcess service(ferry({"run", pipeline}), log);
    REQUIRE(eventually([&] { return read_file(log).find("schedule.next") != std::string::npos; }));
    std::string text = read_file(log);
    auto delivered = text.find("document.delivered 11223344/invoice/1");
    CHECK(delivered != std::string::npos);
    CHECK(delivered < text.find("schedule.next"));
    service.signal(SIGTERM);
    CHECK(service.wait(10s) == 0);
}

TEST_CASE_METHOD(ServiceFixture,
                 "SIGTERM stops the service promptly, even while it waits for a window") {
    ChildProcess service(ferry({"run", pipeline}), log);
    REQUIRE(eventually([&] { return read_file(log).find("schedule.next") != std::string::npos; }));
    service.signal(SIGTERM);
    CHECK(service.wait(10s) == 0);
    CHECK_THAT(read_file(log), Catch::Contains("service.stop"));
}

TEST_CASE_METHOD(ServiceFixture,
                 "SIGHUP with an invalid pipeline file keeps the running configuration") {
    ChildProcess service(ferry({"run", pipeline}), log);
    REQUIRE(eventually([&] { return read_file(log).find("schedule.next") != std::string::npos; }));
    std::string valid = read_file(pipeline);
    dir.write("p.yaml", valid + "colour: blue\n");
    service.signal(SIGHUP);
    REQUIRE(eventually(
        [&] { return read_file(log).find("service.reload_rejected") != std::string::npos; }));
    CHECK_THAT(read_file(log), Catch::Contains("unknown setting 'colour'"));
    CHECK(service.running());

    dir.write("p.yaml", valid);
    service.signal(SIGHUP);
    REQUIRE(eventually([&] {
        return read_file(log).find("service.reload pipeline files are valid") != std::string::npos;
    }));
    service.signal(SIGINT);
    CHECK(service.wait(10s) == 0);
}

TEST_CASE_METHOD(ServiceFixture, "ferry run refuses invalid pipeline files before starting") {
    auto bad = dir.write("bad.yaml", "pipeline: clinic\n");
    ChildProcess service(ferry({"run", pipeline, bad.string()}), log);
    CHECK(service.wait(10s) == 2);
    CHECK_THAT(read_file(log), Catch::Contains("missing required section 'source'"));
}
