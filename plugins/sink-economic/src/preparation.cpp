#include "preparation.hpp"

namespace ferry::economic {

namespace {

std::optional<PaymentTerms> payment_terms_for(const CompanyConfig& company,
                                              const sdk::Document& document,
                                              const ReferenceData& data) {
    if (!due_date_of(document)) {
        if (const PaymentTerms* terms = data.terms_named(company.defaults.payment_terms))
            return *terms;
        throw ConfigurationGap("payment terms named '" + company.defaults.payment_terms +
                               "' do not exist in e-conomic company " + company.cvr);
    }
    if (const PaymentTerms* terms = data.terms_of_type(due_date_terms.type))
        return *terms;
    return std::nullopt;
}

std::int64_t layout_for(const CompanyConfig& company, const ReferenceData& data) {
    const CompanyDefaults& defaults = company.defaults;
    if (defaults.layout) {
        if (!data.layouts.count(*defaults.layout))
            throw ConfigurationGap("layout " + std::to_string(*defaults.layout) +
                                   " does not exist in e-conomic company " + company.cvr);
        return *defaults.layout;
    }
    auto group = data.customer_groups.find(defaults.customer_group);
    if (group == data.customer_groups.end())
        throw ConfigurationGap("customer group " + std::to_string(defaults.customer_group) +
                               " does not exist in e-conomic company " + company.cvr);
    if (!group->second)
        throw ConfigurationGap("customer group " + std::to_string(defaults.customer_group) +
                               " has no layout; set defaults.layout for company " + company.cvr);
    return *group->second;
}

// The document's provider number, else the company's configured one.
std::optional<std::int64_t> provider_number_of(const sdk::Document& document,
                                               const CompanyDefaults& defaults) {
    const std::string& text = document.references.provider_number;
    if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != text.npos)
        return defaults.provider_number;
    std::int64_t number = std::stoll(text);
    return number > 0 ? std::optional(number) : defaults.provider_number;
}

// Departmental distribution numbered as the provider number, else the fallback.
std::optional<std::int64_t> distribution_for(const CompanyConfig& company,
                                             const sdk::Document& document,
                                             const ReferenceData& data) {
    const CompanyDefaults& defaults = company.defaults;
    if (!defaults.departments)
        return std::nullopt;
    auto provider = provider_number_of(document, defaults);
    if (provider && data.departmental_distributions.count(*provider))
        return provider;
    if (!data.departmental_distributions.count(defaults.department_fallback))
        throw ConfigurationGap(
            "departmental distribution " + std::to_string(defaults.department_fallback) +
            " (department_fallback) does not exist in e-conomic company " + company.cvr);
    return defaults.department_fallback;
}

}  // namespace

sdk::Result<Preparation> prepare(const CompanyConfig& company, const sdk::Document& document,
                                 std::vector<DraftLine> lines, const ReferenceData& data) {
    const CompanyDefaults& defaults = company.defaults;
    Preparation prepared;
    prepared.lines = std::move(lines);
    prepared.payment_terms = payment_terms_for(company, document, data);
    const PaymentTerms* default_terms = data.terms_named(defaults.payment_terms);
    if (!default_terms)
        throw ConfigurationGap("payment terms named '" + defaults.payment_terms +
                               "' do not exist in e-conomic company " + company.cvr);

    DraftContext& context = prepared.context;
    context.layout = layout_for(company, data);
    context.payment_terms = prepared.payment_terms.value_or(due_date_terms);
    context.vat_zone = vat_zone_for(recipient_of(document), defaults);
    context.departmental_distribution = distribution_for(company, document, data);
    context.reference_data = &data;
    context.patient_reference = defaults.patient_reference;

    prepared.customer_terms = {document.currency.empty() ? "DKK" : document.currency,
                               defaults.customer_group, default_terms->number, context.vat_zone};
    if (is_private(document)) {
        auto provider = provider_number_of(document, defaults);
        if (!provider)
            return sdk::Problem{
                "economic.no_provider_number",
                "document " + document.key.str() +
                    ": a patient invoice needs the clinic's provider number (ydernummer) for the "
                    "collective customer, and the document has none that is a number; set "
                    "defaults.provider_number for company " +
                    company.cvr + ", then `ferry retry` it"};
        prepared.customer_terms.vat_zone = defaults.vat_zone_domestic;
        prepared.collective_customer = provider;
    }
    return prepared;
}

sdk::Problem configuration_problem(const sdk::DocumentKey& document, const ConfigurationGap& gap) {
    return {"economic.configuration",
            "document " + document.str() + ": " + gap.what() +
                "; correct the pipeline's defaults or e-conomic (see `ferry check`)"};
}

}  // namespace ferry::economic
