// What `ferry run --listen` serves on /metrics: counters, summaries and gauges keyed by name
// and labels, rendered as Prometheus text. Plugins add to it through HostServices.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ferry/sdk/host.hpp"

namespace ferry {

class Metrics {
  public:
    using Labels = std::vector<std::pair<std::string, std::string>>;

    void count(std::string_view name, Labels labels, double amount = 1);
    void observe(std::string_view name, Labels labels, double value);
    void set(std::string_view name, Labels labels, double value);
    // Drops every series of a gauge whose labels include `label`=`value` (before setting it
    // afresh, so a state nothing is in any more reads as gone, not stale).
    void clear(std::string_view name, std::string_view label, std::string_view value);

    // Prometheus text exposition format 0.0.4, families sorted by name.
    std::string prometheus_text() const;

  private:
    enum class Type { counter, summary, gauge };
    struct Series {
        double value = 0;  // counter or gauge value; summary sum
        std::uint64_t observations = 0;
    };
    struct Family {
        Type type = Type::counter;
        std::map<Labels, Series> series;
    };
    Family& family(std::string_view name, Type type);

    mutable std::mutex mutex_;
    std::map<std::string, Family, std::less<>> families_;
};

// The labels a plugin gave, as the registry keeps them, with the host's own in front and the
// values through the privacy filter: a label holding a CPR number would keep it on every scrape.
Metrics::Labels metric_labels(std::string_view pipeline, sdk::HostServices::Labels labels);

}  // namespace ferry
