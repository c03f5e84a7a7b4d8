// A pipeline with its plugins constructed, ready to run passes or answer questions.
#pragma once

#include <memory>

#include "config/pipeline.hpp"
#include "engine/runner.hpp"
#include "plugins/host_services.hpp"

namespace ferry {

class OpenPipeline {
  public:
    // Which plugins to construct: ledger commands need only the store, `check` everything but.
    enum class Parts { all, store_only, without_store };
    // With `metrics`, what the plugins count and observe goes there from their construction on.
    OpenPipeline(PipelineConfig config, std::shared_ptr<EventLog> log, StopSignal& stop,
                 sdk::Access access, Parts parts = Parts::all, Clock clock = {},
                 std::shared_ptr<Metrics> metrics = {});

    const PipelineConfig& config() const { return config_; }
    HostServicesImpl& services() { return services_; }
    const PipelineParts& parts() const { return parts_; }
    sdk::Store& store() { return *parts_.store; }
    // The ledger, read-only, for a pipeline opened without it; throws sdk::Error when it cannot
    // be opened, e.g. before the first pass made it.
    std::shared_ptr<sdk::Store> open_ledger_read_only();

  private:
    PipelineConfig config_;
    HostServicesImpl services_;
    PipelineParts parts_;
};

}  // namespace ferry
