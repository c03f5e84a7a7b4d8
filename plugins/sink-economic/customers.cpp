#include "customers.hpp"

#include "draft_mapping.hpp"

namespace ferry::economic {

namespace {

std::int64_t customer_number_of(const Json& customer) {
    auto it = customer.find("customerNumber");
    if (it == customer.end() || !it->is_number_integer())
        throw ApiFailure(ApiFailure::Kind::transient, 200,
                         "e-conomic answered without a customer number");
    return it->get<std::int64_t>();
}

Json new_customer(const std::string& name, const NewCustomerTerms& terms) {
    return {{"name", name.substr(0, 255)},
            {"currency", terms.currency},
            {"customerGroup", {{"customerGroupNumber", terms.customer_group}}},
            {"paymentTerms", {{"paymentTermsNumber", terms.payment_terms}}},
            {"vatZone", {{"vatZoneNumber", terms.vat_zone}}}};
}

}  // namespace

void CustomerDirectory::forget() {
    std::lock_guard lock(mutex_);
    known_.clear();
}

std::optional<std::int64_t> CustomerDirectory::cached(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto it = known_.find(key);
    return it == known_.end() ? std::nullopt : std::optional(it->second);
}

void CustomerDirectory::remember(const std::string& key, std::int64_t number) {
    std::lock_guard lock(mutex_);
    known_[key] = number;
}

// The lowest-numbered match: the oldest customer is the one people have been using.
std::optional<std::int64_t> CustomerDirectory::lookup(const std::string& filter) {
    std::optional<std::int64_t> found;
    for (const Json& customer : api_.list("/customers", filter)) {
        std::int64_t number = customer_number_of(customer);
        if (!found || number < *found)
            found = number;
    }
    return found;
}

std::int64_t CustomerDirectory::business(const sdk::Party& party, const NewCustomerTerms& terms,
                                         const std::string& idempotency_key) {
    std::vector<std::pair<std::string, std::string>> searches;  // cache key, filter
    if (!party.cvr.empty())
        searches.emplace_back("cvr:" + party.cvr,
                              "corporateIdentificationNumber$eq:" + escape_filter_value(party.cvr));
    if (!party.ean.empty())
        searches.emplace_back("ean:" + party.ean, "ean$eq:" + escape_filter_value(party.ean));
    if (!party.name.empty())
        searches.emplace_back("name:" + party.name, "name$eq:" + escape_filter_value(party.name));
    for (const auto& [key, filter] : searches)
        if (auto number = cached(key))
            return *number;
    for (const auto& [key, filter] : searches) {
        if (auto number = lookup(filter)) {
            remember(key, *number);
            return *number;
        }
    }

    Json body = new_customer(party.name.empty() ? "CVR " + party.cvr : party.name, terms);
    if (!party.cvr.empty())
        body["corporateIdentificationNumber"] = party.cvr;
    if (!party.ean.empty())
        body["ean"] = party.ean.substr(0, 13);
    const sdk::Address& address = party.address;
    std::string street = address.street;
    if (!address.building_number.empty())
        street += (street.empty() ? "" : " ") + address.building_number;
    if (!street.empty())
        body["address"] = street.substr(0, 510);
    if (!address.postal_zone.empty())
        body["zip"] = address.postal_zone.substr(0, 30);
    if (!address.city.empty())
        body["city"] = address.city.substr(0, 50);
    if (!address.country_code.empty())
        body["country"] = address.country_code == "DK" ? "Danmark" : address.country_code;
    if (!party.email.empty())
        body["email"] = party.email.substr(0, 255);
    std::int64_t number = customer_number_of(api_.post("/customers", body, idempotency_key));
    for (const auto& [key, filter] : searches)
        remember(key, number);
    return number;
}

std::int64_t CustomerDirectory::collective(std::int64_t provider_number,
                                           const NewCustomerTerms& terms,
                                           const std::string& idempotency_key) {
    std::string key = "collective:" + std::to_string(provider_number);
    if (auto number = cached(key))
        return *number;
    if (!api_.find("/customers/" + std::to_string(provider_number))) {
        Json body = new_customer("Patienter, ydernummer " + std::to_string(provider_number), terms);
        body["customerNumber"] = provider_number;
        api_.post("/customers", body, idempotency_key);
    }
    remember(key, provider_number);
    return provider_number;
}

}  // namespace ferry::economic
