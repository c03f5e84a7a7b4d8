// Customers: list (filter, sort, paging), create, get, replace/upsert, delete.
#include "references.hpp"
#include "route_helpers.hpp"
#include "schema_validation.hpp"
#include "schemas.hpp"

namespace economic_emulator {
namespace {

using json = nlohmann::json;

const CollectionDescription customers_description{"/customers", "customers.get", {"pNumber"}, true};

void check_customer_references(const ParsedBody& body, const Agreement& agreement,
                               ValidationErrors& errors) {
    if (auto currency = body.value.find("currency");
        currency != body.value.end() && currency->is_string() &&
        currency->get_ref<const std::string&>().size() == 3)
        if (!agreement.collection("currencies").find(*currency))
            errors.add({"currency"},
                       "Currency '" + currency->get<std::string>() + "' does not exist.", "E06000",
                       *currency, "Find a list of currencies at /currencies .");
    check_reference(body.value, {"customerGroup"}, agreement, "customer-groups", "CustomerGroup",
                    "E07140", errors);
    check_reference(body.value, {"paymentTerms"}, agreement, "payment-terms", "PaymentTerms",
                    "E06000", errors);
    check_reference(body.value, {"vatZone"}, agreement, "vat-zones", "VatZone", "E06000", errors);
    check_reference(body.value, {"layout"}, agreement, "layouts", "Layout", "E06000", errors);
}

// The links e-conomic adds to a customer, as its answers spell them (some are objects, and
// totals live under /invoices/totals). A single customer also carries its metaData actions.
enum class CustomerView { in_collection, single };

json shown_customer(const json& customer, const std::string& base_url, CustomerView view) {
    json shown = customer;
    auto number = std::to_string(customer.at("customerNumber").get<std::int64_t>());
    auto self = base_url + "/customers/" + number;
    shown["balance"] = 0;
    shown["dueAmount"] = 0;
    shown["contacts"] = self + "/contacts";
    shown["deliveryLocations"] = self + "/delivery-locations";
    shown["templates"] = {{"invoice", self + "/templates/invoice"},
                          {"invoiceLine", self + "/templates/invoiceline"},
                          {"self", self + "/templates"}};
    shown["totals"] = {{"drafts", base_url + "/invoices/totals/drafts/customers/" + number},
                       {"booked", base_url + "/invoices/totals/booked/customers/" + number},
                       {"self", self + "/totals"}};
    shown["invoices"] = {{"drafts", self + "/invoices/drafts"},
                         {"booked", self + "/invoices/booked"},
                         {"self", self + "/invoices"}};
    if (view == CustomerView::single)
        shown["metaData"] = {
            {"delete",
             {{"description", "Delete this customer."}, {"href", self}, {"httpMethod", "delete"}}},
            {"replace",
             {{"description", "Replace this customer."}, {"href", self}, {"httpMethod", "put"}}}};
    return shown;
}

// POST (no number: create with a chosen or the next number) and PUT (number from the path).
Reply save_customer(RouteContext& context, std::optional<std::int64_t> path_number) {
    auto body = json_body(context.request);
    if (auto* error = std::get_if<Reply>(&body))
        return std::move(*error);
    auto& parsed = std::get<ParsedBody>(body);
    const json& schema =
        economic_emulator::schema(path_number ? "customers.customerNo.put" : "customers.post");
    auto& customers = context.agreement.collection("customers");
    ValidationErrors errors;
    validate_against_schema(parsed, schema, errors);
    check_customer_references(parsed, context.agreement, errors);
    if (!path_number && parsed.value.is_object())
        if (auto number = parsed.value.find("customerNumber");
            number != parsed.value.end() && number->is_number_integer() && customers.find(*number))
            errors.add({"customerNumber"},
                       "Customer number " + number->dump() + " is already in use.", "E06010",
                       *number, "Leave customerNumber out to get the next free number.");
    if (!errors.empty())
        return validation_failed(errors);

    json customer = writable_properties(parsed.value, schema);
    if (path_number)
        customer["customerNumber"] = *path_number;
    else if (!customer.contains("customerNumber"))
        customer["customerNumber"] = customers.next_number();
    bool existed = customers.find(customer["customerNumber"]) != nullptr;
    customer["lastUpdated"] = utc_timestamp_now();
    context.agreement.put("customers", customer);
    if (path_number && existed)
        return found(shown_customer(customer, context.base_url, CustomerView::single),
                     context.base_url);
    return created(shown_customer(customer, context.base_url, CustomerView::single),
                   context.base_url);
}

bool has_booked_invoices(const Agreement& agreement, std::int64_t customer_number) {
    for (const auto& [key, invoice] : agreement.collection("booked").items())
        if (invoice.at("customer").value("customerNumber", std::int64_t{0}) == customer_number)
            return true;
    return false;
}

}  // namespace

Reply customer_routes(RouteContext& context) {
    const auto& request = context.request;
    const auto& segments = request.segments;
    auto& agreement = context.agreement;
    if (segments.size() == 1) {
        if (request.method == "GET")
            return list(context, "customers", customers_description, [&](const json& customer) {
                return shown_customer(customer, context.base_url, CustomerView::in_collection);
            });
        if (request.method == "POST")
            return save_customer(context, std::nullopt);
        return method_not_allowed();
    }
    if (segments.size() != 2)
        return not_found();
    auto number = numeric_id(segments[1]);
    if (!number)
        return not_found();
    const json* customer = agreement.collection("customers").find(*number);
    if (request.method == "PUT")
        return save_customer(context, number);
    if (!customer)
        return not_found();
    if (request.method == "GET")
        return found(shown_customer(*customer, context.base_url, CustomerView::single),
                     context.base_url);
    if (request.method == "DELETE") {
        if (has_booked_invoices(agreement, *number))
            return error_reply(400, "The customer has booked invoices and cannot be deleted.",
                               "E06020", "Bar the customer instead (barred: true).");
        agreement.erase("customers", *number);
        return Reply{204, "", {}};
    }
    return method_not_allowed();
}

}  // namespace economic_emulator
