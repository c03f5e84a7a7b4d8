#include "operator/ledger_actions.hpp"

#include <fmt/format.h>

#include "ledger/ledger_record.hpp"

namespace ferry {
using sdk::State;

namespace {

std::string_view who(ActionOrigin origin) {
    return origin == ActionOrigin::operator_page ? "on the operator page" : "by hand";
}

}  // namespace

ActionResult retry_document(sdk::Store& store, sdk::LedgerRecord record, sdk::TimePoint now,
                            ActionOrigin origin) {
    const std::string key = record.key.str();
    if (record.state != State::rejected && record.state != State::retry_later &&
        record.state != State::skipped)
        return {false,
                fmt::format("{} is {}; only rejected, retry-later or skipped documents can be "
                            "retried",
                            key, sdk::to_string(record.state)),
                record.state == State::delivered};
    record.next_attempt = now;
    transition(record, State::seen, now, fmt::format("retry requested {}", who(origin)));
    store.save(record);
    return {true, key + ": will be delivered on the next pass"};
}

ActionResult skip_document(sdk::Store& store, sdk::LedgerRecord record, std::string_view reason,
                           sdk::TimePoint now, ActionOrigin origin) {
    const std::string key = record.key.str();
    if (record.state == State::delivered || record.state == State::intent)
        return {false,
                fmt::format("{} is {}; it cannot be skipped", key, sdk::to_string(record.state))};
    transition(record, State::skipped, now, fmt::format("skipped {}: {}", who(origin), reason),
               sdk::skipped_by_hand_code);
    store.save(record);
    return {true, key + ": skipped; it will not be delivered"};
}

ActionResult resend_document(const PipelineParts& parts, sdk::LedgerRecord record,
                             sdk::TimePoint now, ActionOrigin origin) {
    const std::string key = record.key.str();
    if (record.state != State::delivered)
        return {false, fmt::format("{} is {}; a resend is for a delivered document whose booking "
                                   "was deleted in the target",
                                   key, sdk::to_string(record.state))};
    sdk::DocumentRef ref{record.key, record.date.value_or(sdk::Date{}), record.fingerprint, {}, {}};
    sdk::Found found = parts.sink->find(ref, target_reference(parts.name, record.key));
    if (found.status != sdk::Found::Status::absent)
        return {false, fmt::format("{}: the target still holds it ({}); nothing is sent again. "
                                   "Delete it there first if it must be delivered anew.",
                                   key, describe_target(found.target))};
    const std::string was = describe_target(record.target);
    record.generation += 1;
    record.target.clear();
    record.error_code.clear(), record.error_text.clear();
    record.next_attempt = now;
    transition(record, State::seen, now,
               fmt::format("resend requested {}: the target no longer holds {}; delivery "
                           "generation {}",
                           who(origin), was.empty() ? "it" : was, record.generation));
    parts.store->save(record);
    return {true, fmt::format("{}: the target no longer holds {}; it will be delivered again on "
                              "the next pass (generation {})",
                              key, was.empty() ? "it" : was, record.generation)};
}

ActionResult link_document(sdk::Store& store, const sdk::DocumentRef& ref,
                           const sdk::TargetRefs& target, LinkWinner winner, sdk::TimePoint now,
                           ActionOrigin origin) {
    const std::string key = ref.key.str();
    std::optional<sdk::LedgerRecord> existing = store.find(ref.key);
    if (existing && existing->state == State::intent)
        return {false, fmt::format("{} is being delivered (or a crash left it in intent); run a "
                                   "pass first, then link it",
                                   key)};
    if (existing && target_holds(*existing) && !is_linked_by_hand(*existing))
        return {false, fmt::format("{}: Ferry delivered it to the target ({}); it needs no link",
                                   key, describe_target(existing->target))};
    sdk::LedgerRecord record = existing ? *existing : new_record(ref, now);
    const std::string was = existing && is_linked_by_hand(*existing)
                                ? fmt::format(" (was {})", describe_target(existing->target))
                                : "";
    record.target = target;
    record.date = ref.date;
    record.error_code.clear(), record.error_text.clear();
    record.changed_fingerprint.clear();
    // The fingerprint says which version the target holds: the source's own when the target's
    // data wins, none when the source's does, so the next pass sends the source's as an update.
    record.fingerprint = winner == LinkWinner::target ? ref.fingerprint : "";
    const std::string outcome =
        winner == LinkWinner::source
            ? "the source's data wins: the next pass updates the target's record from it"
            : "the target's data wins: it is left as it is until the source changes it";
    transition(record, State::delivered, now,
               fmt::format("linked {} to the target's {}{}; {}", who(origin),
                           describe_target(target), was, outcome),
               linked_by_hand_code);
    store.save(record);
    return {true, fmt::format("{}: linked to the target's {}{}; {}", key, describe_target(target),
                              was, outcome)};
}

ActionResult unlink_document(sdk::Store& store, sdk::LedgerRecord record, sdk::TimePoint now,
                             ActionOrigin origin) {
    const std::string key = record.key.str();
    if (!is_linked_by_hand(record))
        return {false,
                target_holds(record)
                    ? fmt::format("{}: Ferry delivered it to the target ({}); that is not a link "
                                  "and cannot be undone here",
                                  key, describe_target(record.target))
                    : fmt::format("{} is not linked", key)};
    if (record.state == State::intent)
        return {false,
                fmt::format("{} is being delivered; run a pass first, then undo the link", key)};
    const std::string was = describe_target(record.target);
    record.target.clear();
    record.fingerprint.clear();
    record.next_attempt = now;
    transition(record, State::seen, now,
               fmt::format("link to the target's {} undone {}", was, who(origin)),
               unlinked_by_hand_code);
    store.save(record);
    return {true, fmt::format("{}: no longer linked to the target's {}; documents delivered on it "
                              "meanwhile stay there. Link it again, or the next pass delivers it "
                              "as new",
                              key, was)};
}

}  // namespace ferry
