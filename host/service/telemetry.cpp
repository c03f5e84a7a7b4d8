#include "service/telemetry.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "support/json_text.hpp"

namespace ferry {

void Telemetry::pipeline_started(const std::string& pipeline) {
    std::lock_guard lock(mutex_);
    pipelines_[pipeline];
}

void Telemetry::pass_finished(const std::string& pipeline, const PassSummary& summary,
                              const DocumentCounts& documents) {
    metrics_.count("passes_total", {{"pipeline", pipeline}, {"result", "ok"}});
    for (auto [outcome, number] :
         {std::pair{"delivered", summary.delivered}, std::pair{"rejected", summary.rejected},
          std::pair{"retry_later", summary.retry_later}, std::pair{"skipped", summary.skipped}})
        metrics_.count("document_outcomes_total", {{"pipeline", pipeline}, {"outcome", outcome}},
                       static_cast<double>(number));
    if (!summary.source_problems.empty())
        metrics_.count("source_problems_total", {{"pipeline", pipeline}},
                       static_cast<double>(summary.source_problems.size()));

    metrics_.clear("documents", "pipeline", pipeline);
    for (const auto& [company, states] : documents)
        for (const auto& [state, number] : states)
            metrics_.set("documents",
                         {{"pipeline", pipeline},
                          {"company", company},
                          {"state", std::string(sdk::to_string(state))}},
                         static_cast<double>(number));

    std::lock_guard lock(mutex_);
    PipelineHealth& health = pipelines_[pipeline];
    health.last_pass = std::chrono::system_clock::now();
    health.last_failed = false;
}

void Telemetry::pass_failed(const std::string& pipeline, const std::string& error) {
    metrics_.count("passes_total", {{"pipeline", pipeline}, {"result", "failed"}});
    std::lock_guard lock(mutex_);
    PipelineHealth& health = pipelines_[pipeline];
    health.last_pass = std::chrono::system_clock::now();
    health.last_failed = true;
    health.last_error = error;
}

bool Telemetry::failing() const {
    std::lock_guard lock(mutex_);
    for (const auto& [name, health] : pipelines_)
        if (health.last_failed)
            return true;
    return false;
}

std::string Telemetry::health_json() const {
    std::lock_guard lock(mutex_);
    nlohmann::ordered_json pipelines = nlohmann::ordered_json::array();
    bool failing = false;
    for (const auto& [name, health] : pipelines_) {
        failing = failing || health.last_failed;
        nlohmann::ordered_json entry = {{"name", name}};
        entry["last_pass"] = health.last_pass
                                 ? nlohmann::ordered_json(fmt::format(
                                       "{:%Y-%m-%dT%H:%M:%SZ}",
                                       std::chrono::floor<std::chrono::seconds>(*health.last_pass)))
                                 : nlohmann::ordered_json();
        entry["last_result"] = !health.last_pass ? "none" : health.last_failed ? "failed" : "ok";
        entry["last_error"] = health.last_error;
        pipelines.push_back(entry);
    }
    return json_text(
        nlohmann::ordered_json{{"status", failing ? "failing" : "ok"}, {"pipelines", pipelines}});
}

std::optional<WebAnswer> Telemetry::answer(const WebRequest& request) {
    if (request.path != "/healthz" && request.path != "/metrics")
        return std::nullopt;
    if (request.method != "GET" && request.method != "HEAD")
        return WebAnswer{405, "text/plain", "GET or HEAD only\n", {{"Allow", "GET, HEAD"}}};
    if (request.path == "/healthz")
        return WebAnswer{failing() ? 503 : 200, "application/json", health_json() + "\n", {}};
    return WebAnswer{
        200, "text/plain; version=0.0.4; charset=utf-8", metrics_.prometheus_text(), {}};
}

}  // namespace ferry
