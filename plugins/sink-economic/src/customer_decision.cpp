// The checks before a customer is created or updated (its number, a customer e-conomic already
// has under that number or identity) and their refusals, and the plan that shows the decision.
#include "customer_decision.hpp"

#include <set>

#include "customer_json.hpp"
#include "draft_mapping.hpp"
#include "preparation.hpp"

namespace ferry::economic {

namespace {

constexpr std::int64_t max_customer_number = 999999999;

}  // namespace

std::optional<std::int64_t> parse_number(const std::string& text) {
    if (text.empty() || text.size() > 9 || text.front() == '0' ||
        text.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    std::int64_t number = std::stoll(text);
    return number <= max_customer_number ? std::optional(number) : std::nullopt;
}

namespace {

std::string joined(const std::set<std::int64_t>& numbers) {
    std::string text;
    for (std::int64_t number : numbers)
        text += (text.empty() ? "" : ", ") + std::to_string(number);
    return text;
}

// "CVR 12345678 or EAN 5790000000000": numbers that may be named, never a name.
std::string identities_of(const sdk::Customer& customer) {
    std::vector<std::string> parts;
    if (!customer.cvr.empty())
        parts.push_back("CVR " + customer.cvr);
    if (!customer.ean.empty())
        parts.push_back("EAN " + customer.ean);
    if (!customer.vat_number.empty())
        parts.push_back("VAT number " + customer.vat_number);
    std::string text;
    for (std::size_t i = 0; i < parts.size(); ++i)
        text += (i == 0 ? "" : i + 1 == parts.size() ? " or " : ", ") + parts[i];
    return text;
}

}  // namespace

CustomerDecision Decider::decide(const sdk::TargetRefs& known) {
    std::string recorded;
    if (auto it = known.find(customer_target_key); it != known.end())
        recorded = it->second;
    if (auto number = parse_number(recorded))
        return update(*number, CustomerDecision::Action::update);

    const std::string& source_number = document_.key.number;
    auto number = parse_number(source_number);
    if (!number)
        return reject("economic.customer.number",
                      name_ +
                          ": e-conomic numbers customers 1 to 999999999, digits only "
                          "and without leading zeros, so source customer number " +
                          source_number +
                          " cannot be e-conomic's; renumber it in the source, or link it to "
                          "an existing e-conomic customer with `ferry link customers`");
    if (auto existing = customers_.customer(*number)) {
        if (recorded == creating_marker + source_number)
            return update(*number, CustomerDecision::Action::complete, &*existing);
        return reject("economic.customer.number_taken",
                      name_ + ": e-conomic company " + company_.config().cvr +
                          " already has a customer " + source_number +
                          ", which Ferry did not create; if it is the same customer, link "
                          "them with `ferry link customers`, otherwise renumber the source's "
                          "customer; then `ferry retry` it");
    }
    std::set<std::int64_t> sharing = customers_.sharing_identity(customer_);
    sharing.erase(*number);
    if (!sharing.empty())
        return reject("economic.customer.duplicate",
                      name_ + ": e-conomic company " + company_.config().cvr + " already has " +
                          (sharing.size() == 1 ? "customer " : "customers ") + joined(sharing) +
                          " with the " + identities_of(customer_) + " of source customer " +
                          source_number + "; creating customer " + source_number +
                          " would make a duplicate. Link it to the one it is with `ferry "
                          "link customers`, then `ferry retry` it");
    CustomerDecision decision;
    decision.action = CustomerDecision::Action::create;
    decision.number = *number;
    decision.body = new_body(*number);
    return decision;
}

CustomerDecision Decider::reject(const char* code, std::string text) {
    CustomerDecision decision;
    decision.problem = {code, std::move(text)};
    return decision;
}

CustomerDecision Decider::update(std::int64_t number, CustomerDecision::Action action,
                                 const Json* known_existing) {
    std::optional<Json> read;
    if (!known_existing)
        read = customers_.customer(number);
    const Json* existing = known_existing ? known_existing : read ? &*read : nullptr;
    if (!existing)
        return reject("economic.customer.gone",
                      name_ + ": e-conomic customer " + std::to_string(number) +
                          ", which it was delivered as or linked to, no longer exists in "
                          "company " +
                          company_.config().cvr +
                          "; link it to another e-conomic customer with `ferry link "
                          "customers`, or create customer " +
                          std::to_string(number) + " again in e-conomic, then `ferry retry` it");
    CustomerDecision decision;
    decision.action = action;
    decision.number = number;
    decision.body = updated_body(*existing, customer_);
    if (action == CustomerDecision::Action::update &&
        owned_part(*existing) == owned_part(decision.body))
        decision.action = CustomerDecision::Action::unchanged;
    return decision;
}

Json Decider::new_body(std::int64_t number) {
    const CompanyConfig& config = company_.config();
    const CompanyDefaults& defaults = config.defaults;
    std::shared_ptr<const ReferenceData> data = company_.reference_data();
    if (!data->customer_groups.count(defaults.customer_group))
        throw ConfigurationGap("customer group " + std::to_string(defaults.customer_group) +
                               " does not exist in e-conomic company " + config.cvr);
    const PaymentTerms* terms = data->terms_named(defaults.payment_terms);
    if (!terms)
        throw ConfigurationGap("payment terms named '" + defaults.payment_terms +
                               "' do not exist in e-conomic company " + config.cvr);
    if (defaults.layout && !data->layouts.count(*defaults.layout))
        throw ConfigurationGap("layout " + std::to_string(*defaults.layout) +
                               " does not exist in e-conomic company " + config.cvr);
    sdk::Party located;
    located.address = customer_.address;
    Json body = {{"customerNumber", number},
                 {"currency", document_.currency.empty() ? "DKK" : document_.currency},
                 {"customerGroup", {{"customerGroupNumber", defaults.customer_group}}},
                 {"paymentTerms", {{"paymentTermsNumber", terms->number}}},
                 {"vatZone", {{"vatZoneNumber", vat_zone_for(located, defaults)}}}};
    if (defaults.layout)
        body["layout"] = {{"layoutNumber", *defaults.layout}};
    put_source_values(body, customer_);
    return body;
}

sdk::Plan plan_customer_record(Company& company, const sdk::Document& document,
                               CustomerLookup& customers) {
    sdk::Plan plan;
    if (!document.customer_record) {
        plan.rejection =
            sdk::Problem{"economic.customer.empty",
                         "document " + document.key.str() + ": the source gave no customer record"};
        return plan;
    }
    try {
        // Without the ledger an existing number may be this customer's, delivered or linked
        // before: planned as the update it then is.
        sdk::TargetRefs known;
        if (auto number = parse_number(document.key.number); number && customers.customer(*number))
            known[customer_target_key] = document.key.number;
        CustomerDecision decision = Decider(company, document, customers).decide(known);
        const std::string number = std::to_string(decision.number);
        const CompanyDefaults& defaults = company.config().defaults;
        switch (decision.action) {
            case CustomerDecision::Action::reject:
                plan.rejection = decision.problem;
                break;
            case CustomerDecision::Action::create:
                plan.steps.push_back(
                    {"economic.customer.create",
                     "would create customer " + number + " in customer group " +
                         std::to_string(defaults.customer_group) + " with payment terms '" +
                         defaults.payment_terms + "' and VAT zone " +
                         std::to_string(decision.body["vatZone"]["vatZoneNumber"].get<int>()) +
                         (defaults.layout ? ", layout " + std::to_string(*defaults.layout) : "")});
                break;
            case CustomerDecision::Action::complete:
            case CustomerDecision::Action::update:
                plan.steps.push_back(
                    {"economic.customer.update",
                     "would update customer " + number +
                         " from the source, if it was delivered as or linked to it "
                         "(otherwise "
                         "customer " +
                         number +
                         " is someone else's and it would be rejected: "
                         "economic.customer.number_taken); its customer group, payment "
                         "terms, "
                         "VAT zone and layout stay as e-conomic has them"});
                break;
            case CustomerDecision::Action::unchanged:
                plan.steps.push_back({"economic.customer.unchanged",
                                      "customer " + number + " already holds what the source has"});
                break;
        }
    } catch (const ConfigurationGap& gap) {
        plan.rejection = configuration_problem(document.key, gap);
    }
    return plan;
}

}  // namespace ferry::economic
