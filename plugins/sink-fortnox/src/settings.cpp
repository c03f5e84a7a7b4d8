#include "settings.hpp"

#include <cctype>

namespace ferry::fortnox {

using sdk::Duration;
using sdk::setting;

namespace {

const sdk::SettingsBinding<Accounts>& accounts_binding() {
    using A = Accounts;
    static const sdk::SettingsBinding<Accounts> binding{
        setting("vat_25", &A::vat_25)
            .range(1000, 9999)
            .describe("sales account of rows with 25 % VAT (BAS 3001)"),
        setting("vat_12", &A::vat_12)
            .range(1000, 9999)
            .describe("sales account of rows with 12 % VAT (BAS 3002)"),
        setting("vat_6", &A::vat_6)
            .range(1000, 9999)
            .describe("sales account of rows with 6 % VAT (BAS 3003)"),
        setting("exempt", &A::exempt)
            .range(1000, 9999)
            .describe("sales account of VAT-exempt rows, healthcare included (BAS 3004)"),
    };
    return binding;
}

const sdk::SettingsBinding<TenantConfig>& tenant_binding() {
    using T = TenantConfig;
    static const sdk::SettingsBinding<TenantConfig> binding{
        setting("organisation_number", &T::organisation_number)
            .required()
            .pattern("[0-9]{10}")
            .describe("the Fortnox company's organisation number, 10 digits without a dash; "
                      "documents whose supplier has it are delivered there"),
        setting("token_file", &T::token_file)
            .required()
            .describe("where Ferry keeps this company's OAuth tokens (JSON, mode 0600, written "
                      "atomically); keep it on a disk that survives restarts and back it up: a "
                      "lost refresh token means authorising again"),
        setting("authorization_code", &T::authorization_code)
            .secret()
            .describe("the code from Fortnox's consent page, exchanged once for the first "
                      "token when token_file holds none (see README: first authorisation)"),
        setting("book", &T::book).describe("overrides the sink's book for this company"),
    };
    return binding;
}

}  // namespace

const sdk::SettingsBinding<SinkConfig>& settings_binding() {
    using S = SinkConfig;
    static const sdk::SettingsBinding<SinkConfig> binding{
        setting("client_id", &S::client_id)
            .required()
            .describe("the Client-ID of Ferry's integration in Fortnox's developer portal"),
        setting("client_secret", &S::client_secret)
            .required()
            .secret()
            .describe("the integration's Client-Secret"),
        setting("api_url", &S::api_url)
            .pattern("https?://.+")
            .describe(
                "Fortnox's REST API, up to and including /3; change only to use the emulator"),
        setting("auth_url", &S::auth_url)
            .pattern("https?://.+")
            .describe("Fortnox's OAuth server, up to and including /oauth-v1; change only to use "
                      "the emulator"),
        setting("redirect_uri", &S::redirect_uri)
            .describe("the redirect URI registered for the integration; needed to exchange an "
                      "authorization_code, and printed in the authorize URL"),
        setting("scope", &S::scope)
            .describe("the scopes asked for, space separated; new scopes need a new "
                      "authorisation"),
        sdk::objects("tenants", &S::tenants, tenant_binding())
            .required()
            .describe("the Fortnox companies, each found by the organisation number of the "
                      "documents' supplier"),
        sdk::object("accounts", &S::accounts, accounts_binding())
            .describe("the sales account of each row, by its VAT rate"),
        setting("book", &S::book)
            .describe("book (bokför) each invoice once its totals match; false leaves it "
                      "unbooked for a person to review"),
        setting("create_companies", &S::create_companies)
            .describe("create a company customer missing in Fortnox; false rejects its "
                      "invoices (fortnox.customer.company_missing), naming the organisation "
                      "number"),
        sdk::choice("unknown_credit", &S::unknown_credit,
                    {{"reject", CreditPolicy::reject},
                     {"negative_invoice", CreditPolicy::negative_invoice}})
            .describe("a credit note that credits no invoice Ferry delivered in full: reject "
                      "it (fortnox.credit.unknown_invoice), or book it as an invoice with "
                      "negative rows"),
        setting("requests_per_window", &S::requests_per_window)
            .range(1, 25)
            .describe("requests per company at most within rate_window (Fortnox allows 25 "
                      "per 5 s)"),
        setting("rate_window", &S::rate_window)
            .range(Duration::seconds(1), Duration::minutes(1))
            .describe("the sliding window requests_per_window counts in"),
        setting("refresh_ahead", &S::refresh_ahead)
            .range(Duration::seconds(1), Duration::minutes(30))
            .describe("an access token is refreshed once it expires within this"),
        setting("authorization_pause", &S::authorization_pause)
            .range(Duration::minutes(1), Duration::days(1))
            .describe("how long a company whose authorisation Fortnox refused waits before "
                      "its documents are tried again"),
        setting("max_attempts", &S::max_attempts)
            .range(1, 20)
            .describe("attempts per request on 429, 5xx (reading requests only), timeouts"),
        setting("retry_base", &S::retry_base)
            .range(Duration::milliseconds(1), Duration::minutes(5))
            .describe("first retry delay; doubles per attempt"),
        setting("retry_max", &S::retry_max)
            .range(Duration::milliseconds(1), Duration::hours(1))
            .describe("longest retry delay"),
        setting("request_timeout", &S::request_timeout)
            .range(Duration::seconds(1), Duration::minutes(10))
            .describe("how long to wait for an answer to one request"),
    };
    return binding;
}

const sdk::SettingsTable& settings_table() {
    return settings_binding().table();
}

std::vector<sdk::SettingsProblem> check_settings(const sdk::Settings& settings) {
    std::vector<sdk::SettingsProblem> problems;
    const auto& tenants = settings.list("tenants");
    if (tenants.empty())
        problems.push_back({settings.where("tenants"), "fortnox.settings",
                            "no tenants configured; list at least one Fortnox company under "
                            "tenants:"});
    auto text = [](const sdk::Settings& object, const char* name) {
        auto found = object.values.find(name);
        return found == object.values.end() ? std::string() : found->second.text;
    };
    for (std::size_t i = 0; i < tenants.size(); ++i)
        if (!text(tenants[i], "authorization_code").empty() &&
            text(settings, "redirect_uri").empty())
            problems.push_back({tenants[i].where("authorization_code"), "fortnox.settings",
                                "an authorization_code is exchanged together with the redirect "
                                "URI registered for the integration; set the sink's "
                                "redirect_uri"});
    for (std::size_t i = 0; i < tenants.size(); ++i)
        for (std::size_t earlier = 0; earlier < i; ++earlier) {
            for (const char* name : {"organisation_number", "token_file"})
                if (tenants[earlier].string(name) == tenants[i].string(name))
                    problems.push_back({tenants[i].where(name), "fortnox.settings",
                                        std::string(name) + " is already given at " +
                                            tenants[earlier].where(name) +
                                            "; give each company its own"});
        }
    return problems;
}

SinkConfig read_config(const sdk::Settings& settings) {
    return settings_binding().bind(settings);
}

std::string dashed_organisation_number(const std::string& digits) {
    if (digits.size() != 10)
        return digits;
    return digits.substr(0, 6) + "-" + digits.substr(6);
}

std::string normalised_organisation_number(const std::string& text) {
    std::string digits;
    for (char c : text)
        if (std::isdigit(static_cast<unsigned char>(c)))
            digits += c;
    // "SE" + number + "01" is the VAT number; a century ("16", "19", "20") may lead.
    if (digits.size() == 12 && text.size() >= 2 &&
        std::toupper(static_cast<unsigned char>(text[0])) == 'S')
        return digits.substr(0, 10);
    if (digits.size() == 12)
        return digits.substr(2);
    return digits;
}

}  // namespace ferry::fortnox
