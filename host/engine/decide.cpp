#include "engine/decide.hpp"

#include <fmt/format.h>

#include <tuple>

#include "ledger/ledger_record.hpp"

namespace ferry {
using sdk::State;

Decision decide(const std::optional<sdk::LedgerBrief>& record, const sdk::DocumentRef& ref,
                sdk::TimePoint now) {
    if (!record)
        return ref.skip ? Decision::skip : Decision::deliver;
    bool reissued = ref.fingerprint != record->fingerprint;
    switch (record->state) {
        case State::seen:
            return Decision::deliver;
        case State::retry_later:
            return reissued || now >= record->next_attempt ? Decision::deliver : Decision::leave;
        case State::rejected:
            return reissued ? Decision::deliver : Decision::leave;
        case State::delivered:
            if (!reissued || ref.fingerprint == record->changed_fingerprint)
                return Decision::leave;
            return follows_its_source(ref.key.kind) ? Decision::update : Decision::flag_changed;
        // An unresolved intent is never delivered blindly: recovery must ask the sink first.
        case State::intent:
        case State::skipped:
            return Decision::leave;
    }
    return Decision::leave;
}

bool follows_its_source(sdk::DocumentKind kind) {
    const sdk::DocumentKindInfo* info = sdk::find_kind_info(kind);
    return info && info->change_after_delivery == sdk::ChangeAfterDelivery::delivered_as_update;
}

std::optional<sdk::Problem> kind_refusal(const DeclaredKinds& kinds, sdk::DocumentKind kind) {
    if (!kinds.produced.contains(kind))
        return sdk::Problem{
            "source.kind_undeclared",
            fmt::format("{} gave a document of kind {}, which it does not declare (it declares "
                        "{}); not read or delivered. The source plugin is at fault: its author "
                        "must declare the kind or stop listing it",
                        kinds.source, sdk::to_string(kind), kinds.produced.str())};
    if (!kinds.accepted.contains(kind))
        return sdk::Problem{
            "sink.kind_not_accepted",
            fmt::format("{} does not accept documents of kind {} (it accepts {}); not read or "
                        "delivered. Choose a sink that accepts {}",
                        kinds.sink, sdk::to_string(kind), kinds.accepted.str(),
                        sdk::to_string(kind))};
    return std::nullopt;
}

bool delivery_order(const sdk::DocumentRef& a, const sdk::DocumentRef& b) {
    return std::forward_as_tuple(!follows_its_source(a.key.kind), a.date, a.key.company, a.key.kind,
                                 a.key.number.size(), a.key.number) <
           std::forward_as_tuple(!follows_its_source(b.key.kind), b.date, b.key.company, b.key.kind,
                                 b.key.number.size(), b.key.number);
}

std::optional<sdk::Problem> unmet_prerequisite(const std::string& pipeline,
                                               const sdk::DocumentKey& key,
                                               const std::optional<sdk::LedgerRecord>& record) {
    if (record && target_holds(*record))
        return std::nullopt;
    std::string why =
        !record ? "the source has not listed it"
        : record->state == State::rejected || record->state == State::retry_later
            ? fmt::format("it is {}: {}", sdk::to_string(record->state), record->error_code)
            : fmt::format("it is {}, not delivered yet", sdk::to_string(record->state));
    std::string next =
        key.kind == sdk::DocumentKind::customer
            ? fmt::format(
                  "link it to the target's customer with `ferry link "
                  "customers` on pipeline {}'s file, or let it be created",
                  pipeline)
            : fmt::format("see `ferry explain` on pipeline {}'s file for {}", pipeline, key.str());
    return sdk::Problem{"ferry.waiting_for_prerequisite",
                        fmt::format("waits for {} {} ({}): {}; {}", sdk::to_string(key.kind),
                                    key.number, key.str(), why, next)};
}

}  // namespace ferry
