#include "settings.hpp"

namespace ferry::economic {

using sdk::Duration;
using sdk::setting;

namespace {

const sdk::SettingsBinding<LedgerCompany>& company_binding() {
    using C = LedgerCompany;
    static const sdk::SettingsBinding<LedgerCompany> binding{
        setting("cvr", &C::cvr)
            .required()
            .pattern("[0-9]{8}")
            .describe("the company's CVR number, 8 digits: the company of its documents' keys"),
        setting("agreement_grant_token", &C::agreement_grant_token)
            .required()
            .secret()
            .describe("the grant token of the company's agreement (X-AgreementGrantToken)"),
        setting("since", &C::since)
            .describe("periods that end before this date are not read; default: every period "
                      "that has entries"),
        setting("base_currency", &C::base_currency)
            .pattern("[A-Z]{3}")
            .describe("the company's base currency (ISO 4217), which its entries' amounts are "
                      "in"),
    };
    return binding;
}

}  // namespace

const sdk::SettingsBinding<SourceConfig>& source_settings_binding() {
    using S = SourceConfig;
    static const sdk::SettingsBinding<SourceConfig> binding{
        setting("base_url", &S::base_url)
            .pattern("https?://.+")
            .describe("e-conomic's REST API; change only to use the local emulator"),
        setting("app_secret_token", &S::app_secret_token)
            .required()
            .secret()
            .describe("Ferry's app secret token (X-AppSecretToken)"),
        sdk::objects("companies", &S::companies, company_binding())
            .required()
            .describe("the e-conomic companies (agreements) whose ledgers are read"),
        setting("max_attempts", &S::max_attempts)
            .range(1, 20)
            .describe("attempts per request on 429, 5xx, timeouts and lost connections"),
        setting("retry_base", &S::retry_base)
            .range(Duration::milliseconds(1), Duration::minutes(5))
            .describe("first retry delay; doubles per attempt, with jitter (x0.5 to 1)"),
        setting("retry_max", &S::retry_max)
            .range(Duration::milliseconds(1), Duration::hours(1))
            .describe("longest retry delay"),
        setting("request_timeout", &S::request_timeout)
            .range(Duration::seconds(1), Duration::minutes(10))
            .describe("how long to wait for an answer to one request"),
    };
    return binding;
}

const sdk::SettingsTable& source_settings_table() {
    return source_settings_binding().table();
}

}  // namespace ferry::economic
