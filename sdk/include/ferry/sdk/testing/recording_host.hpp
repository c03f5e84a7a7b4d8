// A HostServices that keeps every log line and every metric, so checks can search what a plugin
// said and measured.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <thread>

#include "ferry/sdk/host.hpp"

namespace ferry::sdk::testing {

class RecordingHost : public HostServices {
  public:
    void log(LogLevel, std::string_view event, std::string_view message) override {
        std::lock_guard lock(mutex_);
        text_ += std::string(event) + " " + std::string(message) + "\n";
    }
    void log(LogLevel level, const DocumentKey& document, std::string_view event,
             std::string_view message) override {
        log(level, event, document.str() + ": " + std::string(message));
    }
    std::chrono::system_clock::time_point now() const override {
        return std::chrono::system_clock::now();
    }
    bool stop_requested() const override { return false; }
    bool wait_for(std::chrono::milliseconds duration) override {
        std::this_thread::sleep_for(duration);
        return true;
    }
    void count(std::string_view name, Labels labels, double) override { measure(name, labels); }
    void observe(std::string_view name, Labels labels, double) override { measure(name, labels); }

    // Every line logged so far.
    std::string text() const {
        std::lock_guard lock(mutex_);
        return text_;
    }
    // Every metric counted or observed so far, one `name{label=value,...}` a line.
    std::string metrics() const {
        std::lock_guard lock(mutex_);
        return metrics_;
    }

  private:
    void measure(std::string_view name, Labels labels) {
        std::string line = std::string(name) + "{";
        for (const auto& [label, value] : labels)
            line += std::string(label) + "=" + std::string(value) + ",";
        std::lock_guard lock(mutex_);
        metrics_ += line + "}\n";
    }

    mutable std::mutex mutex_;
    std::string text_;
    std::string metrics_;
};

}  // namespace ferry::sdk::testing
