// What the resource routes share: wrapped bodies checked against a field list (unknown field →
// 2001399), lists with MetaInformation and limit/page, ILIKE search and natural number order.
#pragma once

#include "api.hpp"

#include "emulator_kit/json_body.hpp"

#include <ferry/sdk/decimal.hpp>
#include <nlohmann/json.hpp>

#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

namespace fortnox_emulator {

// Codes from reference §4 ([ERR], [AC-…]) and the ones the emulator had to choose (README).
namespace code {
inline constexpr int customer_not_found = 2000433;      // [AC-404]
inline constexpr int account_not_found = 2001304;       // [ERR]
inline constexpr int number_taken = 2000637;            // [ERR]
inline constexpr int invalid_filter = 2000587;          // [AC-FLT]
inline constexpr int invalid_parameter = 2000588;       // [ERR]
inline constexpr int invalid_field = 2001399;           // [AC-FLD]
inline constexpr int bad_json = 2002115;                // [ERR]
inline constexpr int empty_body = 2001392;              // [ERR]
inline constexpr int not_found = 2000000;               // guess: any other missing resource
inline constexpr int article_not_found = 2000428;       // guess
inline constexpr int invoice_not_found = 2000434;       // guess
inline constexpr int financial_year_missing = 2000787;  // guess
inline constexpr int already_booked = 2000714;          // guess ("already bookkept" unconfirmed)
inline constexpr int invoice_cancelled = 2000715;       // guess
inline constexpr int invoice_booked_no_edit = 2000716;  // guess
inline constexpr int cannot_credit = 2000717;           // guess
inline constexpr int cannot_cancel = 2000718;           // guess
inline constexpr int invalid_value = 2000588;           // guess: a field's value is not allowed
inline constexpr int required_missing = 2000359;        // guess
}  // namespace code

// Numbers compare as numbers ("9" < "10"), anything else as text after them.
bool natural_less(const std::string& a, const std::string& b);
// Case-insensitive substring match (ASCII and Latin-1 letters such as ÅÄÖ in UTF-8).
bool ilike(const std::string& haystack, const std::string& needle);
std::string text_of(const nlohmann::json& value);  // string as is, number as written, else ""
bool all_digits(const std::string& text);          // non-empty, 0-9 only, fits in 64 bits
// Terms of payment the emulator knows: a number of days, 0..365 (guess: Fortnox checks the code
// against its register of terms).
bool valid_terms(const std::string& terms);

// The entity inside {"<wrapper>":{...}}, its numbers' exact text kept (pointers start at
// /<wrapper>). An empty body, bad JSON, a missing wrapper or a field outside `writable` and
// `read_only` is an error reply; read-only fields are dropped.
std::variant<emulator_kit::ParsedBody, Reply> entity_body(const Context& context,
                                                          const std::string& wrapper,
                                                          const std::set<std::string>& writable,
                                                          const std::set<std::string>& read_only);
// Checks fields of a nested object (an invoice row) the same way; returns an error or nullopt.
std::optional<Reply> check_fields(const Context& context, nlohmann::json& object,
                                  const std::set<std::string>& writable,
                                  const std::set<std::string>& read_only);

// The value as a decimal: a JSON number (exact text) or a numeric string; nullopt when absent
// or null; `invalid` set when present but not a number.
std::optional<ferry::sdk::Decimal> decimal_field(const emulator_kit::ParsedBody& body,
                                                 const std::string& pointer, bool& invalid);

// limit (1..500, default 100) and page (from 1): a 400 when out of range.
struct Paging {
    std::size_t limit = 100;
    std::size_t page = 1;
};
std::variant<Paging, Reply> paging_of(const Context& context);
Reply list_reply(const std::string& wrapper, const std::vector<nlohmann::json>& items,
                 const Paging& paging);

std::string url_of(const Context& context, const std::string& path);
bool account_exists(const Context& context, std::int64_t number);

}  // namespace fortnox_emulator
