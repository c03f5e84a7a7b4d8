// A HostServices that keeps every log line, so tests can assert on what the plugin said and,
// above all, on what it never says (personal data).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "ferry/sdk/host.hpp"

namespace ferry::novax::testing {

class RecordingHost : public sdk::HostServices {
  public:
    struct Entry {
        sdk::LogLevel level;
        std::string event;
        std::string message;
    };
    std::vector<Entry> entries;

    void log(sdk::LogLevel level, std::string_view event, std::string_view message) override {
        entries.push_back({level, std::string(event), std::string(message)});
    }
    void log(sdk::LogLevel level, const sdk::DocumentKey& document, std::string_view event,
             std::string_view message) override {
        entries.push_back(
            {level, std::string(event), document.str() + ": " + std::string(message)});
    }
    std::chrono::system_clock::time_point now() const override {
        return std::chrono::system_clock::now();
    }
    bool stop_requested() const override { return false; }
    bool wait_for(std::chrono::milliseconds) override { return true; }

    // Everything logged, as one text to search.
    std::string all_text() const {
        std::string text;
        for (const auto& entry : entries)
            text += entry.event + " " + entry.message + "\n";
        return text;
    }
};

}  // namespace ferry::novax::testing
