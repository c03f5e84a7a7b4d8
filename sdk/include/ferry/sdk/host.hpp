// What the host lends a plugin: a log, a clock and a way to know that it should stop.
#pragma once

#include <boost/config.hpp>
#include <chrono>
#include <initializer_list>
#include <string_view>
#include <utility>

#include "ferry/sdk/document.hpp"

namespace ferry::sdk {

enum class LogLevel { debug, info, warning, error };

class BOOST_SYMBOL_VISIBLE HostServices {
  public:
    virtual ~HostServices() = default;

    // `event` is a stable dotted id ("acme.server.unreachable") that operators can alert on.
    // Messages must never carry personal data: name a document by its key, never by the
    // customer's name, address or CPR number.
    virtual void log(LogLevel level, std::string_view event, std::string_view message) = 0;
    virtual void log(LogLevel level, const DocumentKey& document, std::string_view event,
                     std::string_view message) = 0;

    virtual std::chrono::system_clock::time_point now() const = 0;

    // True once the host is shutting down: finish or abandon the current step quickly.
    virtual bool stop_requested() const = 0;

    // Sleeps for `duration`, or less if a stop is requested; returns false when stopping.
    virtual bool wait_for(std::chrono::milliseconds duration) = 0;

    // Metrics the host aggregates and serves on `ferry run --listen` as Prometheus text, its
    // name prefixed with "ferry_" (e.g. "sink_requests_total"). `name` is snake_case and fixed
    // per kind of measurement; labels carry bounded values only (company CVR, HTTP method,
    // status class), never document numbers or personal data. Both are cheap and thread-safe;
    // the defaults drop the value, for hosts that collect nothing.
    using Labels = std::initializer_list<std::pair<std::string_view, std::string_view>>;
    // Adds `amount` to a counter ("_total" names).
    virtual void count(std::string_view name, Labels labels, double amount = 1) {
        (void)name, (void)labels, (void)amount;
    }
    // Records one observation, e.g. a latency in seconds ("_seconds" names): served as a
    // summary with _count and _sum.
    virtual void observe(std::string_view name, Labels labels, double value) {
        (void)name, (void)labels, (void)value;
    }
};

enum class Access { read_write, read_only };

class Settings;

// Everything a factory receives. References stay valid for the plugin object's lifetime.
struct PluginContext {
    const Settings& settings;
    HostServices& host;
    std::string_view pipeline;
    Access access = Access::read_write;
};

}  // namespace ferry::sdk
