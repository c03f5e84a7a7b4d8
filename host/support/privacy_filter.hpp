// The one filter every text a plugin wrote passes through before the host stores, logs or serves
// it: the ledger, the log and the metrics must never hold personal data, and a plugin's message
// may quote the document it failed on ("customer Jens Hansen, Privatvej 17, unknown").
#pragma once

#include <string>
#include <string_view>

#include "ferry/sdk/document.hpp"

namespace ferry {

inline constexpr std::string_view personal_data_mask = "[personal data removed]";

// `text` with every CPR-shaped number masked and, given the document the text is about, every
// personal string of it: the names, contact names and references, e-mail addresses, telephone
// numbers, CPR numbers, streets and cities of its parties, its line names and descriptions and
// its notes. Strings shorter than three characters cannot name anyone and are left alone, so
// a message keeps its numbers and words; a match is a whole word, letter case aside.
std::string without_personal_data(std::string_view text, const sdk::Document* document = nullptr);

}  // namespace ferry
