#include "engine/open_pipeline.hpp"

namespace ferry {

OpenPipeline::OpenPipeline(PipelineConfig config, std::shared_ptr<EventLog> log, StopSignal& stop,
                           sdk::Access access, Parts parts, Clock clock,
                           std::shared_ptr<Metrics> metrics)
    : config_(std::move(config)), services_(config_.name, std::move(log), stop, std::move(clock)) {
    services_.collect_metrics(std::move(metrics));
    parts_.name = config_.name;
    parts_.kinds = {config_.source.plugin->name(),
                    config_.source.plugin->descriptor().document_kinds, config_.sink.plugin->name(),
                    config_.sink.plugin->descriptor().document_kinds};
    parts_.concurrent_deliveries = config_.sink.plugin->descriptor().concurrent_deliveries;
    parts_.in_flight = static_cast<std::size_t>(config_.host.integer("in_flight"));
    auto context = [&](const PluginSection& section) {
        return sdk::PluginContext{section.settings, services_, config_.name, access};
    };
    if (parts != Parts::without_store)
        parts_.store = config_.store.plugin->create_store(context(config_.store));
    if (parts == Parts::store_only)
        return;
    parts_.source = config_.source.plugin->create_source(context(config_.source));
    parts_.sink = config_.sink.plugin->create_sink(context(config_.sink));
}

std::shared_ptr<sdk::Store> OpenPipeline::open_ledger_read_only() {
    return config_.store.plugin->create_store(
        {config_.store.settings, services_, config_.name, sdk::Access::read_only});
}

}  // namespace ferry
