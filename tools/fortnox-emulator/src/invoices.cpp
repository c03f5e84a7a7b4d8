// Invoices: create with Fortnox's defaults and its own totals, edit while unbooked, and the
// bookkeep / cancel / credit state machine (reference §8).
#include "invoice_fields.hpp"

#include <algorithm>
#include <map>

namespace fortnox_emulator {
namespace {

Reply create(Context& context) {
    auto parsed = entity_body(context, "Invoice", invoice_writable, invoice_read_only);
    if (auto* problem = std::get_if<Reply>(&parsed))
        return *problem;
    const auto& body = std::get<emulator_kit::ParsedBody>(parsed);
    const json& request = body.value["Invoice"];
    json invoice = json::object();
    std::string number = text_of(request.value("DocumentNumber", json()));
    if (number.empty()) {
        number = next_document_number(context);
    } else if (number.size() > 12 || !all_digits(number)) {
        return context.error(400, code::invalid_value, "DocumentNumber ska vara ett nummer.");
    } else if (context.store.find(context.table("invoices"), number)) {
        return context.error(400, code::number_taken,
                             "Fakturanummer " + number + " används redan.");
    }
    invoice["DocumentNumber"] = number;
    invoice["Booked"] = false;
    invoice["Cancelled"] = false;
    invoice["Sent"] = false;
    invoice["Credit"] = "false";
    invoice["CreditInvoiceReference"] = "0";
    invoice["VoucherSeries"] = nullptr;
    invoice["VoucherNumber"] = nullptr;
    invoice["VoucherYear"] = nullptr;
    invoice["FinalPayDate"] = nullptr;
    for (const auto& field : invoice_text_fields)
        invoice[field] = "";
    invoice["OCR"] = luhn_ocr(number);
    invoice["InvoiceRows"] = json::array();
    if (auto problem = apply_header(context, request, invoice, body, true))
        return *problem;
    if (auto problem = apply_rows(context, request, invoice, body))
        return *problem;
    compute_totals(context, invoice);
    context.store.put(context.table("invoices"), number, invoice);
    return Reply::json(201, {{"Invoice", shown(context, invoice)}});
}

Reply update(Context& context, json invoice) {
    std::string number = invoice["DocumentNumber"];
    if (invoice["Cancelled"].get<bool>())
        return context.error(400, code::invoice_cancelled,
                             "Faktura " + number + " är makulerad och kan inte ändras.");
    if (invoice["Booked"].get<bool>())
        return context.error(400, code::invoice_booked_no_edit,
                             "Faktura " + number + " är bokförd och kan inte ändras.");
    auto parsed = entity_body(context, "Invoice", invoice_writable, invoice_read_only);
    if (auto* problem = std::get_if<Reply>(&parsed))
        return *problem;
    const auto& body = std::get<emulator_kit::ParsedBody>(parsed);
    const json& request = body.value["Invoice"];
    if (auto problem = apply_header(context, request, invoice, body, false))
        return *problem;
    if (auto problem = apply_rows(context, request, invoice, body))
        return *problem;
    compute_totals(context, invoice);
    context.store.put(context.table("invoices"), number, invoice);
    return Reply::json(200, {{"Invoice", shown(context, invoice)}});
}

Reply bookkeep(Context& context, json invoice) {
    std::string number = invoice["DocumentNumber"];
    if (invoice["Cancelled"].get<bool>())
        return context.error(400, code::invoice_cancelled,
                             "Faktura " + number + " är makulerad och kan inte bokföras.");
    if (invoice["Booked"].get<bool>())
        return context.error(400, code::already_booked, "Fakturan är redan bokförd.");
    std::string date = invoice["InvoiceDate"];
    const json* year = nullptr;
    for (const auto& [id, candidate] : context.store.table(context.table("financialyears")))
        if (candidate["FromDate"].get<std::string>() <= date &&
            date <= candidate["ToDate"].get<std::string>())
            year = &candidate;
    if (!year)
        return context.error(400, code::financial_year_missing,
                             "Det finns inget räkenskapsår för fakturadatum " + date +
                                 " (faktura " + number + "): lägg upp räkenskapsåret först.");
    int year_id = (*year)["Id"].get<int>();
    std::string counter = "voucher-B-" + std::to_string(year_id);
    const json* last = context.store.find(context.table("meta"), counter);
    std::int64_t voucher = (last ? last->get<std::int64_t>() : 0) + 1;
    context.store.put(context.table("meta"), counter, voucher);
    invoice["Booked"] = true;
    invoice["VoucherSeries"] = "B";
    invoice["VoucherNumber"] = voucher;
    invoice["VoucherYear"] = year_id;
    context.store.put(context.table("invoices"), number, invoice);
    return Reply::json(200, {{"Invoice", shown(context, invoice)}});
}

Reply cancel(Context& context, json invoice) {
    std::string number = invoice["DocumentNumber"];
    if (invoice["Cancelled"].get<bool>())
        return context.error(400, code::invoice_cancelled,
                             "Faktura " + number + " är redan makulerad.");
    if (invoice["Booked"].get<bool>())
        return context.error(
            400, code::cannot_cancel,
            "Faktura " + number + " är bokförd och kan inte makuleras: kreditera den.");
    invoice["Cancelled"] = true;
    context.store.put(context.table("invoices"), number, invoice);
    return Reply::json(200, {{"Invoice", shown(context, invoice)}});
}

Reply credit(Context& context, json original) {
    std::string number = original["DocumentNumber"];
    if (original["Credit"] == "true")
        return context.error(400, code::cannot_credit,
                             "Faktura " + number + " är en kreditfaktura och kan inte krediteras.");
    if (!original["Booked"].get<bool>())
        return context.error(400, code::cannot_credit,
                             "Faktura " + number +
                                 " är inte bokförd: bara bokförda fakturor kan "
                                 "krediteras (makulera den i stället).");
    if (original["CreditInvoiceReference"] != "0")
        return context.error(400, code::cannot_credit,
                             "Faktura " + number + " är redan krediterad med faktura " +
                                 original["CreditInvoiceReference"].get<std::string>() + ".");
    json credit = original;
    std::string credit_number = next_document_number(context);
    credit["DocumentNumber"] = credit_number;
    credit["OCR"] = luhn_ocr(credit_number);
    credit["Credit"] = "true";
    credit["CreditInvoiceReference"] = number;
    credit["Booked"] = false;
    credit["Sent"] = false;
    credit["VoucherSeries"] = nullptr;
    credit["VoucherNumber"] = nullptr;
    credit["VoucherYear"] = nullptr;
    credit["ExternalInvoiceReference1"] = "";  // guess: the credit carries no reference of its own
    credit["InvoiceDate"] = today();           // guess: dated when it is made, nothing to pay
    credit["DueDate"] = today();
    credit["AdministrationFee"] = emulator_kit::to_json(-decimal_of(original["AdministrationFee"]));
    credit["Freight"] = emulator_kit::to_json(-decimal_of(original["Freight"]));
    for (auto& row : credit["InvoiceRows"]) {
        // Negative quantities (guess), so every amount turns negative.
        row["DeliveredQuantity"] = (-decimal_of(row["DeliveredQuantity"])).to_string(0);
        row["Discount"] = row["DiscountType"] == "AMOUNT"
                              ? emulator_kit::to_json(-decimal_of(row["Discount"]))
                              : row["Discount"];
    }
    compute_totals(context, credit);
    original["CreditInvoiceReference"] = credit_number;
    context.store.put(context.table("invoices"), credit_number, credit);
    context.store.put(context.table("invoices"), number, original);
    return Reply::json(200, {{"Invoice", shown(context, credit)}});
}

Reply list(Context& context) {
    auto paging = paging_of(context);
    if (auto* problem = std::get_if<Reply>(&paging))
        return *problem;
    static const std::set<std::string> filters = {"cancelled", "fullypaid", "unpaid",
                                                  "unpaidoverdue", "unbooked"};
    const std::string* filter = context.query("filter");
    if (filter && !filters.contains(*filter))
        return context.error(
            400, code::invalid_filter,
            "Ogiltigt filter: " + *filter +
                " (tillåtna: cancelled, fullypaid, unpaid, unpaidoverdue, unbooked).");
    static const std::map<std::string, std::string> search = {
        {"externalinvoicereference1", "ExternalInvoiceReference1"},
        {"externalinvoicereference2", "ExternalInvoiceReference2"},
        {"customernumber", "CustomerNumber"},
        {"documentnumber", "DocumentNumber"},
        {"ocr", "OCR"},
        {"credit", "Credit"},
        {"yourreference", "YourReference"},
        {"ourreference", "OurReference"},
        {"customername", "CustomerName"}};
    const std::string* from = context.query("fromdate");
    const std::string* to = context.query("todate");
    std::string now = today();
    std::vector<std::string> numbers;
    for (const auto& [number, invoice] : context.store.table(context.table("invoices"))) {
        bool booked = invoice["Booked"].get<bool>(), cancelled = invoice["Cancelled"].get<bool>();
        bool paid = decimal_of(invoice["Balance"]).is_zero();
        if (filter) {
            bool keep = *filter == "cancelled"   ? cancelled
                        : *filter == "unbooked"  ? !booked && !cancelled
                        : *filter == "fullypaid" ? booked && !cancelled && paid
                        : *filter == "unpaid"    ? booked && !cancelled && !paid
                                                 : booked && !cancelled && !paid &&
                                                    invoice["DueDate"].get<std::string>() < now;
            if (!keep)
                continue;
        }
        bool matches = true;
        for (const auto& [parameter, field] : search)
            if (const std::string* wanted = context.query(parameter))
                matches &= ilike(text_of(invoice.value(field, json())), *wanted);
        std::string date = invoice["InvoiceDate"];
        if (from && date < *from)
            matches = false;
        if (to && date > *to)
            matches = false;
        if (matches)
            numbers.push_back(number);
    }
    std::sort(numbers.begin(), numbers.end(), natural_less);
    static const char* list_fields[] = {"Balance",
                                        "Booked",
                                        "Cancelled",
                                        "Credit",
                                        "CreditInvoiceReference",
                                        "Currency",
                                        "CustomerName",
                                        "CustomerNumber",
                                        "DocumentNumber",
                                        "DueDate",
                                        "ExternalInvoiceReference1",
                                        "ExternalInvoiceReference2",
                                        "InvoiceDate",
                                        "InvoiceType",
                                        "OCR",
                                        "Sent",
                                        "Total",
                                        "TermsOfPayment",
                                        "VoucherNumber",
                                        "VoucherSeries",
                                        "VoucherYear",
                                        "YourReference",
                                        "FinalPayDate"};
    std::vector<json> items;
    for (const auto& number : numbers) {
        const json& invoice = *context.store.find(context.table("invoices"), number);
        json item = {{"@url", url_of(context, "invoices/" + number)}};
        for (const char* field : list_fields)
            item[field] = invoice.value(field, json());
        items.push_back(std::move(item));
    }
    return list_reply("Invoices", items, std::get<Paging>(paging));
}

}  // namespace

Reply invoice_routes(Context& context) {
    const auto& s = context.target.segments;
    const std::string& method = context.method;
    if (s.size() == 2 && method == "GET")
        return list(context);
    if (s.size() == 2 && method == "POST")
        return create(context);
    if (s.size() == 2)
        return context.error(405, code::not_found,
                             "Metoden " + method + " stöds inte för " + context.target.path + ".");
    if (s.size() > 4)
        return context.error(404, code::not_found, "Resursen finns inte: " + context.target.path);
    const json* found = context.store.find(context.table("invoices"), s[2]);
    if (!found)
        return context.error(404, code::invoice_not_found, "Kan inte hitta faktura " + s[2] + ".");
    json invoice = *found;
    if (s.size() == 3 && method == "GET")
        return Reply::json(200, {{"Invoice", shown(context, invoice)}});
    if (s.size() == 3 && method == "PUT")
        return update(context, std::move(invoice));
    if (s.size() == 4 && method == "PUT") {
        if (s[3] == "bookkeep")
            return bookkeep(context, std::move(invoice));
        if (s[3] == "cancel")
            return cancel(context, std::move(invoice));
        if (s[3] == "credit")
            return credit(context, std::move(invoice));
        if (s[3] == "externalprint") {
            invoice["Sent"] = true;
            context.store.put(context.table("invoices"), s[2], invoice);
            return Reply::json(200, {{"Invoice", shown(context, invoice)}});
        }
        return context.error(404, code::not_found, "Okänd åtgärd: " + s[3] + ".");
    }
    return context.error(405, code::not_found,
                         "Metoden " + method + " stöds inte för " + context.target.path + ".");
}

}  // namespace fortnox_emulator
