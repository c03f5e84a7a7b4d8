#include "engine/decide.hpp"

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
            return reissued && ref.fingerprint != record->changed_fingerprint
                       ? Decision::flag_changed
                       : Decision::leave;
        // An unresolved intent is never delivered blindly: recovery must ask the sink first.
        case State::intent:
        case State::skipped:
            return Decision::leave;
    }
    return Decision::leave;
}

bool delivery_order(const sdk::DocumentRef& a, const sdk::DocumentRef& b) {
    return std::forward_as_tuple(a.date, a.key.company, a.key.kind, a.key.number.size(),
                                 a.key.number) <
           std::forward_as_tuple(b.date, b.key.company, b.key.kind, b.key.number.size(),
                                 b.key.number);
}

}  // namespace ferry
