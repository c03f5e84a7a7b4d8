#include "ledger/ledger_record.hpp"

#include <algorithm>

namespace ferry {

sdk::LedgerRecord new_record(const sdk::DocumentRef& ref, sdk::TimePoint now) {
    sdk::LedgerRecord record;
    record.key = ref.key;
    record.fingerprint = ref.fingerprint;
    record.date = ref.date;
    record.created = now;
    record.updated = now;
    return record;
}

void transition(sdk::LedgerRecord& record, sdk::State state, sdk::TimePoint now, std::string note,
                std::string code) {
    record.state = state;
    record.updated = now;
    record.history.push_back({now, state, std::move(note), std::move(code)});
}

bool was_delivered(const sdk::LedgerRecord& record) {
    return std::any_of(
        record.history.begin(), record.history.end(),
        [](const sdk::HistoryEntry& entry) { return entry.state == sdk::State::delivered; });
}

bool target_holds(const sdk::LedgerRecord& record) {
    return !record.target.empty() &&
           (record.state == sdk::State::delivered || was_delivered(record));
}

bool is_linked_by_hand(const sdk::LedgerRecord& record) {
    for (auto entry = record.history.rbegin(); entry != record.history.rend(); ++entry) {
        if (entry->code == linked_by_hand_code)
            return true;
        if (entry->code == unlinked_by_hand_code)
            return false;
    }
    return false;
}

std::string describe_target(const sdk::TargetRefs& target) {
    std::string text;
    for (const auto& [name, value] : target)
        text += (text.empty() ? "" : ", ") + name + " " + value;
    return text;
}

std::string target_reference(const std::string& pipeline, const sdk::DocumentKey& key) {
    return target_reference_prefix(pipeline) + key.str();
}

std::string target_reference_prefix(const std::string& pipeline) {
    return "ferry:" + pipeline + ":";
}

std::chrono::seconds retry_backoff(int attempts) {
    int doublings = std::clamp(attempts - 1, 0, 6);
    return std::min(std::chrono::seconds(60 << doublings), std::chrono::seconds(3600));
}

DocumentCounts count_documents(sdk::Store& store) {
    DocumentCounts counts;
    store.scan([&](const sdk::LedgerRecord& record) {
        ++counts[record.key.company][record.state];
        return true;
    });
    return counts;
}

}  // namespace ferry
