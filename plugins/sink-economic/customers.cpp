#include "customers.hpp"

#include <algorithm>
#include <cctype>

#include "barred.hpp"
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

std::string lower_case(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    return text;
}

// Two numbers of one kind that both exist and differ: two different parties.
bool differ(const std::string& known, const std::string& wanted) {
    return !known.empty() && !wanted.empty() && known != wanted;
}

std::string text_at(const Json& customer, const char* field) {
    auto it = customer.find(field);
    return it != customer.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool is_barred(const Json& customer) {
    auto it = customer.find("barred");
    return it != customer.end() && it->is_boolean() && it->get<bool>();
}

}  // namespace

void CustomerDirectory::forget() {
    std::lock_guard lock(mutex_);
    index_.clear();
    names_.clear();
    barred_.clear();
    read_at_.reset();
}

void CustomerDirectory::add(const Json& customer, const std::optional<sdk::Party>& as) {
    std::int64_t number = customer_number_of(customer);
    Identity identity{text_at(customer, "corporateIdentificationNumber"), text_at(customer, "ean")};
    std::vector<std::string> names = {text_at(customer, "name")};
    if (as) {
        identity = {as->cvr, as->ean};
        names.push_back(as->name);
    }
    std::vector<std::string> keys = {"number:" + std::to_string(number)};
    if (!identity.cvr.empty())
        keys.push_back("cvr:" + identity.cvr);
    if (!identity.ean.empty())
        keys.push_back("ean:" + identity.ean);
    for (const std::string& key : keys)
        index_[key].insert(number);
    if (is_barred(customer))
        barred_.insert(number);
    for (const std::string& name : names)
        if (!name.empty())
            names_[lower_case(name)][number] = identity;
}

void CustomerDirectory::read_index() {
    index_.clear();
    names_.clear();
    barred_.clear();
    read_at_.reset();
    api_.for_each("/customers", {}, [&](Json& customer) { add(customer); });
    read_at_ = std::chrono::steady_clock::now();
}

std::optional<std::int64_t> CustomerDirectory::indexed(
    const std::function<std::optional<std::int64_t>()>& find) {
    if (!read_at_) {
        read_index();
        return find();
    }
    if (auto number = find())
        return number;
    if (std::chrono::steady_clock::now() - *read_at_ < fresh_for_)
        return std::nullopt;
    read_index();
    return find();
}

std::optional<std::int64_t> CustomerDirectory::matching(const sdk::Party& party) const {
    std::vector<std::int64_t> matches;  // best first
    for (const std::string& key : {"cvr:" + party.cvr, "ean:" + party.ean})
        if (key.back() != ':')
            if (auto it = index_.find(key); it != index_.end())
                matches.insert(matches.end(), it->second.begin(), it->second.end());
    if (!party.name.empty())
        if (auto named = names_.find(lower_case(party.name)); named != names_.end())
            for (const auto& [number, known] : named->second)
                if (!differ(known.cvr, party.cvr) && !differ(known.ean, party.ean))
                    matches.push_back(number);
    for (std::int64_t number : matches)
        if (!barred_.count(number))
            return number;
    if (matches.empty())
        return std::nullopt;
    return matches.front();
}

std::int64_t CustomerDirectory::business(const sdk::Party& party, const NewCustomerTerms& terms,
                                         const std::string& idempotency_key) {
    std::lock_guard lock(mutex_);
    // Only an unbarred match counts as found, so a stale index is read again before refusing.
    auto unbarred = [&]() -> std::optional<std::int64_t> {
        auto number = matching(party);
        return number && !barred_.count(*number) ? number : std::nullopt;
    };
    if (auto number = indexed(unbarred))
        return *number;
    if (auto barred = matching(party))
        throw barred_customer(*barred);

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
    add(created, party);
    return number;
}

std::int64_t CustomerDirectory::collective(std::int64_t provider_number,
                                           const NewCustomerTerms& terms,
                                           const std::string& idempotency_key) {
    std::string key = "number:" + std::to_string(provider_number);
    std::lock_guard lock(mutex_);
    auto known = [&]() -> std::optional<std::int64_t> {
        return index_.count(key) && !barred_.count(provider_number) ? std::optional(provider_number)
                                                                    : std::nullopt;
    };
    if (indexed(known))
        return provider_number;
    if (index_.count(key))
        throw barred_customer(provider_number);
    Json body = new_customer("Patienter, ydernummer " + std::to_string(provider_number), terms);
    body["customerNumber"] = provider_number;
    add(api_.post("/customers", body, idempotency_key));
    return provider_number;
}

}  // namespace ferry::economic
