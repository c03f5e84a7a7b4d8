// A real SMTP server on loopback for the mail tests: Debian's aiosmtpd (smtp_server.py) with
// STARTTLS required, AUTH, and a certificate made for the test. Each accepted message is kept
// as JSON ({"mail_from", "rcpt_tos", "content"}). Needs FERRY_SMTP_SERVER (the script's path).
#pragma once

#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "support/child_process.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

namespace ferry::testing {

struct SmtpServer {
    static constexpr const char* user = "ferry-mail";
    static constexpr const char* password = "mail-s3cret";

    TempDir dir;
    std::unique_ptr<ChildProcess> process;
    std::string port;

    SmtpServer() {
        auto made = run_command(
            "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "
            "/CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout " +
            (dir / "key.pem").string() + " -out " + (dir / "cert.pem").string());
        REQUIRE(made.exit_code == 0);
        process = std::make_unique<ChildProcess>(
            std::vector<std::string>{"/usr/bin/python3", FERRY_SMTP_SERVER,
                                     (dir / "cert.pem").string(), (dir / "key.pem").string(), user,
                                     password, dir.path().string()},
            (dir / "server.log").string());
        REQUIRE(eventually([&] { return std::filesystem::exists(dir / "port"); }));
        port = read_file(dir / "port");
    }
    ~SmtpServer() { process->signal(SIGTERM), process->wait(std::chrono::seconds(10)); }

    std::optional<nlohmann::json> message(int number) const {
        auto file = dir / ("message-" + std::to_string(number) + ".json");
        if (!std::filesystem::exists(file))
            return std::nullopt;
        return nlohmann::json::parse(read_file(file));
    }

    std::vector<nlohmann::json> messages() const {
        std::vector<nlohmann::json> all;
        for (int number = 1; auto found = message(number); ++number)
            all.push_back(*found);
        return all;
    }

    // The pipeline's `notify:` section for this server; the password comes from
    // ${env:E2E_SMTP_PASSWORD}.
    std::string notify_settings(const std::string& state_file) const {
        return "notify:\n  smtp_url: smtp://127.0.0.1:" + port + "\n  username: " + user +
               "\n  password: \"${env:E2E_SMTP_PASSWORD}\"\n"
               "  from: Ferry <ferry@clinic.invalid>\n"
               "  to: [bookkeeper@clinic.invalid, it@clinic.invalid]\n  ca_file: " +
               (dir / "cert.pem").string() + "\n  state_file: " + state_file + "\n";
    }
};

}  // namespace ferry::testing
