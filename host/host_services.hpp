// The host's side of sdk::HostServices: spdlog-backed logging, a clock, and the stop signal.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "ferry/sdk/host.hpp"
#include "stop_signal.hpp"

namespace spdlog {
class logger;
}

namespace ferry {

using Clock = std::function<std::chrono::system_clock::time_point()>;

class HostServicesImpl : public sdk::HostServices {
  public:
    HostServicesImpl(std::string pipeline, std::shared_ptr<spdlog::logger> logger, StopSignal& stop,
                     Clock clock = {});

    void log(sdk::LogLevel level, std::string_view event, std::string_view message) override;
    void log(sdk::LogLevel level, const sdk::DocumentKey& document, std::string_view event,
             std::string_view message) override;
    std::chrono::system_clock::time_point now() const override;
    bool stop_requested() const override { return stop_.requested(); }
    bool wait_for(std::chrono::milliseconds duration) override { return stop_.wait_for(duration); }

  private:
    std::string pipeline_;
    std::shared_ptr<spdlog::logger> logger_;
    StopSignal& stop_;
    Clock clock_;
};

// The process-wide logger: plain lines on stderr.
std::shared_ptr<spdlog::logger> make_console_logger();

}  // namespace ferry
