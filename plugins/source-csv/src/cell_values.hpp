// What a cell of a Danish (or other) export means: amounts, dates, yes/no, CVR and EAN
// numbers. Each reader takes the trimmed cell and answers nullopt for text it cannot read.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "ferry/sdk/date.hpp"
#include "ferry/sdk/decimal.hpp"

namespace ferry::csv {

// `1.234,50` with decimal_comma (`.` groups thousands, optional), `1,234.50` without;
// an optional leading minus.
std::optional<sdk::Decimal> read_amount(std::string_view cell, bool decimal_comma);

// `dd-mm-yyyy`, `dd.mm.yyyy` (day and month may have one digit) or ISO `yyyy-mm-dd`.
std::optional<sdk::Date> read_date(std::string_view cell);

// ja/nej, yes/no, 1/0, x/empty, true/false, in any letter case.
std::optional<bool> read_yes_no(std::string_view cell);

// 8 digits, spaces allowed, with or without a `DK` prefix; returned as the 8 digits.
std::optional<std::string> read_cvr(std::string_view cell);

// 13 digits (a GLN), spaces allowed.
std::optional<std::string> read_ean(std::string_view cell);

}  // namespace ferry::csv
