// What UBL's codes and identifiers mean, and the one gate through which a value read from a
// document may reach a message: shown only when it is proven to be a code from a closed list,
// described otherwise. Anything else a document holds (names, CPR numbers, free text) never
// reaches a log line, the ledger or a mail.
#pragma once

#include <string>
#include <string_view>

#include "ferry/sdk/document.hpp"
#include "ubl_mapped.hpp"

namespace ferry::ubl {

bool all_digits(std::string_view text);

// "DK12345678", "12345678" → "12345678"; anything else → empty.
std::string normalise_cvr(std::string_view value);

// "0101901234" or "010190-1234" → "0101901234"; anything else → empty.
std::string normalise_cpr(std::string_view value);

// "5566778899" or "556677-8899" with a valid Luhn check digit → "5566778899"; anything else →
// empty (SE-R-003, SE-R-004, SE-R-013).
std::string normalise_orgnr(std::string_view value);

// Throws Rejection (version.unsupported, at `path`) for a format the source does not read.
Generation generation_of(const std::string& customization, const std::string& path,
                         bool reads_oioubl2);
std::string format_name(const std::string& customization, Generation generation);

sdk::VatCategory vat_category_of(std::string_view code, std::string_view scheme);

// An active ISO 4217 alphabetic code ("DKK", "EUR", ...).
bool is_currency_code(std::string_view value);

// `value` when it is an ISO 4217 code, else words saying it is not one (never the value).
std::string shown_currency(std::string_view value);

// Why `value` is not a decimal Ferry can hold, in words that never quote it.
std::string described_non_decimal(std::string_view value);

}  // namespace ferry::ubl
