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

// Which side's data a link keeps: the source's goes to the target at the next pass (an update
// of what the target kept); the target's stays as it is until the source next changes.
enum class LinkWinner { source, target };

// The source's document `ref` is what the target already keeps as `target` (a customer the
// person matched): recorded as delivered there, so nothing new is created for it and the
// documents that wait for it go. Replaces an earlier link; refused for a document in flight.
ActionResult link_document(sdk::Store& store, const sdk::DocumentRef& ref,
                           const sdk::TargetRefs& target, LinkWinner winner, sdk::TimePoint now,
                           ActionOrigin origin);

// Undoes a person's link: the document is again unknown to the target, so what needs it waits,
// and the next pass delivers it as new (or a person links it again first). Refused for a
// document the target holds because Ferry delivered it.
ActionResult unlink_document(sdk::Store& store, sdk::LedgerRecord record, sdk::TimePoint now,
                             ActionOrigin origin);

}  // namespace ferry
