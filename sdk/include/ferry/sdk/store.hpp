// A store is the ledger: what happened to each document, durable across crashes.
#pragma once

#include <boost/config.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ferry/sdk/document.hpp"
#include "ferry/sdk/sink.hpp"

namespace ferry::sdk {

//   seen ──▶ intent ──▶ delivered
//     │        │  └───▶ retry-later ──▶ intent ...
//     │        └──────▶ rejected  (quarantined until `ferry retry` or a re-printed file)
//     └─▶ skipped
enum class State { seen, intent, delivered, retry_later, rejected, skipped };

inline std::string_view to_string(State state) {
    switch (state) {
        case State::seen:
            return "seen";
        case State::intent:
            return "intent";
        case State::delivered:
            return "delivered";
        case State::retry_later:
            return "retry-later";
        case State::rejected:
            return "rejected";
        case State::skipped:
            return "skipped";
    }
    return "seen";
}

inline std::optional<State> parse_state(std::string_view text) {
    for (State state : {State::seen, State::intent, State::delivered, State::retry_later,
                        State::rejected, State::skipped})
        if (to_string(state) == text)
            return state;
    return std::nullopt;
}

using TimePoint = std::chrono::system_clock::time_point;

struct HistoryEntry {
    TimePoint at;
    State state = State::seen;
    std::string note;  // reason text, target refs; never personal data
    // The stable code of the reason, when the change had one (a skip's, a rejection's, a
    // retry's): what programs match, never the note.
    std::string code;
};

// The code of a skip a person asked for (`ferry skip`), as opposed to one the source declared.
inline constexpr const char* skipped_by_hand_code = "ferry.skipped_by_hand";

// One document's entry. Holds no personal data: no names, addresses, CPR numbers or lines.
struct LedgerRecord {
    DocumentKey key;
    State state = State::seen;
    int attempts = 0;
    std::string error_code;
    std::string error_text;
    TimePoint next_attempt{};
    std::string fingerprint;
    std::optional<Date> date;
    TargetRefs target;
    unsigned generation = 0;                 // see DeliveryRequest::generation
    std::optional<Decimal> net, vat, gross;  // as booked, for reconciliation
    // Set when the source re-issued a document after it was delivered: never delivered again,
    // shown to a person instead.
    std::string changed_fingerprint;
    TimePoint created{};
    TimePoint updated{};
    std::vector<HistoryEntry> history;
};

// What a pass needs to decide about a listed document (see the host's decide step): a few
// dozen bytes, where the whole record carries its history.
struct LedgerBrief {
    State state = State::seen;
    TimePoint next_attempt{};
    std::string fingerprint;
    std::string changed_fingerprint;
};

inline LedgerBrief brief_of(const LedgerRecord& record) {
    return {record.state, record.next_attempt, record.fingerprint, record.changed_fingerprint};
}

// The code of the Error a store's factory throws when it is opened Access::read_only where
// there is no ledger yet (it creates nothing then): `ferry plan` plans as if it were empty.
inline constexpr const char* ledger_missing_code = "ledger.missing";

// The host calls a store's methods one at a time, even while it delivers several documents at
// once: a store needs no locks of its own for one pipeline.
class BOOST_SYMBOL_VISIBLE Store {
  public:
    virtual ~Store() = default;

    virtual std::optional<LedgerRecord> find(const DocumentKey& key) = 0;

    // find(key)'s brief. Every pass asks it for every listed document, years of them, so a
    // store should answer from a compact index kept in the same transaction as save() rather
    // than read whole records. This default reads the record: the same answer, only dearer.
    virtual std::optional<LedgerBrief> find_brief(const DocumentKey& key) {
        std::optional<LedgerRecord> record = find(key);
        return record ? std::optional(brief_of(*record)) : std::nullopt;
    }

    // Writes the whole record in one transaction that is durable when this returns.
    // Throws ferry::sdk::Error when it cannot (disk full, read-only); the ledger stays as it was.
    virtual void save(const LedgerRecord& record) = 0;

    // Every record, in key order: the byte order of DocumentKey::str() (company, then kind as
    // written, then number). `visit` returns false to stop early.
    virtual void scan(const std::function<bool(const LedgerRecord&)>& visit) = 0;

    // Every record in `state`, in key order; `visit` returns false to stop early and may save().
    // Each pass asks for the few documents a crash left in `intent`, so a store holding years
    // of documents should answer from an index kept in the same transaction as save(). This
    // default filters scan(), so a store without one gives the same answer, only slower.
    virtual void scan_state(State state, const std::function<bool(const LedgerRecord&)>& visit) {
        scan([&](const LedgerRecord& record) { return record.state != state || visit(record); });
    }
};

}  // namespace ferry::sdk
