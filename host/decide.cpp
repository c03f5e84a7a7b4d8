#include "decide.hpp"

namespace ferry {
using sdk::State;

Decision decide(const std::optional<sdk::LedgerBrief>& record, const sdk::DocumentRef& ref,
                sdk::TimePoint now) {
    if (!record)
        return ref.skip_reason ? Decision::skip : Decision::deliver;
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

}  // namespace ferry
