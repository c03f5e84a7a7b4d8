#include "barred.hpp"

#include <algorithm>

namespace ferry::economic {

namespace {

constexpr const char* barred_customer_code = "E06820";
constexpr const char* barred_product_code = "E06600";

std::string listed(const std::vector<std::string>& items) {
    std::string text;
    for (const std::string& item : items)
        text += (text.empty() ? "" : ", ") + item;
    return text;
}

}  // namespace

Barred barred_customer(std::int64_t customer_number) {
    std::string number = std::to_string(customer_number);
    return {"economic.customer.barred",
            "e-conomic customer " + number + " is barred; unbar customer " + number +
                " in e-conomic, or put the document customer's CVR or EAN on the unbarred "
                "customer that replaces it, then `ferry retry` it"};
}

Barred barred_products(const std::vector<std::string>& product_numbers) {
    std::string numbers = listed(product_numbers);
    std::string which = product_numbers.size() == 1
                            ? "product " + numbers + " is barred; unbar it"
                            : "of products " + numbers + " one or more is barred; unbar them";
    return {"economic.product.barred",
            "in e-conomic " + which +
                " there, then `ferry retry` it (or `ferry skip` it and invoice the item under "
                "another number)"};
}

std::optional<Barred> barred_refusal(const ApiFailure& failure, std::int64_t customer_number,
                                     const std::vector<std::string>& product_numbers) {
    if (failure.kind() != ApiFailure::Kind::rejected)
        return std::nullopt;
    std::vector<std::string> named;
    bool product_refused = false;
    for (const ErrorCode& error : failure.error_codes()) {
        if (error.code == barred_customer_code && customer_number > 0)
            return barred_customer(customer_number);
        if (error.code != barred_product_code)
            continue;
        product_refused = true;
        if (std::count(product_numbers.begin(), product_numbers.end(), error.input_value) &&
            !std::count(named.begin(), named.end(), error.input_value))
            named.push_back(error.input_value);
    }
    if (!product_refused)
        return std::nullopt;
    if (!named.empty())
        return barred_products(named);
    std::vector<std::string> all;
    for (const std::string& number : product_numbers)
        if (!std::count(all.begin(), all.end(), number))
            all.push_back(number);
    return barred_products(all);
}

}  // namespace ferry::economic
