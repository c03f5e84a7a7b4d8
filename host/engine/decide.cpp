#include "engine/decide.hpp"

#include <fmt/format.h>

#include <tuple>

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
    return std::forward_as_tuple(a.date, a.key.company, a.key.kind, a.key.number.size(),
                                 a.key.number) <
           std::forward_as_tuple(b.date, b.key.company, b.key.kind, b.key.number.size(),
                                 b.key.number);
}

}  // namespace ferry
