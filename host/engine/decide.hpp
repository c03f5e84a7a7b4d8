// Step two of a pass: given what the ledger knows, what to do with a listed document.
#pragma once

#include <optional>
#include <string>

#include "ferry/sdk/source.hpp"
#include "ferry/sdk/store.hpp"

namespace ferry {

enum class Decision {
    deliver,       // new, due for retry, or a rejected document the source re-issued
    skip,          // the source says it is out of scope (e.g. before first_date)
    flag_changed,  // re-issued after delivery: never delivered again, shown to a person
    update,        // changed after delivery, of a kind that follows its source: delivered again
    leave,         // nothing to do now
};

Decision decide(const std::optional<sdk::LedgerBrief>& record, const sdk::DocumentRef& ref,
                sdk::TimePoint now);

// Whether a document of `kind` changed at its source after delivery is delivered again (master
// data, figures) rather than shown to a person (a booked invoice): the SDK declares it per kind.
bool follows_its_source(sdk::DocumentKind kind);

// The kinds a pipeline's plugins declared, which the pass holds them to.
struct DeclaredKinds {
    std::string source;  // the plugins' names, for messages
    sdk::DocumentKinds produced;
    std::string sink;
    sdk::DocumentKinds accepted;
};

// Why a document of `kind` may not go from this source to this sink, or nullopt when it may.
// `ferry validate` refuses a pipeline whose sink does not accept what its source declares, so
// this catches a source that lists a kind it did not declare: rejected, never read or delivered.
std::optional<sdk::Problem> kind_refusal(const DeclaredKinds& kinds, sdk::DocumentKind kind);

// The order a pass delivers in: master data (kinds that follow their source, such as
// customers) first, so an invoice listed in the same pass as its new customer finds the
// customer delivered; then oldest first, and invoice 9 before invoice 10.
bool delivery_order(const sdk::DocumentRef& a, const sdk::DocumentRef& b);

// Why a document must wait for its prerequisite `key` (see sdk::Document::prerequisites), given
// what pipeline `pipeline`'s ledger holds for it; nullopt when the target holds it.
std::optional<sdk::Problem> unmet_prerequisite(const std::string& pipeline,
                                               const sdk::DocumentKey& key,
                                               const std::optional<sdk::LedgerRecord>& record);

}  // namespace ferry
