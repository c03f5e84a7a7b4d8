// Which of the target's customers each of the source's is, as an accounting integration's
// set-up wizard proposes them: by CVR, VAT number or EAN, then telephone, then name. A person
// accepts the suggestions (`ferry link customers`); nothing here writes anything.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ferry/sdk/sink.hpp"
#include "ferry/sdk/source.hpp"

namespace ferry {

// A customer as the source lists and reads it. `customer` is personal data: in memory and on
// the screen of the person linking, never stored or logged.
struct SourceCustomer {
    sdk::DocumentRef ref;
    sdk::Customer customer;
};

enum class MatchedBy { identifier, telephone, name };
std::string_view to_string(MatchedBy by);  // "CVR, VAT number or EAN", "telephone", "name"

struct CustomerMatch {
    SourceCustomer source;
    std::optional<MatchedBy> matched_by;          // unset when there are no candidates
    std::vector<sdk::TargetCustomer> candidates;  // by the target's number
};

// The three lists a person works through: one suggestion each, several, none.
struct CustomerMatches {
    std::vector<CustomerMatch> one, several, none;
};

// Each source customer against the target's `unclaimed` ones (those no ledger record names
// yet). The first way that finds any candidate decides, so a CVR match is never diluted by a
// namesake. A candidate whose CVR, VAT number or EAN differs from one the source customer has
// is never suggested: a municipality's institutions share its name and CVR, each with its own
// EAN.
CustomerMatches match_customers(const std::vector<SourceCustomer>& source,
                                const std::vector<sdk::TargetCustomer>& unclaimed);

// What the matching compares, exposed for its tests: "" when there is nothing to compare.
std::string comparable_telephone(std::string_view telephone);
std::string comparable_name(std::string_view name);

}  // namespace ferry
