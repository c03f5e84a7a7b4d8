// Issue 14, items 1 and 4: `ferry run --listen` keeps answering /healthz and /metrics, whatever
// bytes its last error holds and however many clients hang on to it.
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "output_probes.hpp"
#include "support/child_process.hpp"
#include "test_pipeline.hpp"

using namespace ferry::testing;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

struct Service {
    TempDir dir;
    std::filesystem::path log = dir / "log";
    std::unique_ptr<ChildProcess> process;
    int port = 0;

    // A pipeline that passes, with a Latin-1 byte in a company number (so in a /metrics label).
    std::string healthy_pipeline() {
        dir.write("inbox/1122334" + latin1_ae + "_invoice_1.txt", "date: 2026-02-01\n");
        return write_test_pipeline(dir, memory_store, hourly_schedule, "healthy.yaml");
    }

    // A pipeline whose every pass fails on a ledger path holding a Latin-1 byte: a regular
    // file stands where its folder should be.
    std::string failing_pipeline() {
        std::string blocker = (dir / ("blocker" + latin1_ae)).string();
        dir.write("blocker" + latin1_ae, "not a folder");
        ::setenv("FERRY_SECURITY_TEST_LEDGER", (blocker + "/ledger").c_str(), 1);
        return write_test_pipeline(
            dir, "{ plugin: store-lmdb, path: \"${env:FERRY_SECURITY_TEST_LEDGER}\" }", "",
            "failing.yaml", "broken");
    }

    void start(std::vector<std::string> arguments, const std::string& wait_for) {
        std::vector<std::string> argv = {
            FERRY_BINARY, "--plugin-path",
            std::string(FERRY_TEST_PLUGIN_DIR) + ":" + FERRY_PLUGIN_DIR, "run"};
        argv.insert(argv.end(), arguments.begin(), arguments.end());
        process = std::make_unique<ChildProcess>(argv, log.string());
        bool started = eventually([&] {
            port = listening_port(log);
            return port != 0 && read_file(log).find(wait_for) != std::string::npos;
        });
        INFO("port " << port << " log:\n" << read_file(log));
        REQUIRE(started);
    }
};

}  // namespace

TEST_CASE_METHOD(Service,
                 "GET /healthz answers and ferry run lives when the last error is Latin-1") {
    start({"--listen", "127.0.0.1:0", healthy_pipeline(), failing_pipeline()}, "pass.failed");
    REQUIRE(eventually([&] { return read_file(log).find("pass.end") != std::string::npos; }));

    HttpAnswer health = http_request(port, "GET", "/healthz");
    INFO(health.body);
    CHECK(health.status == 503);
    CHECK(is_utf8(health.body));
    json status = json::parse(health.body);
    CHECK(status["status"] == "failing");
    bool error_shown = false;
    for (const auto& pipeline : status["pipelines"])
        if (pipeline["name"] == "broken")
            error_shown = pipeline["last_error"].get<std::string>().find("blocker" + replacement) !=
                          std::string::npos;
    CHECK(error_shown);

    HttpAnswer metrics;
    REQUIRE(eventually([&] {
        metrics = http_request(port, "GET", "/metrics");
        return metrics.body.find("ferry_documents{") != std::string::npos;
    }));
    INFO(metrics.body);
    CHECK(is_utf8(metrics.body));
    CHECK_THAT(metrics.body, Catch::Contains("company=\"1122334" + replacement + "\""));

    CHECK(process->running());
    process->signal(SIGTERM);
    CHECK(process->wait(30s) == 0);
}

TEST_CASE_METHOD(Service, "100 idle sockets and a slow client leave /healthz answering in 1 s") {
    start({"--listen", "127.0.0.1:0", healthy_pipeline()}, "schedule.next");
    std::vector<int> idle;
    for (int i = 0; i < 100; ++i)
        idle.push_back(connect_local(port));
    CHECK(std::count(idle.begin(), idle.end(), -1) == 0);

    std::atomic<bool> done = false;
    std::thread slow_client([&] {
        int s = connect_local(port);
        std::string request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        for (std::size_t i = 0; i < request.size() && !done; ++i) {
            if (::send(s, &request[i], 1, MSG_NOSIGNAL) != 1)
                break;
            std::this_thread::sleep_for(100ms);
        }
        ::close(s);
    });
    std::this_thread::sleep_for(300ms);  // the slow client is under way

    for (int attempt = 0; attempt < 3; ++attempt) {
        auto start = std::chrono::steady_clock::now();
        HttpAnswer health = http_request(port, "GET", "/healthz", 1s);
        auto took = std::chrono::steady_clock::now() - start;
        INFO("attempt " << attempt << " took "
                        << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
                        << " ms");
        CHECK(health.status == 200);
        CHECK(took < 1s);
    }
    done = true;
    slow_client.join();
    for (int s : idle)
        ::close(s);
    CHECK(process->running());
}

TEST_CASE_METHOD(Service, "a client sending one byte a second is cut after a few seconds") {
    start({"--listen", "127.0.0.1:0", healthy_pipeline()}, "schedule.next");
    int s = connect_local(port);
    REQUIRE(s >= 0);
    ::fcntl(s, F_SETFL, O_NONBLOCK);
    auto start = std::chrono::steady_clock::now();
    bool cut = false;
    std::string request = "GET /healthz HTTP/1.1\r\nX-Slow: " + std::string(60, 'a');
    for (std::size_t i = 0; !cut && std::chrono::steady_clock::now() - start < 20s; ++i) {
        char byte = 0;
        cut = ::send(s, &request[i % request.size()], 1, MSG_NOSIGNAL) != 1 ||
              ::recv(s, &byte, 1, 0) == 0;
        std::this_thread::sleep_for(1s);
    }
    auto took = std::chrono::steady_clock::now() - start;
    ::close(s);
    CHECK(cut);
    CHECK(took < 15s);
}

TEST_CASE_METHOD(Service, "the health server answers GET and HEAD and refuses other methods") {
    start({"--listen", "127.0.0.1:0", healthy_pipeline()}, "schedule.next");
    HttpAnswer head = http_request(port, "HEAD", "/healthz");
    CHECK(head.status == 200);
    CHECK(head.body.empty());
    CHECK_THAT(head.head, Catch::Contains("Content-Length: "));
    HttpAnswer post = http_request(port, "POST", "/healthz");
    CHECK(post.status == 405);
    CHECK_THAT(post.head, Catch::Contains("Allow: GET, HEAD"));
    CHECK(http_request(port, "GET", "/secrets").status == 404);
    CHECK(http_request(port, "DELETE", "/").status == 405);
    CHECK(http_request(port, "GET", "/healthz").status == 200);
}

TEST_CASE_METHOD(Service,
                 "listening beyond loopback needs an operator token and warns what it exposes") {
    std::string pipeline = healthy_pipeline();
    ChildProcess refused(
        {FERRY_BINARY, "--plugin-path", std::string(FERRY_TEST_PLUGIN_DIR) + ":" + FERRY_PLUGIN_DIR,
         "run", "--listen", "0.0.0.0:0", pipeline},
        (dir / "refused.log").string());
    CHECK(refused.wait(10s) == 2);
    CHECK_THAT(read_file(dir / "refused.log"), Catch::Contains("not a loopback address") &&
                                                   Catch::Contains("--operator-token-file"));

    dir.write("token", "a-long-enough-operator-token\n");
    ::chmod((dir / "token").c_str(), 0600);
    start({"--listen", "0.0.0.0:0", "--operator-token-file", (dir / "token").string(), pipeline},
          "schedule.next");
    std::string text = read_file(log);
    INFO(text);
    CHECK_THAT(text, Catch::Contains("web.exposed") && Catch::Contains("/healthz") &&
                         Catch::Contains("/metrics") && Catch::Contains("pipeline names"));
    CHECK(http_request(port, "GET", "/healthz").status == 200);
    // Beyond loopback the page itself asks for the token before it shows anything.
    HttpAnswer page = http_request(port, "GET", "/");
    CHECK(page.status == 303);
    CHECK_THAT(page.head, Catch::Contains("Location: /sign-in"));

    Service loopback;
    loopback.start({"--listen", "127.0.0.1:0", loopback.healthy_pipeline()}, "schedule.next");
    CHECK(read_file(loopback.log).find("web.exposed") == std::string::npos);
}
