// The host's side of sdk::HostServices: the event log, a clock, the stop signal, and what the
// plugins count.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "ferry/sdk/host.hpp"
#include "support/event_log.hpp"
#include "support/metrics.hpp"
#include "support/stop_signal.hpp"

namespace ferry {

using Clock = std::function<std::chrono::system_clock::time_point()>;

class HostServicesImpl : public sdk::HostServices {
  public:
    HostServicesImpl(std::string pipeline, std::shared_ptr<EventLog> log, StopSignal& stop,
                     Clock clock = {});

    void log(sdk::LogLevel level, std::string_view event, std::string_view message) override {
        log_->write(level, pipeline_, event, nullptr, message);
    }
    void log(sdk::LogLevel level, const sdk::DocumentKey& document, std::string_view event,
             std::string_view message) override {
        log_->write(level, pipeline_, event, &document, message);
    }
    std::chrono::system_clock::time_point now() const override { return clock_(); }
    bool stop_requested() const override { return stop_.requested(); }
    bool wait_for(std::chrono::milliseconds duration) override { return stop_.wait_for(duration); }
    void count(std::string_view name, Labels labels, double amount) override {
        {
            std::lock_guard lock(counted_mutex_);
            counted_[std::string(name)] += amount;
        }
        if (metrics_)
            metrics_->count(name, metric_labels(pipeline_, labels), amount);
    }
    void observe(std::string_view name, Labels labels, double value) override {
        if (metrics_)
            metrics_->observe(name, metric_labels(pipeline_, labels), value);
    }

    // Where count() and observe() go; without it (every command but `run --listen`) nowhere.
    void collect_metrics(std::shared_ptr<Metrics> metrics) { metrics_ = std::move(metrics); }

    // What the plugins counted since the last call, each name summed over its labels: a pass's
    // work in the plugins' own terms (entries read, say), shown beside its summary.
    std::map<std::string, double> take_counted() {
        std::lock_guard lock(counted_mutex_);
        return std::exchange(counted_, {});
    }

    EventLog& event_log() { return *log_; }

  private:
    std::string pipeline_;
    std::shared_ptr<EventLog> log_;
    StopSignal& stop_;
    Clock clock_;
    std::shared_ptr<Metrics> metrics_;
    std::mutex counted_mutex_;
    std::map<std::string, double> counted_;
};

}  // namespace ferry
