#include <catch2/catch.hpp>
#include <thread>

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

namespace {

int threads_of(pid_t pid) {
    std::string status = read_file("/proc/" + std::to_string(pid) + "/status");
    auto at = status.find("Threads:");
    return at == std::string::npos ? 0 : std::stoi(status.substr(at + 8));
}

}  // namespace

TEST_CASE_METHOD(ServiceFixture, "ferry run --once runs many pipelines on a few threads") {
    constexpr int pipelines = 12;
    for (int p = 1; p <= pipelines; ++p) {
        std::string name = "clinic" + std::to_string(p);
        dir.write("many/" + name + ".yaml",
                  "pipeline: " + name + "\nstore: { plugin: store-memory, name: many-" + name +
                      " }\nsource: { plugin: source-testdir, path: " +
                      (dir / ("inbox-" + name)).string() +
                      " }\nsink: { plugin: sink-recording, deliver_delay: 150ms, journal: " +
                      (dir / ("journal-" + name)).string() + " }\n");
        dir.write("inbox-" + name + "/11223344_invoice_1.txt", "date: 2026-02-01\n");
        dir.write("inbox-" + name + "/11223344_invoice_2.txt", "date: 2026-02-02\n");
    }
    ChildProcess service(ferry({"run", (dir / "many").string(), "--once", "--passes-at-once", "3"}),
                         log);
    int most_threads = 0;
    auto until = std::chrono::steady_clock::now() + 60s;
    while (!service.wait(0ms) && std::chrono::steady_clock::now() < until) {
        most_threads = std::max(most_threads, threads_of(service.pid()));
        std::this_thread::sleep_for(10ms);
    }
    CHECK(service.wait(1s) == 0);
    // The main thread and three passes, each delivering its two documents side by side (and
    // ThreadSanitizer's own thread, under the tsan preset).
    CHECK(most_threads > 1);
    CHECK(most_threads <= 1 + 3 * 2 + 1);
    for (int p = 1; p <= pipelines; ++p) {
        std::string journal = read_file(dir / ("journal-clinic" + std::to_string(p)));
        CHECK_THAT(journal, Catch::Contains("/invoice/1\t") && Catch::Contains("/invoice/2\t"));
    }
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
