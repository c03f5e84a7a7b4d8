// Every log line Ferry writes: a stable event id, the pipeline, the document by company, kind
// and number only, and a message. Plain text for people, JSON lines for log shippers.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "ferry/sdk/host.hpp"

namespace spdlog {
class logger;
}

namespace ferry {

enum class LogFormat { text, json };

// `text` as one line of printable UTF-8: control characters (C0, DEL, C1), bidi controls, line
// separators and bytes that are not UTF-8 escaped as \xHH or \uHHHH, a backslash doubled,
// and anything shaped like a CPR number masked as in the ledger.
std::string printable(std::string_view text);

class EventLog {
  public:
    EventLog(std::shared_ptr<spdlog::logger> logger, LogFormat format);

    // Console on stderr, plus syslog (and so the journal) when asked.
    static std::shared_ptr<EventLog> open(const std::string& level, LogFormat format, bool syslog);

    void write(sdk::LogLevel level, std::string_view pipeline, std::string_view event,
               const sdk::DocumentKey* document, std::string_view message);

    void info(std::string_view pipeline, std::string_view event, std::string_view message) {
        write(sdk::LogLevel::info, pipeline, event, nullptr, message);
    }
    void warning(std::string_view pipeline, std::string_view event, std::string_view message) {
        write(sdk::LogLevel::warning, pipeline, event, nullptr, message);
    }
    void error(std::string_view pipeline, std::string_view event, std::string_view message) {
        write(sdk::LogLevel::error, pipeline, event, nullptr, message);
    }

  private:
    std::shared_ptr<spdlog::logger> logger_;
    LogFormat format_;
};

}  // namespace ferry
