#include "support/event_log.hpp"

#include <fmt/chrono.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/sinks/syslog_sink.h>
#include <spdlog/spdlog.h>
#include <syslog.h>

#include "ferry/sdk/cpr_mask.hpp"
#include "support/json_text.hpp"
#include "support/utf8_text.hpp"

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

bool is_bidi_or_line_control(char32_t c) {
    return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x2028 && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069);
}

}  // namespace

std::string printable(std::string_view text) {
    std::string result;
    result.reserve(text.size());
    for (std::size_t at = 0; at < text.size();) {
        char32_t c = 0;
        std::size_t length = utf8_sequence(text.substr(at), c);
        if (length == 0) {
            result += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[at++]));
            continue;
        }
        if (c == '\\')
            result += "\\\\";
        else if (c < 0x20 || c == 0x7F)
            result += fmt::format("\\x{:02x}", static_cast<unsigned>(c));
        else if ((c >= 0x80 && c <= 0x9F) || is_bidi_or_line_control(c))
            result += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        else
            result.append(text, at, length);
        at += length;
    }
    return sdk::without_cpr_numbers(result);
}

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
    // Every field may carry outside text (a file name, a target's answer): one line stays one
    // line, and JSON holds the same text as the text format.
    std::string shown_pipeline = printable(pipeline), shown_message = printable(message);
    if (format_ == LogFormat::json) {
        nlohmann::json line{
            {"time", fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", std::chrono::floor<std::chrono::seconds>(
                                                              std::chrono::system_clock::now()))},
            {"level", level_name(level)},
            {"event", printable(event)}};
        if (!pipeline.empty())
            line["pipeline"] = shown_pipeline;
        if (document)
            line["document"] = {{"company", printable(document->company)},
                                {"kind", sdk::to_string(document->kind)},
                                {"number", printable(document->number)}};
        line["message"] = shown_message;
        logger_->log(to_spdlog(level), "{}", json_text(line));
        return;
    }
    std::string prefix = pipeline.empty() ? "" : fmt::format("[{}] ", shown_pipeline);
    if (document)
        logger_->log(to_spdlog(level), "{}{} {} {}", prefix, printable(event),
                     printable(document->str()), shown_message);
    else
        logger_->log(to_spdlog(level), "{}{} {}", prefix, printable(event), shown_message);
}

}  // namespace ferry
