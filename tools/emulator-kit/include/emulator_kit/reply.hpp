// What the API answers, before the HTTP layer turns it into bytes (or into a dropped connection).
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace emulator_kit {

struct Reply {
    int status = 200;
    std::string body;  // empty for 204
    std::vector<std::pair<std::string, std::string>> headers;
    std::chrono::milliseconds delay{0};  // injected latency
    bool drop_connection = false;        // "lost response": close without answering

    static Reply json(int status, const nlohmann::json& body) {
        return Reply{status, body.dump(), {{"Content-Type", "application/json; charset=utf-8"}}};
    }
    void set_header(const std::string& name, std::string value) {
        for (auto& [existing, existing_value] : headers)
            if (existing == name) {
                existing_value = std::move(value);
                return;
            }
        headers.emplace_back(name, std::move(value));
    }
};

}  // namespace emulator_kit
