// Issue 21: the operator page served by `ferry run --listen`, over real HTTP against a real
// pipeline and the emulator, and in a real browser (headless Chromium with JavaScript off).
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <regex>

#include "clinic.hpp"
#include "support/child_process.hpp"

using namespace ferry::testing;
using namespace std::chrono_literals;

namespace {

struct Answer {
    int status = 0;
    std::string head, body;
};

// One request over a fresh connection; `extra` holds whole header lines.
Answer http(int port, const std::string& method, const std::string& path,
            const std::string& extra = {}, const std::string& body = {}) {
    int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    Answer answer;
    if (::connect(s, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
        std::string request = method + " " + path +
                              " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) + "\r\n" +
                              extra;
        if (!body.empty())
            request += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                       std::to_string(body.size()) + "\r\n";
        request += "\r\n" + body;
        ::send(s, request.data(), request.size(), MSG_NOSIGNAL);
        std::string text;
        char buffer[4096];
        for (ssize_t n; (n = ::recv(s, buffer, sizeof buffer, 0)) > 0;)
            text.append(buffer, static_cast<std::size_t>(n));
        if (text.starts_with("HTTP/1.1 ")) {
            answer.status = std::stoi(text.substr(9, 3));
            answer.head = text.substr(0, text.find("\r\n\r\n"));
            answer.body = text.substr(text.find("\r\n\r\n") + 4);
        }
    }
    ::close(s);
    return answer;
}

// The clinic's service with the page on, an operator token, and a pass each minute. Its first
// pass meets an e-conomic that answers every booking 503: the clinic's two documents wait.
struct ServiceWithPage : ClinicPipeline {
    ServiceWithPage() : ClinicPipeline({"16356706"}) {
        add("phive-1.17.2__OIOUBL_Invoice_v2p2.xml", "Novax_A00095678_16356706_Faktura.xml");
        add("phive-1.17.2__OIOUBL_CreditNote_v2p2.xml", "Novax_A00095679_16356706_Kreditnote.xml");
        write_pipeline(
            "schedule:\n  windows:\n    - { days: mon-sun, from: \"00:00\", to: \"24:00\", "
            "every: 1h }\n");
        dir.write("operator.token", "a-token-only-the-clinic-knows\n");
        ::chmod((dir / "operator.token").c_str(), 0600);
        emulator.post("/__emulator/faults", {{"failRate", 1.0},
                                             {"failStatus", 503},
                                             {"method", "POST"},
                                             {"pathPrefix", "/invoices"}});
        log = (dir / "service.log").string();
        service = std::make_unique<ChildProcess>(
            std::vector<std::string>{
                "/usr/bin/env", std::string("E2E_APP_SECRET=") + ferry::test::emulator_app_secret,
                "E2E_GRANT_16356706=grant-16356706", FERRY_BINARY, "--plugin-path",
                FERRY_PLUGIN_DIR, "run", "--listen", "127.0.0.1:0", "--operator-token-file",
                (dir / "operator.token").string(), (dir / "pipeline.yaml").string()},
            log);
        static const std::regex listening("web.listening .*http://127\\.0\\.0\\.1:([0-9]+)");
        REQUIRE(eventually(
            [&] {
                std::string text = read_file(log);
                std::smatch match;
                if (text.find("pass.end") == std::string::npos ||
                    !std::regex_search(text, match, listening))
                    return false;
                port = std::stoi(match[1]);
                return true;
            },
            60s));
        emulator.post("/__emulator/faults", {{"failRate", 0.0}});
    }

    std::string log;
    std::unique_ptr<ChildProcess> service;
    int port = 0;
};

const std::string invoice = "16356706/invoice/A00095678";
const std::string invoice_link = "/document?pipeline=clinic&key=16356706%2Finvoice%2FA00095678";

}  // namespace

TEST_CASE_METHOD(ServiceWithPage,
                 "the operator page shows what waits and why with strict headers") {
    Answer overview = http(port, "GET", "/");
    INFO(overview.body);
    CHECK(overview.status == 200);
    CHECK_THAT(overview.head,
               Catch::Contains("Content-Security-Policy: default-src 'none'; style-src 'self'") &&
                   Catch::Contains("frame-ancestors 'none'") &&
                   Catch::Contains("X-Frame-Options: DENY") &&
                   Catch::Contains("X-Content-Type-Options: nosniff"));
    CHECK_THAT(overview.body, Catch::Contains("16356706") && Catch::Contains("retry-later") &&
                                  Catch::Contains("2 document(s)"));
    CHECK(overview.body.find("<script") == std::string::npos);
    CHECK(overview.body.find("style=") == std::string::npos);

    Answer document = http(port, "GET", invoice_link);
    CHECK(document.status == 200);
    CHECK_THAT(document.body, Catch::Contains("What to do") && Catch::Contains("History") &&
                                  Catch::Contains("retry-later"));
    CHECK(document.body.find("form class=\"action\"") == std::string::npos);

    Answer search = http(port, "GET", "/search?number=95678");
    CHECK_THAT(search.body, Catch::Contains(invoice));
    CHECK(http(port, "GET", "/gaps?pipeline=clinic").status == 200);
    Answer reconcile =
        http(port, "GET", "/reconcile?pipeline=clinic&from=2000-01-01&to=2030-12-31");
    INFO(reconcile.body);
    CHECK(reconcile.status == 200);
    CHECK_THAT(reconcile.body,
               Catch::Contains("Company 16356706") && Catch::Contains("Missing on the target"));
    CHECK(http(port, "GET", "/pipeline?name=nowhere").status == 404);

    // An action without a sign-in, or from another site, changes nothing.
    Answer anonymous =
        http(port, "POST", "/document/retry", {}, "pipeline=clinic&key=" + invoice + "&csrf=x");
    CHECK(anonymous.status == 403);
    Answer cross_site = http(port, "POST", "/sign-in", "Origin: http://evil.example\r\n",
                             "token=a-token-only-the-clinic-knows");
    CHECK(cross_site.status == 403);
    CHECK(http(port, "GET", "/document/retry").status == 405);

    service->signal(SIGTERM);
    CHECK(service->wait(30s) == 0);
    // The log holds the page's own lines, and never the token.
    CHECK(read_file(log).find("a-token-only-the-clinic-knows") == std::string::npos);
}

TEST_CASE_METHOD(ServiceWithPage,
                 "an operator retries a document in a real browser and sees it booked") {
    const std::string shots = (dir / "screenshots").string();
    fs::create_directories(shots);
    CommandResult browser =
        run_command(std::string("/usr/bin/python3 ") + FERRY_BROWSER_TEST +
                    " http://127.0.0.1:" + std::to_string(port) + " " +
                    (dir / "operator.token").string() + " " + invoice + " " + shots);
    INFO(browser.output);
    INFO("the service's log:\n" << read_file(log));
    REQUIRE(browser.exit_code == 0);
    CHECK_THAT(browser.output, Catch::Contains("all checks passed"));
    for (const char* shot :
         {"overview.png", "pipeline.png", "document.png", "reconcile.png", "overview-phone.png"})
        CHECK(fs::file_size(fs::path(shots) / shot) > 1000);
    if (const char* keep = std::getenv("FERRY_KEEP_SCREENSHOTS"))
        for (const auto& shot : fs::directory_iterator(shots))
            fs::copy_file(shot.path(), fs::path(keep) / shot.path().filename(),
                          fs::copy_options::overwrite_existing);

    // The retry went through the ledger with its origin, and e-conomic holds one booking.
    CHECK(state("16356706")["booked"].size() == 1);
    service->signal(SIGTERM);
    std::optional<int> exit_code = service->wait(30s);
    INFO("the service's log at its end:\n" << read_file(log));
    REQUIRE(exit_code == std::optional<int>(0));
    CommandResult explain = ferry("explain", invoice);
    CHECK_THAT(explain.output, Catch::Contains("retry requested on the operator page") &&
                                   Catch::Contains("delivered"));
    CHECK_THAT(read_file(log), Catch::Contains("page.action") && Catch::Contains("page.signed_in"));
}

TEST_CASE_METHOD(Clinic, "ferry page shows a ledger read-only without running a pass") {
    // Before the first pass there is no ledger to show: said at once, nothing served.
    CommandResult before = run_command(
        std::string("E2E_APP_SECRET=") + ferry::test::emulator_app_secret +
        " E2E_GRANT_16356706=grant-16356706 timeout 20 " + FERRY_BINARY + " --plugin-path " +
        FERRY_PLUGIN_DIR + " page --listen 127.0.0.1:0 " + (dir / "pipeline.yaml").string());
    CHECK(before.exit_code == 1);
    CHECK_THAT(before.output,
               Catch::Contains("it is left off the page") && Catch::Contains("page.nothing"));
    REQUIRE(ferry("once").exit_code == 0);
    const std::string log = (dir / "page.log").string();
    ChildProcess page(
        {"/usr/bin/env", std::string("E2E_APP_SECRET=") + ferry::test::emulator_app_secret,
         "E2E_GRANT_16356706=grant-16356706", FERRY_BINARY, "--plugin-path", FERRY_PLUGIN_DIR,
         "page", "--listen", "127.0.0.1:0", (dir / "pipeline.yaml").string()},
        log);
    static const std::regex listening("web.listening .*http://127\\.0\\.0\\.1:([0-9]+)");
    int port = 0;
    REQUIRE(eventually([&] {
        std::string text = read_file(log);
        std::smatch match;
        if (!std::regex_search(text, match, listening))
            return false;
        port = std::stoi(match[1]);
        return true;
    }));
    Answer overview = http(port, "GET", "/");
    INFO(overview.body);
    CHECK(overview.status == 200);
    CHECK_THAT(overview.body, Catch::Contains("read-only view") && Catch::Contains("16356700") &&
                                  Catch::Contains("16356706"));
    Answer reconcile =
        http(port, "GET", "/reconcile?pipeline=clinic&from=2000-01-01&to=2030-12-31");
    CHECK_THAT(reconcile.body, Catch::Contains("Company 16356706"));
    CHECK(http(port, "GET", "/sign-in").status == 404);
    CHECK(http(port, "POST", "/document/retry", {}, "pipeline=clinic&key=" + invoice).status ==
          403);
    CHECK(read_file(log).find("pass.start") == std::string::npos);

    page.signal(SIGTERM);
    CHECK(page.wait(10s) == 0);
    CHECK(ferry("page --listen 0.0.0.0:0").exit_code == 2);
}
