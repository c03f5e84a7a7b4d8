// Products: list, create (caller-supplied string number), get/replace/delete by escaped number.
#include "product_number_escaping.hpp"
#include "references.hpp"
#include "route_helpers.hpp"
#include "schema_validation.hpp"
#include "schemas.hpp"

namespace economic_emulator {
namespace {

using json = nlohmann::json;

const CollectionDescription products_description{"/products", "products.get", {}, true};

void check_product_references(const ParsedBody& body, const Agreement& agreement,
                              ValidationErrors& errors) {
    check_reference(body.value, {"productGroup"}, agreement, "product-groups", "ProductGroup",
                    "E07150", errors);
    check_reference(body.value, {"unit"}, agreement, "units", "Unit", "E06000", errors);
    check_reference(body.value, {"departmentalDistribution"}, agreement,
                    "departmental-distributions", "DepartmentalDistribution", "E06000", errors);
}

bool used_on_booked_invoice(const Agreement& agreement, const std::string& product_number) {
    for (const auto& [key, invoice] : agreement.collection("booked").items())
        for (const auto& line : invoice.value("lines", json::array()))
            if (line.contains("product") &&
                line["product"].value("productNumber", "") == product_number)
                return true;
    return false;
}

Reply save_product(RouteContext& context, std::optional<std::string> path_number) {
    auto body = json_body(context.request);
    if (auto* error = std::get_if<Reply>(&body))
        return std::move(*error);
    auto& parsed = std::get<ParsedBody>(body);
    // On PUT the number comes from the path, whatever the body says.
    if (path_number && parsed.value.is_object())
        parsed.value["productNumber"] = *path_number;
    const json& schema =
        economic_emulator::schema(path_number ? "products.productNumber.put" : "products.post");
    auto& products = context.agreement.collection("products");
    ValidationErrors errors;
    validate_against_schema(parsed, schema, errors);
    // The PUT schema marks nothing required, yet a replace needs what a create needs.
    if (path_number && parsed.value.is_object())
        for (const char* required : {"name", "productGroup"})
            if (!parsed.value.contains(required))
                errors.add({required}, std::string("Property '") + required + "' is required.",
                           "E04042");
    check_product_references(parsed, context.agreement, errors);
    if (!path_number && parsed.value.is_object())
        if (auto number = parsed.value.find("productNumber");
            number != parsed.value.end() && number->is_string() && products.find(*number))
            errors.add({"productNumber"},
                       "Product number '" + number->get<std::string>() + "' is already in use.",
                       "E06010", *number,
                       "Use PUT /products/{productNumber} to change an existing product.");
    if (!errors.empty())
        return validation_failed(errors);

    json product = writable_properties(parsed.value, schema);
    if (path_number)
        product["productNumber"] = *path_number;
    bool existed = products.find(product["productNumber"]) != nullptr;
    product["lastUpdated"] = utc_timestamp_now();
    context.agreement.put("products", product);
    if (path_number && existed)
        return found(product, context.base_url);
    return created(product, context.base_url);
}

}  // namespace

Reply product_routes(RouteContext& context) {
    const auto& request = context.request;
    const auto& segments = request.segments;
    auto& agreement = context.agreement;
    if (segments.size() == 1) {
        if (request.method == "GET")
            return list(context, "products", products_description, [](const json& p) { return p; });
        if (request.method == "POST")
            return save_product(context, std::nullopt);
        return method_not_allowed();
    }
    if (segments.size() != 2)
        return not_found();
    std::string number = unescape_product_number(segments[1]);
    if (request.method == "PUT")
        return save_product(context, number);
    const json* product = agreement.collection("products").find(number);
    if (!product)
        return not_found();
    if (request.method == "GET")
        return found(*product, context.base_url);
    if (request.method == "DELETE") {
        if (used_on_booked_invoice(agreement, number))
            return error_reply(400, "The product is used on booked invoices and cannot be deleted.",
                               "E06020", "Bar the product instead (barred: true).");
        agreement.erase("products", number);
        return Reply{204, "", {}};
    }
    return method_not_allowed();
}

}  // namespace economic_emulator
