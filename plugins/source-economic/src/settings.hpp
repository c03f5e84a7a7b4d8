// source-economic's settings, bound into SourceConfig: each default is the member's initializer.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "connection_settings.hpp"
#include "ferry/sdk/date.hpp"
#include "ferry/sdk/settings_binding.hpp"

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

struct SourceConfig : ApiConnection {
    std::vector<LedgerCompany> companies;
};

const sdk::SettingsBinding<SourceConfig>& source_settings_binding();
const sdk::SettingsTable& source_settings_table();

}  // namespace ferry::economic
