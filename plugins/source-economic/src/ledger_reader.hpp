// One company's ledger as e-conomic's legacy API serves it: which periods hold entries (and a
// fingerprint that changes when anything is posted into one), and a period read whole with the
// chart and the departments it needs. Only /accounting-years/.../entries is read, never a
// journal: journal lines are drafts and can still change.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "economic_api.hpp"
#include "ferry/sdk/document.hpp"

namespace ferry::economic {

struct LedgerPeriod {
    std::string year;  // as e-conomic names it, e.g. "2026" or "2025/2026"
    int number = 0;
    sdk::Date from, to;
    // Entries are append-only and numbered agreement-wide: their count and the highest number
    // change whenever anything is posted into the period.
    std::string fingerprint;
};

// "2025/2026" → "2025_6_2026", as e-conomic writes a year in paths.
std::string year_in_path(const std::string& year);

// The periods with entries that end on or after `since` (or all), oldest first.
std::vector<LedgerPeriod> periods_with_entries(EconomicApi& api,
                                               const std::optional<sdk::Date>& since);

// What each of a company's periods is read with: the chart of accounts, the departments, and
// each departmental distribution's shares ({department, percentage}) by its number.
struct CompanyChart {
    std::vector<sdk::Account> accounts;
    std::vector<sdk::DimensionValue> departments;
    std::map<std::string, std::vector<std::pair<std::string, sdk::Decimal>>> distributions;
};
// Throws ApiFailure.
CompanyChart read_chart(EconomicApi& api);

// The period with its year, the chart, and every entry in it, split into one share per
// department of its departmental distribution. Throws ApiFailure.
sdk::AccountingPeriod read_period(EconomicApi& api, const CompanyChart& chart,
                                  const std::string& year, int number,
                                  const std::string& base_currency);

}  // namespace ferry::economic
