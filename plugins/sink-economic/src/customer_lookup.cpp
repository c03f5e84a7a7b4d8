// The lookups the checks before creation use: e-conomic asked one customer at a time while
// delivering, or read whole once for a plan (CustomerSnapshot).
#include "customer_lookup.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include "customer_json.hpp"

namespace ferry::economic {

std::optional<Json> LiveLookup::customer(std::int64_t number) {
    return api_.find("/customers/" + std::to_string(number));
}

std::set<std::int64_t> LiveLookup::sharing_identity(const sdk::Customer& customer) {
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

namespace {

std::string lower_case(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    return text;
}

}  // namespace

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

}  // namespace ferry::economic
