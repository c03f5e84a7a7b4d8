// What e-conomic already holds for a document, found by references.other: how a delivery
// resumes instead of creating a second draft, and how the host resolves documents a crash
// left in `intent`.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "company.hpp"
#include "ferry/sdk/sink.hpp"

namespace ferry::economic {

std::optional<Json> booked_invoice(EconomicApi& api, const std::string& reference);
std::optional<Json> draft_invoice(EconomicApi& api, const std::string& reference);

std::optional<std::int64_t> integer_at(const Json& json, const char* key);

// delivered: booked (or, with book: false, never — a draft is completed by deliver());
// incomplete: a draft exists; absent: nothing. A booked invoice's amounts come with it, signed
// as `kind` prints them. Throws ApiFailure when e-conomic cannot answer.
sdk::Found find_delivery(Company& company, const std::string& reference, sdk::DocumentKind kind);

// Booked invoices of this company (and its drafts, with `book: false`) dated from..to whose
// references.other starts with `reference_prefix` (exact case), read page by page with one
// filter.
std::vector<sdk::HeldDocument> held_documents(Company& company, const std::string& reference_prefix,
                                              sdk::Date from, sdk::Date to);

}  // namespace ferry::economic
