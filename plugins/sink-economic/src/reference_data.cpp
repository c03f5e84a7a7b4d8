#include "reference_data.hpp"

#include <algorithm>
#include <cctype>

namespace ferry::economic {

namespace {

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    return text;
}

std::int64_t number_at(const Json& item, const char* key) {
    auto it = item.find(key);
    return it != item.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

}  // namespace

const PaymentTerms* ReferenceData::terms_named(const std::string& name) const {
    auto it = std::find_if(payment_terms.begin(), payment_terms.end(),
                           [&](const PaymentTerms& t) { return lower(t.name) == lower(name); });
    return it == payment_terms.end() ? nullptr : &*it;
}

const PaymentTerms* ReferenceData::terms_of_type(const std::string& type) const {
    auto it = std::find_if(payment_terms.begin(), payment_terms.end(),
                           [&](const PaymentTerms& t) { return t.type == type; });
    return it == payment_terms.end() ? nullptr : &*it;
}

std::optional<std::int64_t> ReferenceData::unit_for(const std::string& unit_code) const {
    static const std::map<std::string, std::vector<std::string>> names = {
        {"EA", {"stk.", "stk"}},
        {"C62", {"stk.", "stk"}},
        {"H87", {"stk.", "stk"}},
        {"HUR", {"timer", "time", "t."}},
        {"MIN", {"min.", "min", "minutter"}},
        {"DAY", {"dage", "dag"}},
        {"KMT", {"km"}},
    };
    auto it = names.find(unit_code);
    if (it == names.end())
        return std::nullopt;
    for (const std::string& name : it->second)
        if (auto unit = units.find(name); unit != units.end())
            return unit->second;
    return std::nullopt;
}

ReferenceData read_reference_data(EconomicApi& api, bool with_departments) {
    ReferenceData data;
    for (const Json& group : api.list("/customer-groups")) {
        std::optional<std::int64_t> layout;
        if (group.contains("layout") && group["layout"].is_object())
            layout = number_at(group["layout"], "layoutNumber");
        data.customer_groups[number_at(group, "customerGroupNumber")] = layout;
    }
    for (const Json& group : api.list("/product-groups"))
        data.product_groups.insert(number_at(group, "productGroupNumber"));
    for (const Json& zone : api.list("/vat-zones"))
        if (zone.value("enabledForCustomer", true))
            data.vat_zones.insert(number_at(zone, "vatZoneNumber"));
    for (const Json& layout : api.list("/layouts"))
        if (!layout.value("deleted", false))
            data.layouts.insert(number_at(layout, "layoutNumber"));
    for (const Json& terms : api.list("/payment-terms"))
        data.payment_terms.push_back({number_at(terms, "paymentTermsNumber"),
                                      terms.value("name", std::string()),
                                      terms.value("paymentTermsType", std::string())});
    for (const Json& unit : api.list("/units"))
        data.units.emplace(lower(unit.value("name", std::string())), number_at(unit, "unitNumber"));
    if (with_departments) {
        for (const Json& distribution : api.list("/departmental-distributions"))
            if (!distribution.value("barred", false))
                data.departmental_distributions.insert(
                    number_at(distribution, "departmentalDistributionNumber"));
        data.departments_read = true;
    }
    return data;
}

}  // namespace ferry::economic
