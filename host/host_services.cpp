#include "host_services.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace ferry {

namespace {

spdlog::level::level_enum to_spdlog(sdk::LogLevel level) {
    switch (level) {
        case sdk::LogLevel::debug:
            return spdlog::level::debug;
        case sdk::LogLevel::info:
            return spdlog::level::info;
        case sdk::LogLevel::warning:
            return spdlog::level::warn;
        case sdk::LogLevel::error:
            return spdlog::level::err;
    }
    return spdlog::level::info;
}

}  // namespace

HostServicesImpl::HostServicesImpl(std::string pipeline, std::shared_ptr<spdlog::logger> logger,
                                   StopSignal& stop, Clock clock)
    : pipeline_(std::move(pipeline)),
      logger_(std::move(logger)),
      stop_(stop),
      clock_(clock ? std::move(clock) : Clock([] { return std::chrono::system_clock::now(); })) {}

void HostServicesImpl::log(sdk::LogLevel level, std::string_view event, std::string_view message) {
    logger_->log(to_spdlog(level), "[{}] {} {}", pipeline_, event, message);
}

void HostServicesImpl::log(sdk::LogLevel level, const sdk::DocumentKey& document,
                           std::string_view event, std::string_view message) {
    logger_->log(to_spdlog(level), "[{}] {} {} {}", pipeline_, event, document.str(), message);
}

std::chrono::system_clock::time_point HostServicesImpl::now() const {
    return clock_();
}

std::shared_ptr<spdlog::logger> make_console_logger() {
    auto logger = std::make_shared<spdlog::logger>(
        "ferry", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    logger->set_pattern("%Y-%m-%dT%H:%M:%S%z %l %v");
    return logger;
}

}  // namespace ferry
