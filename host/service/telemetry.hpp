// What a running service knows about itself: metrics, and each pipeline's last pass, for
// /metrics and /healthz.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "engine/runner.hpp"
#include "ledger/ledger_record.hpp"
#include "support/metrics.hpp"
#include "support/web_exchange.hpp"

namespace ferry {

class Telemetry {
  public:
    Metrics& metrics() { return metrics_; }

    void pipeline_started(const std::string& pipeline);
    // After every pass: counters, and the ledger's documents by company and state.
    void pass_finished(const std::string& pipeline, const PassSummary& summary,
                       const DocumentCounts& documents);
    void pass_failed(const std::string& pipeline, const std::string& error);

    // True while some pipeline's last pass failed.
    bool failing() const;
    // {"status":"ok"|"failing","pipelines":[{"name","last_pass","last_result","last_error"}]}
    std::string health_json() const;

    // /healthz and /metrics, GET or HEAD; nothing for other paths.
    std::optional<WebAnswer> answer(const WebRequest& request);

  private:
    struct PipelineHealth {
        std::optional<std::chrono::system_clock::time_point> last_pass;
        bool last_failed = false;
        std::string last_error;
    };

    Metrics metrics_;
    mutable std::mutex mutex_;
    std::map<std::string, PipelineHealth> pipelines_;
};

}  // namespace ferry
