// Running for years: mail to the clinic through a real SMTP server (aiosmtpd with STARTTLS and
// AUTH), and /healthz and /metrics served by `ferry run --listen`.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "clinic.hpp"
#include "support/child_process.hpp"
#include "support/smtp_server.hpp"

using namespace ferry::testing;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

std::uint16_t free_port() {
    int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(s, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(s, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(s);
    return ntohs(address.sin_port);
}

struct HttpAnswer {
    int status = 0;
    std::string body;
};

HttpAnswer http_get(const std::string& port, const std::string& path) {
    int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(std::stoi(port)));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    HttpAnswer answer;
    if (::connect(s, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
        std::string request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        ::send(s, request.data(), request.size(), 0);
        std::string text;
        char buffer[4096];
        for (ssize_t n; (n = ::recv(s, buffer, sizeof buffer, 0)) > 0;)
            text.append(buffer, static_cast<std::size_t>(n));
        if (text.starts_with("HTTP/1.1 ")) {
            answer.status = std::stoi(text.substr(9, 3));
            answer.body = text.substr(text.find("\r\n\r\n") + 4);
        }
    }
    ::close(s);
    return answer;
}

void export_tokens() {
    ::setenv("E2E_APP_SECRET", ferry::test::emulator_app_secret, 1);
    ::setenv("E2E_GRANT_16356706", "grant-16356706", 1);
    ::setenv("E2E_SMTP_PASSWORD", SmtpServer::password, 1);
}

}  // namespace

TEST_CASE_METHOD(Clinic, "The first pass of a day mails the gaps and failures once") {
    SmtpServer smtp;
    export_tokens();
    dir.write("inbox/Novax_A00095682_16356706_Faktura.xml", "<broken/>");
    const std::string state = (dir / "notify.state").string();
    write_pipeline(smtp.notify_settings(state));

    auto first = ferry("run --once");
    INFO(first.output);
    REQUIRE(first.exit_code == 0);
    CHECK_THAT(first.output, Catch::Contains("notify.sent"));
    auto mail = smtp.message(1);
    REQUIRE(mail);
    CHECK((*mail)["authenticated"] == true);
    CHECK((*mail)["mail_from"] == "ferry@clinic.invalid");
    CHECK((*mail)["rcpt_tos"] == json({"bookkeeper@clinic.invalid", "it@clinic.invalid"}));
    std::string content = (*mail)["content"];
    INFO(content);
    CHECK_THAT(content, Catch::Contains("Subject: Ferry clinic: daily report, 3 rejected, 0 "
                                        "retrying, 2 missing number(s)"));
    CHECK_THAT(content, Catch::Contains("To: bookkeeper@clinic.invalid, it@clinic.invalid"));
    CHECK_THAT(content, Catch::Contains("The last pass rejected 3 document(s)"));
    CHECK_THAT(content, Catch::Contains("company 16356706: A00095680 to A00095681 missing (2)"));
    CHECK_THAT(content, Catch::Contains("16356700/invoice/A00095678 rejected since"));
    CHECK_THAT(content, Catch::Contains("oioubl.totals.line_sum"));
    CHECK_THAT(content, Catch::Contains("16356706/invoice/A00095682 rejected since"));
    // Names and addresses of the documents' parties stay out of mails.
    for (const char* personal :
         {"Hans Hansen", "Hugo Jensen", "Den Lille Skole", "Fredericiavej", "Leverand"})
        CHECK_THAT(content, !Catch::Contains(personal));
    CHECK(fs::exists(state));

    // Same day, nothing new rejected, and a restart in between: no second mail.
    auto second = ferry("run --once");
    CHECK(second.exit_code == 0);
    CHECK_THAT(second.output, !Catch::Contains("notify.sent"));
    CHECK_FALSE(smtp.message(2));

    // A newly rejected document is mailed at once.
    dir.write("inbox/Novax_A00095683_16356706_Faktura.xml", "<broken/>");
    auto third = ferry("run --once");
    CHECK_THAT(third.output, Catch::Contains("notify.sent"));
    REQUIRE(eventually([&] { return smtp.message(2).has_value(); }));
    std::string rejected = (*smtp.message(2))["content"];
    CHECK_THAT(rejected, Catch::Contains("Subject: Ferry clinic: 4 rejected, 0 retrying, 2 "
                                         "missing number(s)"));
    CHECK_THAT(rejected, Catch::Contains("The last pass rejected 1 document(s)"));
}

TEST_CASE_METHOD(Clinic, "A mail that cannot be sent is logged and the pass carries on") {
    export_tokens();
    std::string port = std::to_string(free_port());
    write_pipeline("notify:\n  smtp_url: smtp://127.0.0.1:" + port +
                   "\n  from: ferry@clinic.invalid\n  to: [it@clinic.invalid]\n  state_file: " +
                   (dir / "notify.state").string() + "\n");
    auto pass = ferry("run --once");
    INFO(pass.output);
    CHECK(pass.exit_code == 0);
    CHECK_THAT(pass.output, Catch::Contains("notify.failed"));
    CHECK(booked().size() == 2);
    CHECK_FALSE(fs::exists(dir / "notify.state"));
}

TEST_CASE_METHOD(Clinic, "Notify settings are validated with file line and column") {
    write_pipeline(
        "notify:\n  smtp_url: smtp://user:pw@mail.clinic.invalid\n  from: nobody\n"
        "  to: [it-at-clinic]\n  starttls: sometimes\n");
    auto validate = ferry("validate");
    INFO(validate.output);
    CHECK(validate.exit_code == 2);
    CHECK_THAT(validate.output, Catch::Contains("pipeline.yaml:3:13"));
    CHECK_THAT(validate.output, Catch::Contains("notify.smtp_url"));
    CHECK_THAT(validate.output, Catch::Contains("notify.from"));
    CHECK_THAT(validate.output, Catch::Contains("notify.starttls"));
}

TEST_CASE_METHOD(Clinic, "ferry run --listen serves healthz and Prometheus metrics") {
    export_tokens();
    write_pipeline(
        "schedule:\n  windows:\n    - { days: mon-sun, from: \"00:00\", to: \"24:00\", "
        "every: 1m }\n");
    const std::string log = (dir / "service.log").string();
    ChildProcess service({FERRY_BINARY, "--plugin-path", FERRY_PLUGIN_DIR, "run", "--listen",
                          "127.0.0.1:0", (dir / "pipeline.yaml").string()},
                         log);
    static const std::regex listening("web.listening .*http://127\\.0\\.0\\.1:([0-9]+)");
    std::string port;
    REQUIRE(eventually(
        [&] {
            std::string text = read_file(log);
            std::smatch match;
            if (text.find("pass.end") == std::string::npos ||
                !std::regex_search(text, match, listening))
                return false;
            port = match[1];
            return true;
        },
        30s));  // the service starts with a pass

    // The pass's figures are added just after its last log line.
    HttpAnswer metrics;
    CHECK(eventually([&] {
        metrics = http_get(port, "/metrics");
        return metrics.body.find("state=\"delivered\"} 2") != std::string::npos;
    }));
    INFO(metrics.body);
    CHECK(metrics.status == 200);
    const std::string& text = metrics.body;
    CHECK_THAT(text, Catch::Contains("# TYPE ferry_documents gauge"));
    CHECK_THAT(
        text,
        Catch::Contains(
            "ferry_documents{pipeline=\"clinic\",company=\"16356706\",state=\"delivered\"} 2"));
    CHECK_THAT(
        text,
        Catch::Contains(
            "ferry_documents{pipeline=\"clinic\",company=\"16356700\",state=\"rejected\"} 2"));
    CHECK_THAT(text, Catch::Contains("# TYPE ferry_passes_total counter"));
    CHECK_THAT(text, Catch::Contains("ferry_passes_total{pipeline=\"clinic\",result=\"ok\"}"));
    CHECK_THAT(text,
               Catch::Contains(
                   "ferry_document_outcomes_total{pipeline=\"clinic\",outcome=\"rejected\"} 2"));
    CHECK_THAT(text,
               Catch::Contains("ferry_sink_requests_total{pipeline=\"clinic\",company=\"16356706\","
                               "method=\"POST\",status=\"2xx\"}"));
    CHECK_THAT(text, Catch::Contains("# TYPE ferry_sink_request_seconds summary"));
    CHECK_THAT(text,
               Catch::Contains(
                   "ferry_sink_request_seconds_count{pipeline=\"clinic\",company=\"16356706\"}"));
    CHECK_THAT(text,
               Catch::Contains(
                   "ferry_sink_rate_limited_total{pipeline=\"clinic\",company=\"16356706\"} 0"));
    // Every sample line is `name{labels} value` in the text exposition format.
    static const std::regex sample(
        R"([a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="[^"\\]*"(,[a-zA-Z_][a-zA-Z0-9_]*="[^"\\]*")*\})? [-+0-9.e]+)");
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        INFO(line);
        if (!line.starts_with("# TYPE "))
            CHECK(std::regex_match(line, sample));
    }
    HttpAnswer health = http_get(port, "/healthz");
    INFO(health.body);
    CHECK(health.status == 200);
    json status = json::parse(health.body);
    CHECK(status["status"] == "ok");
    REQUIRE(status["pipelines"].size() == 1);
    CHECK(status["pipelines"][0]["name"] == "clinic");
    CHECK(status["pipelines"][0]["last_result"] == "ok");
    CHECK(status["pipelines"][0]["last_pass"].is_string());

    CHECK(http_get(port, "/secrets").status == 404);

    service.signal(SIGTERM);
    CHECK(service.wait(30s) == 0);
}
