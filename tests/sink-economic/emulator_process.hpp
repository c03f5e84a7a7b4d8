// The e-conomic emulator binary as a child process on a free port, for tests that talk to it
// over real HTTP. Until the emulator ships its own fixture, this is the sink's copy.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "http_client.hpp"
#include "json_numbers.hpp"

namespace ferry::testing {

class EmulatorProcess {
  public:
    static constexpr const char* app_secret = "test-app-secret";

    // `agreements`: grant token → company CVR.
    explicit EmulatorProcess(const std::vector<std::pair<std::string, std::string>>& agreements,
                             std::vector<std::string> extra_arguments = {}) {
        std::vector<std::string> arguments = {ECONOMIC_EMULATOR, "--port",        "0",
                                              "--no-fsync",      "--seed-random", "7",
                                              "--app-secret",    app_secret};
        for (const auto& [grant, cvr] : agreements)
            arguments.insert(arguments.end(), {"--agreement", grant + ":" + cvr});
        arguments.insert(arguments.end(), extra_arguments.begin(), extra_arguments.end());
        int out[2];
        if (::pipe(out) != 0)
            throw std::runtime_error("pipe failed");
        pid_ = ::fork();
        if (pid_ == 0) {
            ::dup2(out[1], STDOUT_FILENO);
            ::close(out[0]);
            ::close(out[1]);
            std::vector<char*> argv;
            for (auto& argument : arguments)
                argv.push_back(argument.data());
            argv.push_back(nullptr);
            ::execv(argv[0], argv.data());
            ::_exit(127);
        }
        ::close(out[1]);
        FILE* output = ::fdopen(out[0], "r");
        char line[256] = {};
        bool started = output && std::fgets(line, sizeof line, output);
        if (output)
            std::fclose(output);
        std::string text = line;
        auto at = text.find("http://");
        if (!started || at == std::string::npos) {
            stop();
            throw std::runtime_error("the emulator did not start: " + text);
        }
        url_ = text.substr(at, text.find_first_of("\r\n", at) - at);
        admin_ = economic::make_http_client(url_, std::chrono::seconds(10));
    }

    ~EmulatorProcess() { stop(); }
    EmulatorProcess(const EmulatorProcess&) = delete;
    EmulatorProcess& operator=(const EmulatorProcess&) = delete;

    const std::string& url() const { return url_; }

    // {"drafts":[...], "booked":[...], "counts":{...}} of one agreement.
    economic::Json state(const std::string& grant) {
        return economic::parse_exact(
            admin("GET", "/__emulator/agreements/" + grant + "/state", ""));
    }
    // Requests answered so far: {"requests":N,"rateLimited":N,"byRoute":{"POST /customers":N}}.
    economic::Json stats() { return economic::Json::parse(admin("GET", "/__emulator/stats", "")); }
    void faults(const economic::Json& settings) {
        admin("POST", "/__emulator/faults", settings.dump());
    }
    // The fault settings now, e.g. how many of "loseNext" are still to come.
    economic::Json faults() {
        return economic::Json::parse(admin("GET", "/__emulator/faults", ""));
    }
    void rate_limit(const economic::Json& settings) {
        admin("POST", "/__emulator/rate-limit", settings.dump());
    }
    // An e-conomic GET as the sink would send it.
    economic::Json get(const std::string& grant, const std::string& path) {
        economic::HttpRequest request{
            economic::HttpMethod::get,
            path,
            {{"X-AppSecretToken", app_secret}, {"X-AgreementGrantToken", grant}},
            ""};
        auto response = admin_->send(request);
        if (response.status != 200)
            throw std::runtime_error("GET " + path + ": " + std::to_string(response.status));
        return economic::parse_exact(response.body);
    }

    // An e-conomic POST, as a person using e-conomic would make it; returns the created entity.
    economic::Json post(const std::string& grant, const std::string& path,
                        const economic::Json& body) {
        economic::HttpRequest request{
            economic::HttpMethod::post,
            path,
            {{"X-AppSecretToken", app_secret}, {"X-AgreementGrantToken", grant}},
            body.dump()};
        auto response = admin_->send(request);
        if (response.status != 201)
            throw std::runtime_error("POST " + path + ": " + std::to_string(response.status) + " " +
                                     response.body);
        return economic::parse_exact(response.body);
    }

  private:
    std::string admin(const std::string& method, const std::string& path, const std::string& body) {
        economic::HttpRequest request{
            method == "GET" ? economic::HttpMethod::get : economic::HttpMethod::post,
            path,
            {},
            body};
        auto response = admin_->send(request);
        if (response.status != 200)
            throw std::runtime_error(method + " " + path + ": " + std::to_string(response.status) +
                                     " " + response.body);
        return response.body;
    }

    void stop() {
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            ::waitpid(pid_, nullptr, 0);
            pid_ = -1;
        }
    }

    pid_t pid_ = -1;
    std::string url_;
    std::unique_ptr<economic::HttpClient> admin_;
};

}  // namespace ferry::testing
