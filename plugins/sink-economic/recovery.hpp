// What e-conomic already holds for a document, found by references.other: how a delivery
// resumes instead of creating a second draft, and how the host resolves documents a crash
// left in `intent`.
#pragma once

#include <optional>
#include <string>

#include "company.hpp"
#include "ferry/sdk/sink.hpp"

namespace ferry::economic {

std::optional<Json> booked_invoice(EconomicApi& api, const std::string& reference);
std::optional<Json> draft_invoice(EconomicApi& api, const std::string& reference);

std::optional<std::int64_t> integer_at(const Json& json, const char* key);

// delivered: booked (or, with book: false, never — a draft is completed by deliver());
// incomplete: a draft exists; absent: nothing. Throws ApiFailure when e-conomic cannot answer.
sdk::Found find_delivery(Company& company, const std::string& reference);

}  // namespace ferry::economic
