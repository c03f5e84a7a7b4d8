// What a person does to one document, from the command line or the operator page: retry it,
// skip it, or send it again after its booking was deleted in the target. Each action is a
// state change with a line of history that says who asked.
#pragma once

#include <string>
#include <string_view>

#include "engine/runner.hpp"
#include "ferry/sdk/store.hpp"

namespace ferry {

enum class ActionOrigin { command_line, operator_page };

struct ActionResult {
    bool done = false;
    std::string message;  // starts with the document's key; what happened, or why not
    // Refused because the document is delivered: what the person wants is a resend.
    bool resend_instead = false;
};

// A rejected, retry-later or skipped document becomes due at once.
ActionResult retry_document(sdk::Store& store, sdk::LedgerRecord record, sdk::TimePoint now,
                            ActionOrigin origin);

// Never delivered, for `reason`; refused for a document delivered or in flight.
ActionResult skip_document(sdk::Store& store, sdk::LedgerRecord record, std::string_view reason,
                           sdk::TimePoint now, ActionOrigin origin);

// A delivered document goes out again only when the target no longer holds anything for it,
// and under a new generation, so that the sink's idempotency keys are not answered with what
// the target cached for the deleted one. Asks the sink, so it may throw sdk::Error.
ActionResult resend_document(const PipelineParts& parts, sdk::LedgerRecord record,
                             sdk::TimePoint now, ActionOrigin origin);

}  // namespace ferry
