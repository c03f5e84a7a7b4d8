// How the host changes ledger records: every change of state leaves a line of history.
#pragma once

#include <map>
#include <string>

#include "ferry/sdk/source.hpp"
#include "ferry/sdk/store.hpp"

namespace ferry {

sdk::LedgerRecord new_record(const sdk::DocumentRef& ref, sdk::TimePoint now);

// `code` is the stable code of the reason, when there is one (see sdk::HistoryEntry::code).
void transition(sdk::LedgerRecord& record, sdk::State state, sdk::TimePoint now, std::string note,
                std::string code = {});

// Whether the history holds a delivery (or a link), whatever the state is now.
bool was_delivered(const sdk::LedgerRecord& record);

// Whether the target holds this document: delivered, maybe with an update of it pending, or
// linked by a person to what the target already kept. What a prerequisite must be.
bool target_holds(const sdk::LedgerRecord& record);

// The codes of a person's link of a document to what the target already kept (`ferry link`),
// and of its undoing.
inline constexpr const char* linked_by_hand_code = "ferry.linked";
inline constexpr const char* unlinked_by_hand_code = "ferry.unlinked";

// Whether the target's record came from a person's link rather than from a delivery that
// created it: only a link can be undone.
bool is_linked_by_hand(const sdk::LedgerRecord& record);

// "draft 148, booked 2026123": what the target holds, for history lines and messages.
std::string describe_target(const sdk::TargetRefs& target);

// What the sink stores on the target to recognise this document later.
std::string target_reference(const std::string& pipeline, const sdk::DocumentKey& key);
// What every reference of this pipeline starts with: "ferry:<pipeline>:".
std::string target_reference_prefix(const std::string& pipeline);

// Documents per company and state, as a pass leaves the ledger.
using DocumentCounts = std::map<std::string, std::map<sdk::State, std::size_t>>;
DocumentCounts count_documents(sdk::Store& store);

// Wait before the next attempt after `attempts` failed ones: 1 min doubling to 1 h.
std::chrono::seconds retry_backoff(int attempts);

}  // namespace ferry
