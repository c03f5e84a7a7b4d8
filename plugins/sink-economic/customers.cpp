#include "customers.hpp"

#include <algorithm>
#include <cctype>

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

// e-conomic's `$eq` compares names without regard to case.
std::string name_key(const std::string& name) {
    std::string key = "name:" + name;
    std::transform(key.begin(), key.end(), key.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    return key;
}

std::string text_at(const Json& customer, const char* field) {
    auto it = customer.find(field);
    return it != customer.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

void CustomerDirectory::forget() {
    std::lock_guard lock(mutex_);
    index_.clear();
    read_at_.reset();
}

void CustomerDirectory::add(const Json& customer, const std::vector<std::string>& also) {
    std::int64_t number = customer_number_of(customer);
    std::vector<std::string> keys = also;
    keys.push_back("number:" + std::to_string(number));
    if (auto cvr = text_at(customer, "corporateIdentificationNumber"); !cvr.empty())
        keys.push_back("cvr:" + cvr);
    if (auto ean = text_at(customer, "ean"); !ean.empty())
        keys.push_back("ean:" + ean);
    if (auto name = text_at(customer, "name"); !name.empty())
        keys.push_back(name_key(name));
    for (const std::string& key : keys) {
        auto [it, added] = index_.emplace(key, number);
        if (!added && number < it->second)
            it->second = number;
    }
}

void CustomerDirectory::read_index() {
    index_.clear();
    read_at_.reset();
    api_.for_each("/customers", {}, [&](Json& customer) { add(customer); });
    read_at_ = std::chrono::steady_clock::now();
}

std::optional<std::int64_t> CustomerDirectory::indexed(const std::vector<std::string>& keys) {
    auto first_known = [&]() -> std::optional<std::int64_t> {
        for (const std::string& key : keys)
            if (auto it = index_.find(key); it != index_.end())
                return it->second;
        return std::nullopt;
    };
    if (!read_at_) {
        read_index();
        return first_known();
    }
    if (auto number = first_known())
        return number;
    if (std::chrono::steady_clock::now() - *read_at_ < fresh_for_)
        return std::nullopt;
    read_index();
    return first_known();
}

std::int64_t CustomerDirectory::business(const sdk::Party& party, const NewCustomerTerms& terms,
                                         const std::string& idempotency_key) {
    std::vector<std::string> keys;
    if (!party.cvr.empty())
        keys.push_back("cvr:" + party.cvr);
    if (!party.ean.empty())
        keys.push_back("ean:" + party.ean);
    if (!party.name.empty())
        keys.push_back(name_key(party.name));
    std::lock_guard lock(mutex_);
    if (auto number = indexed(keys))
        return *number;

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
    Json created = api_.post("/customers", body, idempotency_key);
    std::int64_t number = customer_number_of(created);
    add(created, keys);
    return number;
}

std::int64_t CustomerDirectory::collective(std::int64_t provider_number,
                                           const NewCustomerTerms& terms,
                                           const std::string& idempotency_key) {
    std::string key = "number:" + std::to_string(provider_number);
    std::lock_guard lock(mutex_);
    if (indexed({key}))
        return provider_number;
    Json body = new_customer("Patienter, ydernummer " + std::to_string(provider_number), terms);
    body["customerNumber"] = provider_number;
    add(api_.post("/customers", body, idempotency_key));
    return provider_number;
}

}  // namespace ferry::economic
