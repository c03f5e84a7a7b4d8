#include "sink_settings.hpp"

#include <algorithm>

#include "ferry/sdk/problem.hpp"

namespace ferry::economic {

using sdk::SettingSpec;
using sdk::SettingType;

namespace {

// The fields of `defaults`; companies repeat them without default values, so that only what
// a company sets overrides the sink-wide value.
std::vector<SettingSpec> default_fields(bool with_defaults) {
    auto value = [&](const char* text) { return with_defaults ? std::string(text) : ""; };
    return {
        {.name = "customer_group",
         .type = SettingType::integer,
         .default_value = value("100"),
         .description = "customer group number for customers Ferry creates"},
        {.name = "product_group",
         .type = SettingType::integer,
         .default_value = value("100"),
         .description = "product group (with VAT) for products Ferry creates"},
        {.name = "vat_free_product_group",
         .type = SettingType::integer,
         .default_value = value("4"),
         .description = "product group without VAT, for VAT-exempt and zero-rated lines"},
        {.name = "payment_terms",
         .default_value = value("Standard"),
         .description = "name of the payment terms for customers and invoices without a due date"},
        {.name = "layout",
         .type = SettingType::integer,
         .description = "layout number of the invoices; default: the customer group's layout"},
        {.name = "vat_zone_domestic",
         .type = SettingType::integer,
         .default_value = value("1"),
         .description = "VAT zone of Danish customers and of patients"},
        {.name = "vat_zone_eu",
         .type = SettingType::integer,
         .default_value = value("2"),
         .description = "VAT zone of customers in other EU countries"},
        {.name = "vat_zone_abroad",
         .type = SettingType::integer,
         .default_value = value("3"),
         .description = "VAT zone of customers outside the EU"},
        {.name = "departments",
         .type = SettingType::boolean,
         .default_value = value("false"),
         .description = "put a departmental distribution on every line (Departments module)"},
        {.name = "department_fallback",
         .type = SettingType::integer,
         .default_value = value("10000"),
         .description = "departmental distribution when none is numbered as the provider number"},
        {.name = "provider_number",
         .type = SettingType::integer,
         .description = "the clinic's provider number (ydernummer), for patient invoices that "
                        "carry none: numbers the collective customer and picks the department",
         .pattern = "[1-9][0-9]{0,8}"},
        {.name = "book",
         .type = SettingType::boolean,
         .default_value = value("true"),
         .description = "book the invoice; false leaves checked drafts for review"},
        {.name = "patient_reference",
         .default_value = value("cpr"),
         .description = "cpr: the patient's CPR number on the invoice notes; none: leave it out",
         .choices = {"cpr", "none"}},
        {.name = "rounding_product",
         .default_value = value("FERRY-AFRUNDING"),
         .description = "product (created in vat_free_product_group if missing) of the line that "
                        "corrects e-conomic's gross to the document's payable amount",
         .pattern = "[A-Za-z0-9_.-]{1,25}"},
        {.name = "rounding_limit",
         .default_value = value("0.05"),
         .description = "largest gross difference, in the document's currency, corrected with a "
                        "rounding line; larger differences reject the document",
         .pattern = "[0-9]{1,3}(\\.[0-9]{1,2})?"},
        {.name = "closed_period",
         .default_value = value("reject"),
         .description = "a document dated in a closed or barred accounting period: reject it; or "
                        "first_open_date: book it on the first open date after, its own date in "
                        "the invoice notes",
         .choices = {"reject", "first_open_date"}},
    };
}

const sdk::SettingsTable& defaults_table() {
    static const sdk::SettingsTable table = default_fields(true);
    return table;
}

// The value given, else the table's default.
std::string text(const sdk::Settings& settings, const sdk::SettingsTable& table,
                 const std::string& name) {
    if (settings.has(name))
        return settings.string(name);
    auto spec = std::find_if(table.begin(), table.end(),
                             [&](const SettingSpec& s) { return s.name == name; });
    return spec == table.end() ? std::string() : spec->default_value;
}

std::int64_t integer(const sdk::Settings& settings, const sdk::SettingsTable& table,
                     const std::string& name) {
    std::string value = text(settings, table, name);
    try {
        std::size_t used = 0;
        std::int64_t number = std::stoll(value, &used);
        if (used == value.size())
            return number;
    } catch (const std::exception&) {
    }
    throw sdk::Error("economic.settings",
                     settings.where(name) + ": " + name + " is not an integer");
}

// Applies the values `settings` gives on top of `defaults`.
CompanyDefaults read_defaults(const sdk::Settings& settings, CompanyDefaults defaults) {
    const auto& table = defaults_table();
    auto given = [&](const char* name) { return settings.has(name); };
    if (given("customer_group"))
        defaults.customer_group = integer(settings, table, "customer_group");
    if (given("product_group"))
        defaults.product_group = integer(settings, table, "product_group");
    if (given("vat_free_product_group"))
        defaults.vat_free_product_group = integer(settings, table, "vat_free_product_group");
    if (given("payment_terms"))
        defaults.payment_terms = settings.string("payment_terms");
    if (given("layout"))
        defaults.layout = integer(settings, table, "layout");
    if (given("vat_zone_domestic"))
        defaults.vat_zone_domestic = integer(settings, table, "vat_zone_domestic");
    if (given("vat_zone_eu"))
        defaults.vat_zone_eu = integer(settings, table, "vat_zone_eu");
    if (given("vat_zone_abroad"))
        defaults.vat_zone_abroad = integer(settings, table, "vat_zone_abroad");
    if (given("departments"))
        defaults.departments = settings.boolean("departments");
    if (given("department_fallback"))
        defaults.department_fallback = integer(settings, table, "department_fallback");
    if (given("provider_number"))
        defaults.provider_number = integer(settings, table, "provider_number");
    if (given("book"))
        defaults.book = settings.boolean("book");
    if (given("patient_reference"))
        defaults.patient_reference = settings.string("patient_reference") == "none"
                                         ? PatientReference::none
                                         : PatientReference::cpr;
    if (given("rounding_product"))
        defaults.rounding_product = settings.string("rounding_product");
    if (given("rounding_limit"))
        defaults.rounding_limit = sdk::Decimal::parse(settings.string("rounding_limit")).value();
    if (given("closed_period"))
        defaults.closed_period = settings.string("closed_period") == "first_open_date"
                                     ? ClosedPeriodChoice::first_open_date
                                     : ClosedPeriodChoice::reject;
    return defaults;
}

}  // namespace

const sdk::SettingsTable& settings_table() {
    static const sdk::SettingsTable table = {
        {.name = "base_url",
         .default_value = real_api_url,
         .description = "e-conomic's REST API; change only to use the local emulator",
         .pattern = "https?://.+"},
        {.name = "app_secret_token",
         .required = true,
         .secret = true,
         .description = "Ferry's app secret token (X-AppSecretToken)"},
        {.name = "companies",
         .type = SettingType::object_list,
         .required = true,
         .description = "the e-conomic companies (agreements), routed by the CVR in file names",
         .fields =
             {
                 {.name = "cvr",
                  .required = true,
                  .description = "the company's CVR number, 8 digits",
                  .pattern = "[0-9]{8}"},
                 {.name = "agreement_grant_token",
                  .required = true,
                  .secret = true,
                  .description =
                      "the grant token of the company's agreement (X-AgreementGrantToken)"},
                 {.name = "first_date",
                  .type = SettingType::date,
                  .description = "documents issued before this date are refused for this company"},
                 {.name = "inactive",
                  .type = SettingType::boolean,
                  .default_value = "false",
                  .description = "true: deliver nothing to this company (documents are refused)"},
                 {.name = "defaults",
                  .type = SettingType::object,
                  .description = "overrides of the sink-wide defaults for this company",
                  .fields = default_fields(false)},
             }},
        {.name = "defaults",
         .type = SettingType::object,
         .description = "how documents are booked, for every company unless it overrides them",
         .fields = default_fields(true)},
        {.name = "max_attempts",
         .type = SettingType::integer,
         .default_value = "4",
         .description = "attempts per request on 429, 5xx, timeouts and lost connections"},
        {.name = "retry_base_ms",
         .type = SettingType::integer,
         .default_value = "500",
         .description = "first retry delay in milliseconds; doubles per attempt, with jitter"},
        {.name = "retry_max_ms",
         .type = SettingType::integer,
         .default_value = "30000",
         .description = "longest retry delay in milliseconds"},
        {.name = "request_timeout_seconds",
         .type = SettingType::integer,
         .default_value = "30",
         .description = "how long to wait for an answer to one request"},
        {.name = "max_parallel_requests",
         .type = SettingType::integer,
         .default_value = "2",
         .description = "requests in flight per company at most"},
        {.name = "index_fresh_seconds",
         .type = SettingType::integer,
         .default_value = "60",
         .description = "customers and products are read in bulk and kept; before creating one "
                        "missing from a list older than this, the list is read again; accounting "
                        "periods are read again once older than this"},
        {.name = "unauthorized_pause_minutes",
         .type = SettingType::integer,
         .default_value = "15",
         .description = "after a 401/403, send nothing to that company for this long"},
    };
    return table;
}

SinkConfig read_config(const sdk::Settings& settings) {
    const auto& table = settings_table();
    SinkConfig config;
    config.base_url = text(settings, table, "base_url");
    config.app_secret_token = settings.string("app_secret_token");
    config.max_attempts = std::max<std::int64_t>(1, integer(settings, table, "max_attempts"));
    config.backoff.base = std::chrono::milliseconds(integer(settings, table, "retry_base_ms"));
    config.backoff.cap = std::chrono::milliseconds(integer(settings, table, "retry_max_ms"));
    config.request_timeout =
        std::chrono::seconds(integer(settings, table, "request_timeout_seconds"));
    config.max_parallel_requests =
        std::max<std::int64_t>(1, integer(settings, table, "max_parallel_requests"));
    config.unauthorized_pause =
        std::chrono::minutes(integer(settings, table, "unauthorized_pause_minutes"));
    config.index_fresh = std::chrono::seconds(
        std::max<std::int64_t>(0, integer(settings, table, "index_fresh_seconds")));

    CompanyDefaults sink_defaults;
    if (!settings.list("defaults").empty())
        sink_defaults = read_defaults(settings.object("defaults"), sink_defaults);
    for (const sdk::Settings& company : settings.list("companies")) {
        CompanyConfig entry;
        entry.cvr = company.string("cvr");
        entry.agreement_grant_token = company.string("agreement_grant_token");
        entry.first_date = company.date("first_date");
        entry.inactive = company.has("inactive") && company.boolean("inactive");
        entry.defaults = company.list("defaults").empty()
                             ? sink_defaults
                             : read_defaults(company.object("defaults"), sink_defaults);
        auto first = std::find_if(config.companies.begin(), config.companies.end(),
                                  [&](const CompanyConfig& c) { return c.cvr == entry.cvr; });
        // The CVR may have come from ${env:} or ${file:}, so the positions name it.
        if (first != config.companies.end())
            throw sdk::Error(
                "economic.settings",
                company.where("cvr") + ": this CVR is already given at " +
                    settings.list("companies")[first - config.companies.begin()].where("cvr") +
                    "; list each company once");
        config.companies.push_back(std::move(entry));
    }
    if (config.companies.empty())
        throw sdk::Error("economic.settings", settings.origin + ": no companies configured");
    return config;
}

}  // namespace ferry::economic
