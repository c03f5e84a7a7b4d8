#include "settings.hpp"

namespace ferry::economic {

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
        base_url_setting<S>(),
        app_secret_token_setting<S>(),
        sdk::objects("companies", &S::companies, company_binding())
            .required()
            .describe("the e-conomic companies (agreements) whose ledgers are read"),
        max_attempts_setting<S>(),
        retry_base_setting<S>(),
        retry_max_setting<S>(),
        request_timeout_setting<S>(),
    };
    return binding;
}

const sdk::SettingsTable& source_settings_table() {
    return source_settings_binding().table();
}

}  // namespace ferry::economic
