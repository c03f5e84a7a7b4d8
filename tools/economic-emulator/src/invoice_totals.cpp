#include "invoice_totals.hpp"

#include <map>

namespace economic_emulator {
namespace {

using json = nlohmann::json;
using ferry::sdk::Decimal;

constexpr std::int64_t units_per_cent = Decimal::one / 100;

// value × 100 as an integer count of hundredths (inputs have at most 2 decimals, see E04740).
__int128 hundredths(Decimal value) {
    return value.units() / units_per_cent;
}

__int128 divide_rounded(__int128 numerator, __int128 denominator) {
    bool negative = (numerator < 0) != (denominator < 0);
    __int128 n = numerator < 0 ? -numerator : numerator;
    __int128 d = denominator < 0 ? -denominator : denominator;
    __int128 q = (n + d / 2) / d;
    return negative ? -q : q;
}

Decimal from_cents(__int128 cents) {
    return Decimal::from_units(static_cast<std::int64_t>(cents * units_per_cent));
}

Decimal vat_rate_for(const json& line, const json& draft, const Agreement& agreement) {
    if (!line.contains("product"))
        return {};
    const json* product =
        agreement.collection("products").find(line["product"].value("productNumber", json()));
    if (!product)
        return {};
    const json* group = agreement.collection("product-groups")
                            .find(product->at("productGroup").at("productGroupNumber"));
    auto zone =
        std::to_string(draft.at("recipient").at("vatZone").value("vatZoneNumber", std::int64_t{0}));
    if (!group || !group->contains("__vatRates") || !(*group)["__vatRates"].contains(zone))
        return {};
    return decimal_of((*group)["__vatRates"][zone]);
}

Decimal exchange_rate(const json& draft, const Agreement& agreement) {
    const json* currency = agreement.collection("currencies").find(draft.at("currency"));
    if (!currency)
        return Decimal::from_int(100);
    return decimal_of(currency->value("__exchangeRate", json(100)));
}

}  // namespace

Decimal line_net(Decimal quantity, Decimal unit_price, Decimal discount_percentage) {
    // hundredths³ → cents: divide by 100 · 100 · 100 (the discount factor is in hundredths of %).
    __int128 product =
        hundredths(quantity) * hundredths(unit_price) * (10000 - hundredths(discount_percentage));
    return from_cents(divide_rounded(product, __int128(1000000)));
}

Decimal percent_of(Decimal amount, Decimal rate) {
    return from_cents(divide_rounded(hundredths(amount) * hundredths(rate), __int128(10000)));
}

void price_invoice(json& draft, const ParsedBody& body, const Agreement& agreement,
                   VatRounding vat_rounding) {
    Decimal net, vat, cost;
    std::map<Decimal, Decimal> net_per_rate;
    Decimal rate = exchange_rate(draft, agreement);
    auto& lines = draft["lines"];
    if (!lines.is_array())
        lines = json::array();
    for (std::size_t i = 0; i < lines.size(); ++i) {
        json& line = lines[i];
        std::string at = "/lines/" + std::to_string(i) + "/";
        const json* product = line.contains("product")
                                  ? agreement.collection("products")
                                        .find(line["product"].value("productNumber", json()))
                                  : nullptr;
        // A product line without quantity or price takes 1 and the product's sales price.
        Decimal quantity =
            decimal_at(body, at + "quantity").value_or(product ? Decimal::from_int(1) : Decimal{});
        Decimal price =
            decimal_at(body, at + "unitNetPrice")
                .value_or(product ? decimal_of(product->value("salesPrice", json(0))).rounded(2)
                                  : Decimal{});
        Decimal discount = decimal_at(body, at + "discountPercentage").value_or(Decimal{});
        Decimal unit_cost =
            decimal_at(body, at + "unitCostPrice")
                .value_or(product ? decimal_of(product->value("costPrice", json(0))).rounded(2)
                                  : Decimal{});
        if (!line.contains("lineNumber"))
            line["lineNumber"] = i + 1;
        if (!line.contains("sortKey"))
            line["sortKey"] = line["lineNumber"];
        Decimal line_amount = line_net(quantity, price, discount);
        Decimal line_vat_rate = vat_rate_for(line, draft, agreement);
        Decimal line_vat = percent_of(line_amount, line_vat_rate);
        Decimal line_cost = percent_of(quantity, unit_cost * Decimal::from_int(100));
        if (product) {
            line["quantity"] = to_json(quantity);
            line["unitNetPrice"] = to_json(price);
            line["discountPercentage"] = to_json(discount);
            line["unitCostPrice"] = to_json(unit_cost);
        }
        line["totalNetAmount"] = to_json(line_amount);
        line["marginInBaseCurrency"] =
            to_json(percent_of(line_amount, rate) - percent_of(line_cost, rate));
        line["__vatRate"] = to_json(line_vat_rate);
        line["__vatAmount"] = to_json(line_vat);
        net += line_amount;
        vat += line_vat;
        net_per_rate[line_vat_rate] += line_amount;
        cost += line_cost;
    }
    if (vat_rounding == VatRounding::per_rate) {
        vat = {};
        for (const auto& [rate, rate_net] : net_per_rate)
            vat += percent_of(rate_net, rate);
    }
    Decimal gross = net + vat;
    Decimal net_base = percent_of(net, rate);
    Decimal cost_base = percent_of(cost, rate);
    Decimal margin = net_base - cost_base;
    draft["exchangeRate"] = to_json(rate);
    draft["netAmount"] = to_json(net);
    draft["vatAmount"] = to_json(vat);
    draft["grossAmount"] = to_json(gross);
    draft["roundingAmount"] = 0;
    draft["netAmountInBaseCurrency"] = to_json(net_base);
    draft["grossAmountInBaseCurrency"] = to_json(percent_of(gross, rate));
    draft["costPriceInBaseCurrency"] = to_json(cost_base);
    draft["marginInBaseCurrency"] = to_json(margin);
    draft["marginPercentage"] =
        net_base.is_zero() ? json(0)
                           : to_json((margin * Decimal::from_int(100) / net_base).rounded(2));
}

}  // namespace economic_emulator
