// Fingerprints: what a document says, hashed, so a changed export is seen and a rewritten one not.
#pragma once

#include <string>
#include <string_view>

#include "ferry/sdk/document.hpp"

namespace ferry::csv {

std::string fingerprint_of(const sdk::Customer& c);
std::string fingerprint_of(const sdk::Document& d);

// A hex digest of `text`, for fingerprints.
std::string content_hash(std::string_view text);

}  // namespace ferry::csv
