#include "settings.hpp"

#include <algorithm>

#include "ferry/sdk/problem.hpp"

namespace ferry::economic {

using sdk::Duration;
using sdk::setting;

namespace {

const sdk::SettingsBinding<ProductNumber>& product_number_binding() {
    using P = ProductNumber;
    static const sdk::SettingsBinding<ProductNumber> binding{
        setting("line_kind", &P::line_kind)
            .required()
            .describe("the line's kind as the source gives it (its item id), e.g. Timer"),
        setting("product", &P::product)
            .required()
            .pattern("[^\\s]{1,25}")
            .describe("the e-conomic product number lines of that kind are sold as; it must "
                      "exist in e-conomic (Ferry does not create it)"),
    };
    return binding;
}

const sdk::SettingsBinding<CompanyDefaults>& defaults_binding() {
    using D = CompanyDefaults;
    static const sdk::SettingsBinding<CompanyDefaults> binding{
        setting("customer_group", &D::customer_group)
            .describe("customer group number for customers Ferry creates (never changed on "
                      "customers it updates)"),
        setting("product_group", &D::product_group)
            .describe("product group (with VAT) for products Ferry creates"),
        setting("vat_free_product_group", &D::vat_free_product_group)
            .describe("product group without VAT, for VAT-exempt and zero-rated lines (e-conomic's "
                      "VAT comes from product group and VAT zone)"),
        setting("payment_terms", &D::payment_terms)
            .describe("name of the payment terms for customers and invoices without a due date"),
        setting("layout", &D::layout)
            .describe("layout number of the invoices, and of customers Ferry creates from the "
                      "source's customer register; default: the customer group's layout"),
        setting("vat_zone_domestic", &D::vat_zone_domestic)
            .describe("VAT zone of Danish customers and of patients"),
        setting("vat_zone_eu", &D::vat_zone_eu)
            .describe("VAT zone of customers in other EU countries"),
        setting("vat_zone_abroad", &D::vat_zone_abroad)
            .describe("VAT zone of customers outside the EU"),
        setting("departments", &D::departments)
            .describe("put a departmental distribution on every line (Departments module)"),
        setting("department_fallback", &D::department_fallback)
            .describe("departmental distribution when none is numbered as the provider number; "
                      "only with departments: true"),
        setting("provider_number", &D::provider_number)
            .pattern("[1-9][0-9]{0,8}")
            .describe("the clinic's provider number (ydernummer), for patient invoices that "
                      "carry none: numbers the collective customer and picks the department"),
        setting("book", &D::book)
            .describe("book the invoice; false leaves checked drafts for review"),
        sdk::choice("patient_reference", &D::patient_reference,
                    {{"cpr", PatientReference::cpr}, {"none", PatientReference::none}})
            .describe("cpr: the patient's CPR number on the invoice notes; none: leave it out"),
        setting("rounding_product", &D::rounding_product)
            .pattern("[A-Za-z0-9_.-]{1,25}")
            .describe("product (created in vat_free_product_group if missing) of the line that "
                      "corrects e-conomic's gross to the document's payable amount"),
        setting("rounding_limit", &D::rounding_limit)
            .pattern("[0-9]{1,3}(\\.[0-9]{1,2})?")
            .describe("largest gross difference, in the document's currency, corrected with a "
                      "rounding line; larger differences reject the document"),
        sdk::choice("closed_period", &D::closed_period,
                    {{"reject", ClosedPeriodChoice::reject},
                     {"first_open_date", ClosedPeriodChoice::first_open_date}})
            .describe("a document dated in a closed or barred accounting period: reject it "
                      "(economic.period_closed); or "
                      "first_open_date: book it on the first open date after, its own date in "
                      "the invoice notes"),
        sdk::objects("product_numbers", &D::product_numbers, product_number_binding())
            .describe("a fixed e-conomic product per kind of line, e.g. [{line_kind: Timer, "
                      "product: \"1\"}]; when given, a line of a kind not listed is rejected "
                      "(economic.product_number.unmapped); when not, a line's item id is its "
                      "product number, created if missing"),
    };
    return binding;
}

const sdk::SettingsBinding<CompanyConfig>& company_binding() {
    using C = CompanyConfig;
    static const sdk::SettingsBinding<CompanyConfig> binding{
        setting("cvr", &C::cvr)
            .required()
            .pattern("[0-9]{8}")
            .describe("the company's CVR number, 8 digits"),
        setting("agreement_grant_token", &C::agreement_grant_token)
            .required()
            .secret()
            .describe("the grant token of the company's agreement (X-AgreementGrantToken)"),
        setting("first_date", &C::first_date)
            .describe("documents issued before this date are refused for this company "
                      "(economic.company.before_first_date)"),
        setting("inactive", &C::inactive)
            .describe("true: deliver nothing to this company (documents are refused: "
                      "economic.company.inactive)"),
        sdk::object("defaults", &C::defaults, defaults_binding())
            .inherits_defaults()
            .describe("overrides of the sink-wide defaults for this company"),
    };
    return binding;
}

// The object a setting holds, or nullptr when there is none (settings built by a test).
const sdk::Settings* object_in(const sdk::Settings& settings, const char* name) {
    auto found = settings.values.find(name);
    return found == settings.values.end() || found->second.objects.empty()
               ? nullptr
               : &found->second.objects.front();
}

bool gives(const sdk::Settings* settings, const char* name) {
    if (!settings)
        return false;
    auto found = settings->values.find(name);
    return found != settings->values.end() && found->second.present;
}

// A department fallback other than the default, which only matters with departments: a file
// that merely spells out the default (as files written by 0.1.0 do) is not a mistake.
bool gives_own_fallback(const sdk::Settings* settings) {
    return gives(settings, "department_fallback") &&
           settings->string("department_fallback") !=
               std::to_string(CompanyDefaults{}.department_fallback);
}

// A line kind listed twice in product_numbers would sell its lines as whichever comes first.
void check_product_numbers(const sdk::Settings* defaults,
                           std::vector<sdk::SettingsProblem>& problems) {
    if (!gives(defaults, "product_numbers"))
        return;
    const auto& mappings = defaults->list("product_numbers");
    for (std::size_t i = 0; i < mappings.size(); ++i)
        for (std::size_t earlier = 0; earlier < i; ++earlier)
            if (mappings[earlier].string("line_kind") == mappings[i].string("line_kind")) {
                problems.push_back({mappings[i].where("line_kind"), "economic.settings",
                                    "line kind '" + mappings[i].string("line_kind") +
                                        "' is already mapped at " +
                                        mappings[earlier].where("line_kind") +
                                        "; map each line kind to one product"});
                break;
            }
}

}  // namespace

const sdk::SettingsBinding<SinkConfig>& settings_binding() {
    using S = SinkConfig;
    static const sdk::SettingsBinding<SinkConfig> binding{
        base_url_setting<S>(),
        app_secret_token_setting<S>(),
        sdk::objects("companies", &S::companies, company_binding())
            .required()
            .describe("the e-conomic companies (agreements), routed by the CVR in file names"),
        sdk::object("defaults", &S::defaults, defaults_binding())
            .describe("how documents are booked, for every company unless it overrides them"),
        max_attempts_setting<S>(),
        retry_base_setting<S>().renamed_from("retry_base_ms", Duration::milliseconds(1)),
        retry_max_setting<S>().renamed_from("retry_max_ms", Duration::milliseconds(1)),
        request_timeout_setting<S>().renamed_from("request_timeout_seconds", Duration::seconds(1)),
        setting("max_parallel_requests", &S::max_parallel_requests)
            .range(1, 64)
            .describe("requests in flight per company at most; with the pipeline's in_flight "
                      "documents each waiting for one answer, the same number keeps them all "
                      "moving"),
        setting("index_fresh", &S::index_fresh)
            .range(Duration(), Duration::days(1))
            .renamed_from("index_fresh_seconds", Duration::seconds(1))
            .describe("customers and products are read in bulk and kept; before creating one "
                      "missing from a list older than this, the list is read again; accounting "
                      "periods are read again once older than this"),
        setting("unauthorized_pause", &S::unauthorized_pause)
            .range(Duration::minutes(1), Duration::days(1))
            .renamed_from("unauthorized_pause_minutes", Duration::minutes(1))
            .describe("after a 401/403, send nothing to that company for this long (whole "
                      "minutes)"),
    };
    return binding;
}

const sdk::SettingsTable& settings_table() {
    return settings_binding().table();
}

std::vector<sdk::SettingsProblem> check_settings(const sdk::Settings& settings) {
    std::vector<sdk::SettingsProblem> problems;
    SinkConfig config = settings_binding().bind(settings);
    const auto& companies = settings.list("companies");
    if (companies.empty())
        problems.push_back({settings.where("companies"), "economic.settings",
                            "no companies configured; list at least one under companies:"});
    const sdk::Settings* sink_defaults = object_in(settings, "defaults");
    bool any_departments = config.defaults.departments;
    for (std::size_t i = 0; i < companies.size(); ++i) {
        // The CVR may have come from ${env:} or ${file:}, so the positions name it.
        for (std::size_t earlier = 0; earlier < i; ++earlier)
            if (companies[earlier].string("cvr") == companies[i].string("cvr")) {
                problems.push_back({companies[i].where("cvr"), "economic.settings",
                                    "this CVR is already given at " +
                                        companies[earlier].where("cvr") +
                                        "; list each company once"});
                break;
            }
        const sdk::Settings* overrides = object_in(companies[i], "defaults");
        check_product_numbers(overrides, problems);
        bool departments = gives(overrides, "departments")
                               ? overrides->string("departments") == "true"
                               : config.defaults.departments;
        any_departments = any_departments || departments;
        if (gives_own_fallback(overrides) && !departments)
            problems.push_back(
                {overrides->where("department_fallback"), "economic.settings",
                 "department_fallback has no effect for this company without departments: "
                 "true; set departments: true or remove department_fallback"});
    }
    check_product_numbers(sink_defaults, problems);
    if (gives_own_fallback(sink_defaults) && !any_departments)
        problems.push_back({sink_defaults->where("department_fallback"), "economic.settings",
                            "department_fallback has no effect: no company has departments: "
                            "true; set departments: true or remove department_fallback"});
    return problems;
}

SinkConfig read_config(const sdk::Settings& settings) {
    SinkConfig config = settings_binding().bind(settings);
    const auto& companies = settings.list("companies");
    for (std::size_t i = 0; i < companies.size(); ++i) {
        config.companies[i].defaults = config.defaults;
        if (const sdk::Settings* overrides = object_in(companies[i], "defaults"))
            defaults_binding().apply(*overrides, config.companies[i].defaults);
    }
    return config;
}

}  // namespace ferry::economic
