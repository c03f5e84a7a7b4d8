// The operator page's views of what a ledger holds: the pipelines, one pipeline's waiting
// documents, one document with its history, and a search by number.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "ferry/sdk/store.hpp"
#include "operator/operated_pipeline.hpp"
#include "operator/page_frame.hpp"

namespace ferry {

// A pipeline's ledger, counted and sifted for the views.
struct LedgerSummary {
    bool open = false;  // false before the first pass, or after a failed one
    DocumentCounts by_company;
    std::vector<sdk::LedgerRecord> waiting;  // rejected, retry-later, unresolved intents
    std::vector<sdk::LedgerRecord> changed;  // re-issued after delivery
    std::size_t waiting_total = 0;           // waiting may be cut to the newest
};
LedgerSummary summarise_ledger(OperatedPipeline& pipeline);
// The counts alone, for the overview: as the last pass left them when the service counted
// them, else read from the ledger; no document is listed.
LedgerSummary count_ledger(OperatedPipeline& pipeline, const PipelineStatus& status);

struct PipelineView {
    std::string name;
    PipelineStatus status;
    LedgerSummary ledger;
};

std::string overview_main(const std::vector<PipelineView>& pipelines);
std::string pipeline_main(const PipelineView& pipeline);
std::string document_main(const std::string& pipeline, const sdk::LedgerRecord& record,
                          const DocumentActions& actions);

struct SearchHit {
    std::string pipeline;
    sdk::LedgerRecord record;
};
std::string search_main(std::string_view query, const std::vector<SearchHit>& hits, bool cut_short);

}  // namespace ferry
