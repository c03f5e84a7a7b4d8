// The operator page's views as HTML: what the ledger and the reports hold, escaped, with no
// script (it reads the same without JavaScript) and no inline style (the CSP forbids it).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ferry/sdk/store.hpp"
#include "operator/operated_pipeline.hpp"
#include "reports/reports.hpp"

namespace ferry {

// What every view is framed with.
struct PageFrame {
    std::string title;
    // Seconds until the browser reloads it, 0 for never: set while a pass runs, never on a
    // page with a form a person may be filling in.
    int refresh_seconds = 0;
    // Whether the sign-in link or the sign-out button shows; neither without an operator token.
    bool actions_configured = false;
    bool signed_in = false;
    std::string csrf;  // for the sign-out form
};

std::string page_html(const PageFrame& frame, std::string_view main);
const std::string& page_style();
const std::string& page_icon();  // SVG

// A pipeline's ledger, counted and sifted for the views.
struct LedgerSummary {
    bool open = false;  // false before the first pass, or after a failed one
    std::map<std::string, std::map<sdk::State, std::size_t>> by_company;
    std::vector<sdk::LedgerRecord> waiting;  // rejected, retry-later, unresolved intents
    std::vector<sdk::LedgerRecord> changed;  // re-issued after delivery
    std::size_t waiting_total = 0;           // waiting may be cut to the newest
};
LedgerSummary summarise_ledger(OperatedPipeline& pipeline);

struct PipelineView {
    std::string name;
    PipelineStatus status;
    LedgerSummary ledger;
};

std::string overview_main(const std::vector<PipelineView>& pipelines);
std::string pipeline_main(const PipelineView& pipeline);

// What a signed-in person may do to a document, if anything.
struct DocumentActions {
    bool allowed = false;
    std::string csrf;
};
std::string document_main(const std::string& pipeline, const sdk::LedgerRecord& record,
                          const DocumentActions& actions);

struct SearchHit {
    std::string pipeline;
    sdk::LedgerRecord record;
};
std::string search_main(std::string_view query, const std::vector<SearchHit>& hits, bool cut_short);

std::string reconcile_main(const std::string& pipeline, const Reconciliation& report,
                           const DocumentActions& actions);
std::string gaps_main(const std::string& pipeline, const GapReport& report);

// A message in a page of its own: an action's outcome, or why a view cannot be made now.
std::string notice_main(std::string_view heading, std::string_view message,
                        std::string_view back_link, std::string_view back_text);

std::string sign_in_main(std::string_view problem);

// Links, with every value percent-encoded.
std::string pipeline_link(std::string_view pipeline);
std::string document_link(std::string_view pipeline, std::string_view key);

}  // namespace ferry
