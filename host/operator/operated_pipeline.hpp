// A pipeline as the operator page sees it, whoever holds it: the service between and during its
// passes, or `ferry page` for a read-only look at a ledger.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/runner.hpp"
#include "ledger/ledger_record.hpp"
#include "plugins/host_services.hpp"

namespace ferry {

struct PipelineStatus {
    enum class Activity { waiting, passing, failed, not_run_here };
    Activity activity = Activity::not_run_here;
    std::optional<std::chrono::system_clock::time_point> last_pass, next_pass;
    std::string last_error;           // of the last pass, when it failed
    std::size_t done = 0, total = 0;  // the running pass's progress
    std::optional<PassSummary> last_summary;
    // The ledger's documents as the last pass left them, counted once for /metrics and the
    // overview; none where no pass ran (a read-only look counts the ledger itself).
    std::optional<DocumentCounts> documents;
};

class OperatedPipeline {
  public:
    virtual ~OperatedPipeline() = default;

    virtual const std::string& name() const = 0;
    virtual PipelineStatus status() const = 0;

    // Runs `read` on the ledger, even while a pass runs (the store takes one call at a time).
    // False when the ledger is not open: before the first pass, or after a failed one.
    virtual bool read_ledger(const std::function<void(sdk::Store&)>& read) = 0;

    // Runs `use` with all of the pipeline's parts while no pass runs, holding the next pass
    // back until it returns. False, and `use` not run, while a pass runs.
    virtual bool between_passes(
        const std::function<void(const PipelineParts&, sdk::HostServices&)>& use) = 0;

    // Whether a person may change documents here; false for a read-only look.
    virtual bool takes_actions() const = 0;
    // After an action: the next pass is due now rather than on the schedule.
    virtual void pass_soon() = 0;
};

// The pipelines a page shows; the service's set changes when it reloads its files.
using PipelineBoard = std::function<std::vector<std::shared_ptr<OperatedPipeline>>()>;

}  // namespace ferry
