// source-economic's settings, bound into SourceConfig: each default is the member's initializer.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ferry/sdk/date.hpp"
#include "ferry/sdk/settings_binding.hpp"
#include "rate_budget.hpp"

namespace ferry::economic {

struct LedgerCompany {
    std::string cvr;
    std::string agreement_grant_token;
    // Periods that end before it are not read: a first load need not reach back to the
    // company's first year.
    std::optional<sdk::Date> since;
    // The legacy API does not say it; entries carry their amounts in it.
    std::string base_currency = "DKK";
};

struct SourceConfig {
    std::string base_url = "https://restapi.e-conomic.com";
    std::string app_secret_token;
    std::vector<LedgerCompany> companies;
    int max_attempts = 4;
    sdk::Duration retry_base = sdk::Duration::milliseconds(500);
    sdk::Duration retry_max = sdk::Duration::seconds(30);
    sdk::Duration request_timeout = sdk::Duration::seconds(30);

    BackoffPolicy backoff() const { return {retry_base.span(), retry_max.span()}; }
};

const sdk::SettingsBinding<SourceConfig>& source_settings_binding();
const sdk::SettingsTable& source_settings_table();

}  // namespace ferry::economic
