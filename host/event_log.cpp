#include "event_log.hpp"

#include <fmt/chrono.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/sinks/syslog_sink.h>
#include <spdlog/spdlog.h>
#include <syslog.h>

#include <nlohmann/json.hpp>

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

const char* level_name(sdk::LogLevel level) {
    switch (level) {
        case sdk::LogLevel::debug:
            return "debug";
        case sdk::LogLevel::info:
            return "info";
        case sdk::LogLevel::warning:
            return "warning";
        case sdk::LogLevel::error:
            return "error";
    }
    return "info";
}

}  // namespace

EventLog::EventLog(std::shared_ptr<spdlog::logger> logger, LogFormat format)
    : logger_(std::move(logger)), format_(format) {
    // JSON lines carry their own time and level; text gets them from spdlog.
    logger_->set_pattern(format_ == LogFormat::json ? "%v" : "%Y-%m-%dT%H:%M:%S%z %l %v");
}

std::shared_ptr<EventLog> EventLog::open(const std::string& level, LogFormat format, bool syslog) {
    std::vector<spdlog::sink_ptr> sinks{std::make_shared<spdlog::sinks::stderr_sink_mt>()};
    if (syslog)
        sinks.push_back(
            std::make_shared<spdlog::sinks::syslog_sink_mt>("ferry", LOG_PID, LOG_DAEMON, true));
    auto logger = std::make_shared<spdlog::logger>("ferry", sinks.begin(), sinks.end());
    logger->set_level(spdlog::level::from_str(level));
    return std::make_shared<EventLog>(std::move(logger), format);
}

void EventLog::write(sdk::LogLevel level, std::string_view pipeline, std::string_view event,
                     const sdk::DocumentKey* document, std::string_view message) {
    if (!logger_->should_log(to_spdlog(level)))
        return;
    if (format_ == LogFormat::json) {
        nlohmann::json line{
            {"time", fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", std::chrono::floor<std::chrono::seconds>(
                                                              std::chrono::system_clock::now()))},
            {"level", level_name(level)},
            {"event", event}};
        if (!pipeline.empty())
            line["pipeline"] = pipeline;
        if (document)
            line["document"] = {{"company", document->company},
                                {"kind", sdk::to_string(document->kind)},
                                {"number", document->number}};
        line["message"] = message;
        logger_->log(to_spdlog(level), "{}",
                     line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        return;
    }
    std::string prefix = pipeline.empty() ? "" : fmt::format("[{}] ", pipeline);
    if (document)
        logger_->log(to_spdlog(level), "{}{} {} {}", prefix, event, document->str(), message);
    else
        logger_->log(to_spdlog(level), "{}{} {}", prefix, event, message);
}

}  // namespace ferry
