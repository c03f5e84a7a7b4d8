#include "customer_records.hpp"

#include <algorithm>
#include <cctype>

#include "delivery.hpp"
#include "draft_mapping.hpp"
#include "preparation.hpp"

namespace ferry::economic {

using sdk::Delivery;

namespace {

constexpr std::int64_t max_customer_number = 999999999;

// Recorded under customer_target_key when e-conomic answered a creation with a refusal: nothing
// was created, so a customer of that number found later is not this delivery's.
constexpr const char* refused_creation = "refused";

// What a bookkeeper may have changed in e-conomic, or what the source does not know: an update
// sends it back as e-conomic has it, since a PUT clears whatever it leaves out.
constexpr const char* kept_fields[] = {"currency",
                                       "customerGroup",
                                       "paymentTerms",
                                       "vatZone",
                                       "layout",
                                       "attention",
                                       "customerContact",
                                       "salesPerson",
                                       "priceGroup",
                                       "creditLimit",
                                       "website",
                                       "mobilePhone",
                                       "pNumber",
                                       "publicEntryNumber",
                                       "eInvoicingDisabledByDefault",
                                       "defaultDeliveryLocation"};

// What follows the source, with e-conomic's limits (customers.post.schema.json). Identifiers
// are never shortened: a cut CVR would be another company's.
struct SourceField {
    const char* name;
    std::size_t limit;  // 0: not shortened
};
constexpr SourceField source_fields[] = {{"name", 255},    {"corporateIdentificationNumber", 0},
                                         {"ean", 0},       {"vatNumber", 0},
                                         {"address", 510}, {"zip", 30},
                                         {"city", 50},     {"country", 50},
                                         {"email", 255},   {"telephoneAndFaxNumber", 255}};

std::string truncated(const std::string& text, std::size_t limit) {
    if (limit == 0 || text.size() <= limit)
        return text;
    std::size_t end = limit;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        --end;  // never cut a UTF-8 sequence in half
    return text.substr(0, end);
}

std::string text_at(const Json& json, const char* field) {
    auto it = json.find(field);
    return it != json.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool barred_in(const Json& customer) {
    auto it = customer.find("barred");
    return it != customer.end() && it->is_boolean() && it->get<bool>();
}

std::string address_line(const sdk::Address& address) {
    std::string line = address.street;
    if (!address.building_number.empty())
        line += (line.empty() ? "" : " ") + address.building_number;
    if (!address.additional_street.empty())
        line += (line.empty() ? "" : "\n") + address.additional_street;
    return line;
}

// e-conomic keeps a country as text; the invoices Ferry books write Denmark as "Danmark".
std::string country_text(const std::string& code) {
    return code == "DK" ? "Danmark" : code;
}

std::string country_code(const std::string& text) {
    std::string lower = text;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    return lower == "danmark" || lower == "denmark" ? "DK" : text;
}

// The source's values, under e-conomic's names; empty ones are left out, which clears them.
std::map<std::string, std::string> source_values(const sdk::Customer& customer) {
    std::map<std::string, std::string> values = {
        {"name", customer.name.empty() ? "Kunde " + customer.number : customer.name},
        {"corporateIdentificationNumber", customer.cvr},
        {"ean", customer.ean},
        {"vatNumber", customer.vat_number},
        {"address", address_line(customer.address)},
        {"zip", customer.address.postal_zone},
        {"city", customer.address.city},
        {"country", country_text(customer.address.country_code)},
        {"email", customer.email},
        {"telephoneAndFaxNumber", customer.telephone}};
    for (const SourceField& field : source_fields)
        values[field.name] = truncated(values[field.name], field.limit);
    return values;
}

// The source-owned part of a customer, as compared between e-conomic and the source.
Json owned_part(const Json& customer) {
    Json owned = Json::object();
    for (const SourceField& field : source_fields)
        if (std::string value = text_at(customer, field.name); !value.empty())
            owned[field.name] = value;
    owned["barred"] = barred_in(customer);
    return owned;
}

void put_source_values(Json& body, const sdk::Customer& customer) {
    for (const auto& [name, value] : source_values(customer))
        if (!value.empty())
            body[name] = value;
    body["barred"] = customer.barred;
}

// What e-conomic holds with the source's values over it: the whole wanted state, for a PUT.
Json updated_body(const Json& existing, const sdk::Customer& customer) {
    Json body = Json::object();
    for (const char* field : kept_fields)
        if (auto it = existing.find(field); it != existing.end() && !it->is_null())
            body[field] = *it;
    put_source_values(body, customer);
    return body;
}

std::optional<std::int64_t> parse_number(const std::string& text) {
    if (text.empty() || text.size() > 9 || text.front() == '0' ||
        text.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    std::int64_t number = std::stoll(text);
    return number <= max_customer_number ? std::optional(number) : std::nullopt;
}

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

struct CustomerDecision {
    enum class Action { create, complete, update, unchanged, reject };
    Action action = Action::reject;
    std::int64_t number = 0;
    Json body;  // to POST (create) or PUT (complete, update)
    sdk::Problem problem;
};

class Decider {
  public:
    Decider(Company& company, const sdk::Document& document, CustomerLookup& customers)
        : company_(company),
          document_(document),
          customer_(*document.customer_record),
          name_("document " + document.key.str()),
          customers_(customers) {}

    CustomerDecision decide(const sdk::TargetRefs& known) {
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

  private:
    CustomerDecision reject(const char* code, std::string text) {
        CustomerDecision decision;
        decision.problem = {code, std::move(text)};
        return decision;
    }

    CustomerDecision update(std::int64_t number, CustomerDecision::Action action,
                            const Json* known_existing = nullptr) {
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
                              std::to_string(number) +
                              " again in e-conomic, then `ferry retry` it");
        CustomerDecision decision;
        decision.action = action;
        decision.number = number;
        decision.body = updated_body(*existing, customer_);
        if (action == CustomerDecision::Action::update &&
            owned_part(*existing) == owned_part(decision.body))
            decision.action = CustomerDecision::Action::unchanged;
        return decision;
    }

    // The settings' defaults apply on creation only. Throws ConfigurationGap.
    Json new_body(std::int64_t number) {
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

    Company& company_;
    const sdk::Document& document_;
    const sdk::Customer& customer_;
    const std::string name_;
    CustomerLookup& customers_;
};

// Asks e-conomic one question per need: a delivery looks at one customer.
class LiveLookup : public CustomerLookup {
  public:
    explicit LiveLookup(EconomicApi& api) : api_(api) {}
    std::optional<Json> customer(std::int64_t number) override {
        return api_.find("/customers/" + std::to_string(number));
    }
    std::set<std::int64_t> sharing_identity(const sdk::Customer& customer) override {
        std::string filter;
        for (auto [field, value] :
             {std::pair{"corporateIdentificationNumber", &customer.cvr},
              std::pair{"ean", &customer.ean}, std::pair{"vatNumber", &customer.vat_number}})
            if (!value->empty())
                filter += (filter.empty() ? "" : "$or:") + std::string(field) +
                          "$eq:" + escape_filter_value(*value);
        std::set<std::int64_t> numbers;
        if (filter.empty())
            return numbers;
        for (const Json& found : api_.list("/customers", filter))
            if (auto number = found.find("customerNumber");
                number != found.end() && number->is_number_integer())
                numbers.insert(number->get<std::int64_t>());
        return numbers;
    }

  private:
    EconomicApi& api_;
};

std::string lower_case(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    return text;
}

// The identity keys of a customer, as sharing_identity compares them; e-conomic's `$eq`
// ignores case.
std::vector<std::string> identity_keys(const std::string& cvr, const std::string& ean,
                                       const std::string& vat_number) {
    std::vector<std::string> keys;
    if (!cvr.empty())
        keys.push_back("cvr:" + lower_case(cvr));
    if (!ean.empty())
        keys.push_back("ean:" + lower_case(ean));
    if (!vat_number.empty())
        keys.push_back("vat:" + lower_case(vat_number));
    return keys;
}

}  // namespace

CustomerSnapshot::CustomerSnapshot(EconomicApi& api) {
    api.for_each("/customers", {}, [&](Json& customer) {
        auto number = customer.find("customerNumber");
        if (number == customer.end() || !number->is_number_integer())
            return;
        std::int64_t n = number->get<std::int64_t>();
        for (const std::string& key :
             identity_keys(text_at(customer, "corporateIdentificationNumber"),
                           text_at(customer, "ean"), text_at(customer, "vatNumber")))
            by_identity_[key].insert(n);
        customers_[n] = std::move(customer);
    });
}

std::optional<Json> CustomerSnapshot::customer(std::int64_t number) {
    auto it = customers_.find(number);
    return it == customers_.end() ? std::nullopt : std::optional(it->second);
}

std::set<std::int64_t> CustomerSnapshot::sharing_identity(const sdk::Customer& customer) {
    std::set<std::int64_t> numbers;
    for (const std::string& key : identity_keys(customer.cvr, customer.ean, customer.vat_number))
        if (auto it = by_identity_.find(key); it != by_identity_.end())
            numbers.insert(it->second.begin(), it->second.end());
    return numbers;
}

Delivery deliver_customer(Company& company, const sdk::DeliveryRequest& request,
                          sdk::HostServices& host) {
    const sdk::Document& document = request.document;
    if (!document.customer_record)
        return Delivery::rejected({"economic.customer.empty",
                                   "document " + document.key.str() +
                                       ": the source gave no customer record; report it to the "
                                       "source plugin's maintainers"});
    const std::string keys = request.generation == 0 ? request.reference
                                                     : request.reference + ":generation-" +
                                                           std::to_string(request.generation);
    const sdk::Customer& customer = *document.customer_record;
    sdk::TargetRefs target;
    std::string step = "reading the customer";
    try {
        // Deliveries of customers sharing a number, CVR, EAN or VAT number take turns, so two
        // never both find none and both create one.
        std::vector<std::string> claimed =
            identity_keys(customer.cvr, customer.ean, customer.vat_number);
        claimed.push_back("number:" + document.key.number);
        CreationClaims& claims = company.customer_creations();
        std::optional<CreationClaims::Claim> claim;
        for (;;) {
            if (auto mine = claims.try_claim(claimed)) {
                claim.emplace(std::move(*mine));
                break;
            }
            claims.wait_for(claimed);
        }

        LiveLookup lookup(company.api());
        // A PUT replaces the whole customer, so resending it is harmless; keyed per attempt so
        // that an earlier state sent again is carried out, not answered from e-conomic's cache.
        const std::string attempt = std::to_string(host.now().time_since_epoch().count());
        CustomerDecision decision = Decider(company, document, lookup).decide(request.known);
        const std::string number = std::to_string(decision.number);
        switch (decision.action) {
            case CustomerDecision::Action::reject:
                return Delivery::rejected(decision.problem);
            case CustomerDecision::Action::unchanged:
                return Delivery::delivered({{customer_target_key, number}});
            case CustomerDecision::Action::create: {
                step = "creating customer " + number;
                // e-conomic replays a refusal for the key's hour: after one, a new key.
                std::string create_key =
                    keys + ":customer-create:" + short_hash(dump_exact(decision.body));
                if (request.known.count(customer_target_key) &&
                    request.known.at(customer_target_key) == refused_creation)
                    create_key += ":" + short_hash(attempt);
                request.progress({{customer_target_key, creating_marker + number}});
                try {
                    company.api().post("/customers", decision.body, create_key);
                } catch (const ApiFailure& failure) {
                    if (failure.kind() == ApiFailure::Kind::rejected)
                        target[customer_target_key] = refused_creation;
                    throw;
                }
                host.log(sdk::LogLevel::info, document.key, "economic.customer.created",
                         "customer " + number);
                break;
            }
            case CustomerDecision::Action::complete:
            case CustomerDecision::Action::update:
                step = "updating customer " + number;
                company.api().put("/customers/" + number, decision.body,
                                  keys + ":customer-update:" +
                                      short_hash(dump_exact(decision.body) + "\n" + attempt));
                host.log(sdk::LogLevel::info, document.key, "economic.customer.updated",
                         "customer " + number);
                break;
        }
        return Delivery::delivered({{customer_target_key, number}});
    } catch (const ApiFailure& failure) {
        return failure_outcome(failure, company, document.key, step, target);
    } catch (const ConfigurationGap& gap) {
        company.forget_learned();
        return Delivery::retry_later(configuration_problem(document.key, gap));
    }
}

sdk::Found find_customer(Company& company, const sdk::DocumentKey& key) {
    sdk::Found found;
    if (auto number = parse_number(key.number))
        if (company.api().find("/customers/" + std::to_string(*number)))
            found.status = sdk::Found::Status::incomplete;
    return found;
}

std::vector<sdk::TargetCustomer> target_customers(Company& company) {
    std::vector<sdk::TargetCustomer> customers;
    company.api().for_each("/customers", {}, [&](Json& found) {
        auto number = found.find("customerNumber");
        if (number == found.end() || !number->is_number_integer())
            return;
        sdk::TargetCustomer entry;
        entry.customer.number = std::to_string(number->get<std::int64_t>());
        entry.target = {{customer_target_key, entry.customer.number}};
        sdk::Customer& customer = entry.customer;
        customer.name = text_at(found, "name");
        customer.cvr = text_at(found, "corporateIdentificationNumber");
        customer.vat_number = text_at(found, "vatNumber");
        customer.ean = text_at(found, "ean");
        customer.address.street = text_at(found, "address");
        customer.address.postal_zone = text_at(found, "zip");
        customer.address.city = text_at(found, "city");
        customer.address.country_code = country_code(text_at(found, "country"));
        customer.email = text_at(found, "email");
        customer.telephone = text_at(found, "telephoneAndFaxNumber");
        if (customer.telephone.empty())
            customer.telephone = text_at(found, "mobilePhone");
        customer.barred = barred_in(found);
        customers.push_back(std::move(entry));
    });
    return customers;
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
                         " from the source, if it was delivered as or linked to it (otherwise "
                         "customer " +
                         number +
                         " is someone else's and it would be rejected: "
                         "economic.customer.number_taken); its customer group, payment terms, "
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

std::optional<std::string> prerequisite_customer(const sdk::DeliveryRequest& request) {
    for (const auto& [key, target] : request.prerequisites)
        if (key.kind == sdk::DocumentKind::customer)
            if (auto it = target.find(customer_target_key); it != target.end())
                return it->second;
    return std::nullopt;
}

}  // namespace ferry::economic
