// `ferry plan`: what the next pass would do with each document, without doing it. The ledger
// is only read and the sink only asked what it would do (Sink::plan), so a plan changes
// nothing on either side; documents are decided on as a pass decides, in a pass's order.
#pragma once

#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/runner.hpp"

namespace ferry {

struct PlannedDocument {
    sdk::DocumentKey key;
    sdk::Date date;   // the issue date once read, else the date the source lists
    std::string why;  // why the next pass delivers it, e.g. "new"
    sdk::Plan plan;   // its rejection also when the source cannot read the document
};

struct PassPlan {
    std::size_t listed = 0;
    std::size_t ignored = 0;  // files that are no documents
    std::size_t to_deliver = 0;
    std::size_t skipped = 0;  // out of scope, as the source says
    std::size_t changed_after_delivery = 0;
    std::size_t unresolved = 0;  // left in intent by an interrupted pass: it asks the target first
    std::size_t unchanged = 0;   // delivered, rejected, skipped or waiting: nothing to do
    std::vector<PlannedDocument> documents;  // in delivery order, at most the limit
    std::vector<sdk::Problem> source_problems;
    std::optional<sdk::Problem> failure;  // why the plan stopped before its end

    std::size_t would_reject() const;
    // How often each step code occurs over the planned documents.
    std::map<std::string, std::size_t> step_counts() const;
};

// With no store (no ledger yet) every listed document is new. Plans at most `limit` of the
// documents the pass would deliver.
PassPlan plan_pass(const PipelineParts& parts, sdk::HostServices& host,
                   std::size_t limit = std::numeric_limits<std::size_t>::max());

}  // namespace ferry
