// Draft invoices (create, get, replace, delete, list without lines), booking, booked invoices.
#include "accounting_years.hpp"
#include "invoice_totals.hpp"
#include "ledger.hpp"
#include "references.hpp"
#include "route_helpers.hpp"
#include "schema_validation.hpp"
#include "schemas.hpp"

#include <ferry/sdk/date.hpp>
#include <functional>

namespace economic_emulator {
namespace {

using json = nlohmann::json;
using ferry::sdk::Date;

const CollectionDescription drafts_description{"/invoices/drafts", "invoices.drafts.get", {}, true};
const CollectionDescription booked_description{"/invoices/booked", "invoices.booked.get", {}, true};

std::optional<Date> date_field(const json& body, const char* name) {
    auto value = body.find(name);
    if (value == body.end() || !value->is_string() ||
        value->get_ref<const std::string&>().size() != 10)
        return std::nullopt;
    return Date::parse(value->get<std::string>());
}

Date last_day_of_month(Date date) {
    auto first_of_next =
        std::chrono::year_month_day{std::chrono::year{date.year},
                                    std::chrono::month{unsigned(date.month)}, std::chrono::day{1}} +
        std::chrono::months{1};
    return Date::from_sys_days(std::chrono::sys_days{first_of_next} - std::chrono::days{1});
}

// dueDate follows from the payment terms; only terms of type dueDate take the client's date.
void check_dates(const json& body, const json* terms, ValidationErrors& errors,
                 std::optional<Date>& due) {
    auto date = date_field(body, "date");
    if (body.contains("date") && body["date"].is_string() && !date)
        errors.add({"date"},
                   "'" + body["date"].get<std::string>() + "' is not a valid date (YYYY-MM-DD).",
                   "E04300", body["date"]);
    if (body.contains("dueDate") && body["dueDate"].is_string() && !date_field(body, "dueDate"))
        errors.add({"dueDate"},
                   "'" + body["dueDate"].get<std::string>() + "' is not a valid date (YYYY-MM-DD).",
                   "E04300", body["dueDate"]);
    if (!terms || !date)
        return;
    std::string type = terms->value("paymentTermsType", "net");
    auto days = std::chrono::days{terms->value("daysOfCredit", 0)};
    if (type == "dueDate") {
        due = date_field(body, "dueDate");
        if (!body.contains("dueDate"))
            errors.add({"dueDate"}, "Due date is required for payment terms of type dueDate.",
                       "E04042");
        else if (due && *due < *date)
            errors.add({"dueDate"}, "Due date cannot be before the invoice date.", "E04760",
                       body["dueDate"]);
    } else if (type == "invoiceMonth") {
        due = Date::from_sys_days(last_day_of_month(*date).sys_days() + days);
    } else {
        due = Date::from_sys_days(date->sys_days() + days);
    }
}

void check_lines(const ParsedBody& body, const Agreement& agreement, ValidationErrors& errors) {
    auto lines = body.value.find("lines");
    if (lines == body.value.end() || !lines->is_array())
        return;
    for (std::size_t i = 0; i < lines->size(); ++i) {
        const json& line = (*lines)[i];
        if (!line.is_object())
            continue;
        const json* product = check_reference(body.value, {"lines", i, "product"}, agreement,
                                              "products", "Product", "E06000", errors);
        check_reference(body.value, {"lines", i, "unit"}, agreement, "units", "Unit", "E06000",
                        errors);
        check_reference(body.value, {"lines", i, "departmentalDistribution"}, agreement,
                        "departmental-distributions", "DepartmentalDistribution", "E06000", errors);
        if (!line.contains("product"))
            for (const char* priced : {"quantity", "unitNetPrice"})
                if (line.contains(priced))
                    errors.add(
                        {"lines", i, priced},
                        "A line needs a product before " + std::string(priced) + " can be set.",
                        "E04730", line[priced]);
        if (product && !line.contains("description"))
            errors.add({"lines", i, "description"}, "Description is required on a product line.",
                       "E04042");
    }
}

const json* referenced_entity(const json& invoice, const char* field, const Agreement& agreement,
                              const std::string& collection_name) {
    auto reference = invoice.find(field);
    if (reference == invoice.end())
        return nullptr;
    const auto& collection = agreement.collection(collection_name);
    auto id = referenced_id(*reference, collection.id_field(), collection_name == "customers");
    return id ? collection.find(*id) : nullptr;
}

bool barred(const json* entity) {
    return entity && entity->value("barred", false);
}

// e-conomic will not invoice a barred customer or sell a barred product: both the draft and its
// booking are refused, as whoever barred it may have done so after the draft was made.
void check_not_barred(const json& invoice, const Agreement& agreement, ValidationErrors& errors) {
    if (!invoice.is_object())
        return;
    if (const json* customer = referenced_entity(invoice, "customer", agreement, "customers");
        barred(customer))
        errors.add({"customer"},
                   "Customer " + customer->at("customerNumber").dump() + " is barred.", "E06820",
                   customer->at("customerNumber"), "Unbar the customer or invoice another one.");
    auto lines = invoice.find("lines");
    if (lines == invoice.end() || !lines->is_array())
        return;
    for (std::size_t i = 0; i < lines->size(); ++i)
        if (const json* product = referenced_entity((*lines)[i], "product", agreement, "products");
            barred(product))
            errors.add(
                {"lines", i, "product"},
                "Product '" + product->at("productNumber").get<std::string>() + "' is barred.",
                "E06600", product->at("productNumber"), "Unbar the product or use another one.");
}

// e-conomic's drafts show `recipient.cvr` (its GET schemas and answers), but its write schemas
// leave it out. A client that sets it expects to read it back, so the emulator accepts it with
// the GET schema's rules.
const json& draft_write_schema() {
    static const json with_cvr = [] {
        json write = schema("invoices.drafts.post");
        write["properties"]["recipient"]["properties"]["cvr"] =
            schema("invoices.drafts.draftInvoiceNumber.get")
                .at("properties")
                .at("recipient")
                .at("properties")
                .at("cvr");
        return write;
    }();
    return with_cvr;
}

// Validates a draft body and builds the stored draft; nullopt (with errors) when refused.
std::optional<json> build_draft(const ParsedBody& body, const Agreement& agreement,
                                VatRounding vat_rounding, ValidationErrors& errors) {
    const json& schema = draft_write_schema();
    validate_against_schema(body, schema, errors);
    if (!body.value.is_object())
        return std::nullopt;
    const json& value = body.value;
    if (auto currency = value.find("currency"); currency != value.end() && currency->is_string() &&
                                                !agreement.collection("currencies").find(*currency))
        errors.add({"currency"}, "Currency '" + currency->get<std::string>() + "' does not exist.",
                   "E06000", *currency, "Find a list of currencies at /currencies .");
    check_reference(value, {"customer"}, agreement, "customers", "Customer", "E06000", errors);
    check_reference(value, {"layout"}, agreement, "layouts", "Layout", "E06000", errors);
    check_reference(value, {"recipient", "vatZone"}, agreement, "vat-zones", "VatZone", "E06000",
                    errors);
    const json* terms = check_reference(value, {"paymentTerms"}, agreement, "payment-terms",
                                        "PaymentTerms", "E06000", errors);
    if (terms && value["paymentTerms"].contains("paymentTermsType") &&
        value["paymentTerms"]["paymentTermsType"] != terms->at("paymentTermsType"))
        errors.add({"paymentTerms", "paymentTermsType"},
                   "The payment terms type does not match the stored payment terms.", "E07180",
                   value["paymentTerms"]["paymentTermsType"], "Leave paymentTermsType out.");
    std::optional<Date> due;
    check_dates(value, terms, errors, due);
    check_lines(body, agreement, errors);
    check_not_barred(value, agreement, errors);
    check_date_bookable(value, agreement, errors);
    if (!errors.empty())
        return std::nullopt;

    json draft = writable_properties(value, schema);
    draft.erase("pdf");
    draft["paymentTerms"] = {{"paymentTermsNumber", terms->at("paymentTermsNumber")},
                             {"name", terms->value("name", "")},
                             {"daysOfCredit", terms->value("daysOfCredit", 0)},
                             {"paymentTermsType", terms->value("paymentTermsType", "net")}};
    draft["customer"] = {
        {"customerNumber", *referenced_id(value["customer"], "customerNumber", true)}};
    draft["layout"] = {{"layoutNumber", *referenced_id(value["layout"], "layoutNumber", true)}};
    draft["recipient"]["vatZone"] = {
        {"vatZoneNumber", *referenced_id(value["recipient"]["vatZone"], "vatZoneNumber", true)}};
    if (due)
        draft["dueDate"] = due->to_string();
    price_invoice(draft, body, agreement, vat_rounding);
    return draft;
}

// An invoice's recipient shows its vat zone whole (name and flags), as e-conomic embeds it.
json with_vat_zone(json invoice, const Agreement& agreement) {
    if (const json* zone =
            referenced_entity(invoice.at("recipient"), "vatZone", agreement, "vat-zones"))
        invoice["recipient"]["vatZone"] = *zone;
    return invoice;
}

json shown_draft(const json& draft, const Agreement& agreement, const std::string& base_url) {
    json shown = with_vat_zone(draft, agreement);
    auto self = base_url + "/invoices/drafts/" +
                std::to_string(draft.at("draftInvoiceNumber").get<std::int64_t>());
    shown["pdf"] = {{"download", self + "/pdf"}};
    shown["templates"] = {{"bookingInstructions", self + "/templates/booking-instructions"},
                          {"self", self + "/templates"}};
    return shown;
}

Reply save_draft(RouteContext& context, std::optional<std::int64_t> path_number) {
    auto body = json_body(context.request);
    if (auto* error = std::get_if<Reply>(&body))
        return std::move(*error);
    ValidationErrors errors;
    auto draft =
        build_draft(std::get<ParsedBody>(body), context.agreement, context.vat_rounding, errors);
    if (!draft)
        return validation_failed(errors);
    auto& drafts = context.agreement.collection("drafts");
    std::int64_t number = path_number.value_or(drafts.next_number());
    bool existed = drafts.find(number) != nullptr;
    (*draft)["draftInvoiceNumber"] = number;
    (*draft)["lastUpdated"] = utc_timestamp_now();
    context.agreement.put("drafts", *draft);
    if (existed)
        return found(shown_draft(*draft, context.agreement, context.base_url), context.base_url);
    return created(shown_draft(*draft, context.agreement, context.base_url), context.base_url);
}

Reply delete_draft(RouteContext& context, std::int64_t number) {
    context.agreement.erase("drafts", number);
    auto self = context.base_url + "/invoices/drafts/" + std::to_string(number);
    return Reply::json(200, {{"message", "Deleted invoice."},
                             {"deletedCount", 1},
                             {"deletedItems", {{{"draftInvoiceNumber", number}, {"self", self}}}}});
}

json booked_from(const json& draft, std::int64_t booked_number) {
    json booked = draft;
    for (const char* draft_only :
         {"draftInvoiceNumber", "lastUpdated", "templates", "pdf", "marginInBaseCurrency",
          "marginPercentage", "costPriceInBaseCurrency"})
        booked.erase(draft_only);
    booked["bookedInvoiceNumber"] = booked_number;
    booked["orderNumber"] = draft.at("draftInvoiceNumber");
    booked["remainder"] = draft.at("grossAmount");
    booked["remainderInBaseCurrency"] = draft.at("grossAmountInBaseCurrency");
    for (auto& line : booked["lines"]) {
        line["vatRate"] = line["__vatRate"];
        line["vatAmount"] = line["__vatAmount"];
        line.erase("__vatRate");
        line.erase("__vatAmount");
        line.erase("marginInBaseCurrency");
    }
    return booked;
}

// Links are made when shown, so they follow the emulator's address; state files written before
// stored the pdf link, which this replaces.
json shown_booked(const json& invoice, const Agreement& agreement, const std::string& base_url) {
    json shown = with_vat_zone(invoice, agreement);
    auto self = base_url + "/invoices/booked/" +
                std::to_string(invoice.at("bookedInvoiceNumber").get<std::int64_t>());
    shown["pdf"] = {{"download", self + "/pdf"}};
    shown["sent"] = self + "/sent";
    return shown;
}

Reply book(RouteContext& context, std::optional<std::int64_t> path_number) {
    auto body = json_body(context.request);
    if (auto* error = std::get_if<Reply>(&body))
        return std::move(*error);
    auto& parsed = std::get<ParsedBody>(body);
    if (path_number && parsed.value.is_object())
        parsed.value["bookWithNumber"] = *path_number;
    ValidationErrors errors;
    validate_against_schema(parsed, schema("invoices.booked.post"), errors);
    if (!errors.empty())
        return validation_failed(errors);
    auto& agreement = context.agreement;
    const json& value = parsed.value;
    if (!value.contains("draftInvoice"))
        errors.add({"draftInvoice"}, "Property 'draftInvoice' is required.", "E04042");
    const json* draft = check_reference(value, {"draftInvoice"}, agreement, "drafts",
                                        "Draft invoice", "E06000", errors);
    auto& booked = agreement.collection("booked");
    std::int64_t number = booked.next_number();
    if (auto wanted = value.find("bookWithNumber"); wanted != value.end()) {
        number = wanted->get<std::int64_t>();
        if (number < 1)
            errors.add({"bookWithNumber"},
                       "Integer " + wanted->dump() + " is less than minimum value of 1.", "E04300",
                       *wanted);
        else if (booked.find(number))
            errors.add({"bookWithNumber"},
                       "Invoice number " + wanted->dump() + " is already used by a booked invoice.",
                       "E06010", *wanted,
                       "Leave bookWithNumber out to get the next number in the series.");
    }
    if (draft) {
        check_not_barred(*draft, agreement, errors);
        check_date_bookable(*draft, agreement, errors);
    }
    if (!errors.empty())
        return validation_failed(errors);
    json invoice = booked_from(*draft, number);
    // Hidden from the API (e-conomic shows no such field); the emulator's state dump shows it.
    if (value.contains("sendBy"))
        invoice["__sendBy"] = value["sendBy"];
    agreement.erase("drafts", draft->at("draftInvoiceNumber"));
    agreement.put("booked", invoice);
    post_invoice_entries(agreement, invoice);
    return created(shown_booked(invoice, agreement, context.base_url), context.base_url);
}

json without_lines(const json& invoice) {
    json summary = invoice;
    summary.erase("lines");
    return summary;
}

// What drafts and booked invoices share: GET lists and POST creates at the collection; by
// number, PUT saves (creating it when absent), GET shows and DELETE removes where allowed.
struct InvoiceCollection {
    const char* name;
    std::function<Reply()> list;
    std::function<Reply(std::optional<std::int64_t> number)> save;
    std::function<json(const json& stored)> shown;
    std::function<Reply(std::int64_t number)> remove;  // empty: immutable
};

Reply route(RouteContext& context, const InvoiceCollection& collection) {
    const auto& request = context.request;
    const auto& segments = request.segments;
    if (segments.size() == 2) {
        if (request.method == "GET")
            return collection.list();
        if (request.method == "POST")
            return collection.save(std::nullopt);
        // DELETE on a collection would delete all of it: the emulator refuses that footgun.
        return method_not_allowed();
    }
    if (segments.size() != 3)
        return not_found();
    auto number = numeric_id(segments[2]);
    if (!number)
        return not_found();
    if (request.method == "PUT")
        return collection.save(number);
    const json* stored = context.agreement.collection(collection.name).find(*number);
    if (!stored)
        return not_found();
    if (request.method == "GET")
        return found(collection.shown(*stored), context.base_url);
    if (request.method == "DELETE" && collection.remove)
        return collection.remove(*number);
    return method_not_allowed();
}

Reply drafts(RouteContext& context) {
    return route(
        context,
        {"drafts",
         [&] {
             return list(context, "drafts", drafts_description, [&](const json& draft) {
                 return without_lines(shown_draft(draft, context.agreement, context.base_url));
             });
         },
         [&](std::optional<std::int64_t> number) { return save_draft(context, number); },
         [&](const json& draft) { return shown_draft(draft, context.agreement, context.base_url); },
         [&](std::int64_t number) { return delete_draft(context, number); }});
}

// Booked invoices are immutable.
Reply booked_invoices(RouteContext& context) {
    return route(
        context,
        {"booked",
         [&] {
             return list(context, "booked", booked_description, [&](const json& invoice) {
                 return without_lines(shown_booked(invoice, context.agreement, context.base_url));
             });
         },
         [&](std::optional<std::int64_t> number) { return book(context, number); },
         [&](const json& invoice) {
             return shown_booked(invoice, context.agreement, context.base_url);
         },
         {}});
}

}  // namespace

Reply invoice_routes(RouteContext& context) {
    const auto& segments = context.request.segments;
    if (segments.size() >= 2 && segments[1] == "drafts")
        return drafts(context);
    if (segments.size() >= 2 && segments[1] == "booked")
        return booked_invoices(context);
    return not_found();
}

}  // namespace economic_emulator
