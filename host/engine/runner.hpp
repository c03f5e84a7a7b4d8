// One pass of a pipeline: list → decide → record intent → read → deliver → record outcome.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/decide.hpp"
#include "ferry/sdk/host.hpp"
#include "ferry/sdk/sink.hpp"
#include "ferry/sdk/source.hpp"
#include "ferry/sdk/store.hpp"

namespace ferry {

struct PipelineParts {
    std::string name;
    std::shared_ptr<sdk::Source> source;
    std::shared_ptr<sdk::Sink> sink;
    std::shared_ptr<sdk::Store> store;
    DeclaredKinds kinds;
    // Documents of one company delivered at once: the pipeline's in_flight, or 1 for a sink
    // that takes one delivery at a time (then one document at a time over all companies).
    std::size_t in_flight = 1;
    bool concurrent_deliveries = false;
};

struct PassSummary {
    std::size_t listed = 0;
    std::size_t ignored = 0;
    std::size_t delivered = 0;
    std::size_t rejected = 0;
    std::size_t retry_later = 0;
    std::size_t skipped = 0;
    std::size_t changed_after_delivery = 0;
    std::size_t recovered = 0;   // intents resolved from what the target holds
    std::size_t unresolved = 0;  // intents the sink could not resolve yet
    std::vector<sdk::Problem> source_problems;
    bool stopped = false;  // a stop was requested before the pass finished
    double seconds = 0;    // from listing to the last record
    // What the plugins counted during the pass, by name (HostServicesImpl::take_counted).
    std::map<std::string, double> counted;
};

// "source_entries_read_total 206567, ..." for a summary line; "" when nothing was counted.
std::string counted_text(const std::map<std::string, double>& counted);

class Runner {
  public:
    Runner(PipelineParts parts, sdk::HostServices& host);

    // Throws sdk::Error when the ledger cannot be written: nothing is delivered without a
    // durable intent.
    PassSummary run_pass();

    // Called after each document the pass acts on: (done, total), one call at a time.
    void on_progress(std::function<void(std::size_t, std::size_t)> report) {
        progress_ = std::move(report);
    }

  private:
    class Triage;

    void deliver_all(const std::vector<sdk::DocumentRef>& documents, std::size_t pass_total,
                     PassSummary& summary);
    void save(const sdk::LedgerRecord& record);
    void save_counted(const sdk::LedgerRecord& record, std::size_t& count);

    void recover_intents(std::vector<sdk::LedgerRecord>& intents,
                         const std::vector<sdk::DocumentRef>& documents, PassSummary& summary);
    void process(const sdk::DocumentRef& ref, PassSummary& summary);
    void deliver(sdk::LedgerRecord& record, const sdk::DocumentRef& ref, PassSummary& summary);
    void record_delivery(sdk::LedgerRecord& record, const sdk::Delivery& delivery,
                         PassSummary& summary);
    void record_retry(sdk::LedgerRecord& record, const sdk::Problem& problem,
                      std::optional<std::chrono::seconds> after, PassSummary& summary);
    void record_rejection(sdk::LedgerRecord& record, const sdk::Problem& problem,
                          PassSummary& summary);
    void record_wait(sdk::LedgerRecord& record, const sdk::Problem& problem, PassSummary& summary);

    PipelineParts parts_;
    sdk::HostServices& host_;
    std::function<void(std::size_t, std::size_t)> progress_;
    std::size_t done_ = 0;  // documents acted on this pass, for progress_
    // With several documents in flight, the store, the summary and the progress are touched by
    // one thread at a time (ledger_), and so is the source (source_).
    std::mutex ledger_;
    std::mutex source_;
};

}  // namespace ferry
