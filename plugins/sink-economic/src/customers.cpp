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

std::string collective_customer_name(std::int64_t provider_number) {
    return "Patienter, ydernummer " + std::to_string(provider_number);
}

void CustomerIndex::add(std::int64_t number, const Identity& identity,
                        const std::vector<std::string>& names, bool barred) {
    numbers_["number:" + std::to_string(number)].insert(number);
    if (!identity.cvr.empty())
        numbers_["cvr:" + identity.cvr].insert(number);
    if (!identity.ean.empty())
        numbers_["ean:" + identity.ean].insert(number);
    if (barred)
        barred_.insert(number);
    for (const std::string& name : names)
        if (!name.empty())
            names_[lower_case(name)][number] = identity;
}

void CustomerIndex::clear() {
    numbers_.clear();
    names_.clear();
    barred_.clear();
}

std::optional<CustomerMatch> CustomerIndex::match(const sdk::Party& party) const {
    std::vector<CustomerMatch> matches;  // best first
    for (auto [kind, value] : {std::pair{"CVR", &party.cvr}, std::pair{"EAN", &party.ean}}) {
        if (value->empty())
            continue;
        std::string key = lower_case(kind) + ":" + *value;
        if (auto it = numbers_.find(key); it != numbers_.end())
            for (std::int64_t number : it->second)
                matches.push_back({number, kind + (" " + *value), barred(number)});
    }
    if (!party.name.empty())
        if (auto named = names_.find(lower_case(party.name)); named != names_.end())
            for (const auto& [number, known] : named->second)
                if (!differ(known.cvr, party.cvr) && !differ(known.ean, party.ean))
                    matches.push_back({number,
                                       known.cvr.empty() && !party.cvr.empty()
                                           ? "name; it has no CVR, the document's is " + party.cvr
                                           : "name",
                                       barred(number)});
    for (const CustomerMatch& match : matches)
        if (!match.barred)
            return match;
    if (matches.empty())
        return std::nullopt;
    return matches.front();
}

void CustomerDirectory::forget() {
    std::lock_guard lock(mutex_);
    index_.clear();
    read_at_.reset();
}

void CustomerDirectory::add(const Json& customer, const std::optional<sdk::Party>& as) {
    CustomerIndex::Identity identity{text_at(customer, "corporateIdentificationNumber"),
                                     text_at(customer, "ean")};
    std::vector<std::string> names = {text_at(customer, "name")};
    if (as) {
        identity = {as->cvr, as->ean};
        names.push_back(as->name);
    }
    index_.add(customer_number_of(customer), identity, names, is_barred(customer));
}

void CustomerDirectory::read_index() {
    index_.clear();
    read_at_.reset();
    api_.for_each("/customers", {}, [&](Json& customer) { add(customer); });
    read_at_ = std::chrono::steady_clock::now();
}

std::optional<CustomerMatch> CustomerDirectory::indexed(
    const std::function<std::optional<CustomerMatch>()>& find, Refresh refresh) {
    if (!read_at_) {
        read_index();
        return find();
    }
    if (auto match = find())
        return match;
    if (refresh == Refresh::never || std::chrono::steady_clock::now() - *read_at_ < fresh_for_)
        return std::nullopt;
    read_index();
    return find();
}

std::optional<CustomerMatch> CustomerDirectory::business_locked(const sdk::Party& party,
                                                                Refresh refresh) {
    // Only an unbarred match counts as found, so a stale index is read again before refusing.
    auto unbarred = [&]() -> std::optional<CustomerMatch> {
        auto match = index_.match(party);
        return match && !match->barred ? match : std::nullopt;
    };
    if (auto match = indexed(unbarred, refresh))
        return match;
    return index_.match(party);
}

std::optional<CustomerMatch> CustomerDirectory::collective_locked(std::int64_t provider_number,
                                                                  Refresh refresh) {
    auto known = [&]() -> std::optional<CustomerMatch> {
        if (!index_.holds(provider_number) || index_.barred(provider_number))
            return std::nullopt;
        return CustomerMatch{provider_number, "provider number", false};
    };
    if (auto match = indexed(known, refresh))
        return match;
    if (index_.holds(provider_number))
        return CustomerMatch{provider_number, "provider number", true};
    return std::nullopt;
}

std::optional<CustomerMatch> CustomerDirectory::find_business(const sdk::Party& party,
                                                              Refresh refresh) {
    std::lock_guard lock(mutex_);
    return business_locked(party, refresh);
}

std::optional<CustomerMatch> CustomerDirectory::find_collective(std::int64_t provider_number,
                                                                Refresh refresh) {
    std::lock_guard lock(mutex_);
    return collective_locked(provider_number, refresh);
}

namespace {

// What a new customer is matched by (customers.hpp): a creation for the same party waits for
// this one, whichever of them it shares.
std::vector<std::string> identity_keys(const sdk::Party& party) {
    std::vector<std::string> keys;
    if (!party.cvr.empty())
        keys.push_back("cvr:" + party.cvr);
    if (!party.ean.empty())
        keys.push_back("ean:" + party.ean);
    keys.push_back("name:" + lower_case(party.name));
    return keys;
}

Json business_body(const sdk::Party& party, const NewCustomerTerms& terms) {
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
    return body;
}

}  // namespace

std::int64_t CustomerDirectory::business(const sdk::Party& party, const NewCustomerTerms& terms,
                                         const std::string& idempotency_key) {
    const std::vector<std::string> keys = identity_keys(party);
    for (;;) {
        std::unique_lock lock(mutex_);
        if (auto match = business_locked(party, Refresh::when_stale)) {
            if (match->barred)
                throw barred_customer(match->number);
            return match->number;
        }
        if (auto claim = creating_.try_claim(keys)) {
            lock.unlock();
            Json created = api_.post("/customers", business_body(party, terms), idempotency_key);
            lock.lock();
            add(created, party);
            return customer_number_of(created);
        }
        lock.unlock();
        creating_.wait_for(keys);
    }
}

std::int64_t CustomerDirectory::collective(std::int64_t provider_number,
                                           const NewCustomerTerms& terms,
                                           const std::string& idempotency_key) {
    const std::vector<std::string> keys = {"provider:" + std::to_string(provider_number)};
    for (;;) {
        std::unique_lock lock(mutex_);
        if (auto match = collective_locked(provider_number, Refresh::when_stale)) {
            if (match->barred)
                throw barred_customer(provider_number);
            return provider_number;
        }
        if (auto claim = creating_.try_claim(keys)) {
            lock.unlock();
            Json body = new_customer(collective_customer_name(provider_number), terms);
            body["customerNumber"] = provider_number;
            Json created = api_.post("/customers", body, idempotency_key);
            lock.lock();
            add(created);
            return provider_number;
        }
        lock.unlock();
        creating_.wait_for(keys);
    }
}

}  // namespace ferry::economic
