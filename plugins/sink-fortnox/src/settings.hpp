// The plugin's settings bound to its configuration: the binding is the table the host validates
// pipeline files against, and the member initializers below are the defaults, written once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ferry/sdk/duration.hpp"
#include "ferry/sdk/settings_binding.hpp"

namespace ferry::fortnox {

inline constexpr const char* real_api_url = "https://api.fortnox.se/3";
inline constexpr const char* real_auth_url = "https://apps.fortnox.se/oauth-v1";

// What a credit note gets when Fortnox holds no invoice Ferry delivered for it to credit (it
// refers to nothing, to an invoice delivered another way, or credits only part of one).
enum class CreditPolicy {
    reject,           // a person books it by hand (fortnox.credit.unknown_invoice)
    negative_invoice  // a new invoice with the credit note's rows, negative
};

// Sales accounts per VAT rate (BAS: 3001/3002/3003 sales at 25/12/6 %, 3004 VAT-exempt).
struct Accounts {
    std::int64_t vat_25 = 3001;
    std::int64_t vat_12 = 3002;
    std::int64_t vat_6 = 3003;
    std::int64_t exempt = 3004;
};

// One Fortnox company ("tenant"), found by its organisation number.
struct TenantConfig {
    std::string organisation_number;  // 10 digits
    std::string token_file;
    std::string authorization_code;  // secret; exchanged once when no token is stored
    std::optional<bool> book;        // overrides the sink's `book`
};

struct SinkConfig {
    std::string client_id;
    std::string client_secret;
    std::string api_url = real_api_url;
    std::string auth_url = real_auth_url;
    std::string redirect_uri;
    std::string scope = "companyinformation customer invoice bookkeeping settings";
    std::vector<TenantConfig> tenants;
    Accounts accounts;
    bool book = true;
    bool create_companies = false;
    CreditPolicy unknown_credit = CreditPolicy::reject;
    int requests_per_window = 25;
    sdk::Duration rate_window = sdk::Duration::seconds(5);
    sdk::Duration refresh_ahead = sdk::Duration::minutes(5);
    sdk::Duration authorization_pause = sdk::Duration::minutes(15);
    int max_attempts = 4;
    sdk::Duration retry_base = sdk::Duration::milliseconds(500);
    sdk::Duration retry_max = sdk::Duration::seconds(30);
    sdk::Duration request_timeout = sdk::Duration::seconds(30);

    bool books(const TenantConfig& tenant) const { return tenant.book.value_or(book); }
};

const sdk::SettingsBinding<SinkConfig>& settings_binding();
const sdk::SettingsTable& settings_table();

// Rules between settings, checked by `ferry validate` without any request: each tenant and each
// token file once.
std::vector<sdk::SettingsProblem> check_settings(const sdk::Settings& settings);

SinkConfig read_config(const sdk::Settings& settings);

// "5566778899" written as Fortnox writes it: "556677-8899".
std::string dashed_organisation_number(const std::string& digits);

// The digits of an organisation or personal number as Fortnox or a document writes it
// ("556677-8899", "16556677-8899", "SE556677889901" all give "5566778899").
std::string normalised_organisation_number(const std::string& text);

}  // namespace ferry::fortnox
