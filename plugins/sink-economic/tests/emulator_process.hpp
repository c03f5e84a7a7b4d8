// The emulator fixture as the sink's tests use it: the shared one, started with the sink's app
// secret and agreements, answering in the sink's own exact-decimal JSON.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "economic-emulator/emulator_process.hpp"
#include "json_numbers.hpp"

namespace ferry::testing {

class EmulatorProcess {
  public:
    static constexpr const char* app_secret = "test-app-secret";

    // `agreements`: grant token → company CVR.
    explicit EmulatorProcess(const std::vector<std::pair<std::string, std::string>>& agreements,
                             std::vector<std::string> extra_arguments = {})
        : process_(arguments(agreements, std::move(extra_arguments))), url_(process_.base_url()) {}

    const std::string& url() const { return url_; }

    // {"drafts":[...], "booked":[...], "counts":{...}} of one agreement.
    economic::Json state(const std::string& grant) {
        return economic::parse_exact(admin("GET", "/__emulator/agreements/" + grant + "/state"));
    }
    // Requests answered so far: {"requests":N,"rateLimited":N,"byRoute":{"POST /customers":N}}.
    economic::Json stats() { return economic::Json::parse(admin("GET", "/__emulator/stats")); }
    void faults(const economic::Json& settings) {
        admin("POST", "/__emulator/faults", settings.dump());
    }
    // The fault settings now, e.g. how many of "loseNext" are still to come.
    economic::Json faults() { return economic::Json::parse(admin("GET", "/__emulator/faults")); }
    void rate_limit(const economic::Json& settings) {
        admin("POST", "/__emulator/rate-limit", settings.dump());
    }
    // Closes, bars or reopens an accounting year or period, e.g. {"year":"2026","period":3,
    // "closed":true}, as a bookkeeper would in e-conomic.
    void accounting_period(const std::string& grant, const economic::Json& change) {
        admin("POST", "/__emulator/agreements/" + grant + "/accounting-years", change.dump());
    }
    // An e-conomic GET as the sink would send it.
    economic::Json get(const std::string& grant, const std::string& path) {
        auto response =
            process_.request("GET", path, {}, test::economic_headers(grant, app_secret));
        if (response.status != 200)
            throw std::runtime_error("GET " + path + ": " + std::to_string(response.status));
        return economic::parse_exact(response.body);
    }

    // An e-conomic POST, as a person using e-conomic would make it; returns the created entity.
    economic::Json post(const std::string& grant, const std::string& path,
                        const economic::Json& body) {
        auto response =
            process_.request("POST", path, body.dump(), test::economic_headers(grant, app_secret));
        if (response.status != 201)
            throw std::runtime_error("POST " + path + ": " + std::to_string(response.status) + " " +
                                     response.body);
        return economic::parse_exact(response.body);
    }

    // An e-conomic PUT (replace or create), as a person using e-conomic would make it.
    economic::Json put(const std::string& grant, const std::string& path,
                       const economic::Json& body) {
        auto response =
            process_.request("PUT", path, body.dump(), test::economic_headers(grant, app_secret));
        if (response.status != 200 && response.status != 201)
            throw std::runtime_error("PUT " + path + ": " + std::to_string(response.status) + " " +
                                     response.body);
        return economic::parse_exact(response.body);
    }

  private:
    static std::vector<std::string> arguments(
        const std::vector<std::pair<std::string, std::string>>& agreements,
        std::vector<std::string> extra) {
        std::vector<std::string> all = {"--no-fsync", "--seed-random", "7", "--app-secret",
                                        app_secret};
        for (const auto& [grant, cvr] : agreements)
            all.insert(all.end(), {"--agreement", grant + ":" + cvr});
        all.insert(all.end(), extra.begin(), extra.end());
        return all;
    }

    std::string admin(const std::string& method, const std::string& path,
                      const std::string& body = {}) {
        auto response = process_.request(method, path, body, {});
        if (response.status != 200)
            throw std::runtime_error(method + " " + path + ": " + std::to_string(response.status) +
                                     " " + response.body);
        return response.body;
    }

    test::EmulatorProcess process_;
    std::string url_;
};

}  // namespace ferry::testing
