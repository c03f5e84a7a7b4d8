// What a request's invoice becomes when stored: its writable fields, its rows in canonical form
// with Fortnox's defaults, and the totals Fortnox computes itself (reference §8).
#include "invoice_fields.hpp"

#include <ferry/sdk/date.hpp>

#include <algorithm>
#include <map>

namespace fortnox_emulator {

namespace {

const char* vat_code(int vat) {
    switch (vat) {
        case 25:
            return "MP1";
        case 12:
            return "MP2";
        case 6:
            return "MP3";
        default:
            return "MF";  // guess: VAT-exempt sales
    }
}

}  // namespace

const std::set<std::string> invoice_writable = {"CustomerNumber",
                                                "InvoiceDate",
                                                "DueDate",
                                                "Currency",
                                                "CurrencyRate",
                                                "CurrencyUnit",
                                                "VATIncluded",
                                                "ExternalInvoiceReference1",
                                                "ExternalInvoiceReference2",
                                                "YourReference",
                                                "OurReference",
                                                "Remarks",
                                                "InvoiceRows",
                                                "DocumentNumber",
                                                "TermsOfPayment",
                                                "InvoiceType",
                                                "Language",
                                                "AdministrationFee",
                                                "Freight",
                                                "YourOrderNumber",
                                                "Comments",
                                                "CustomerName",
                                                "Address1",
                                                "Address2",
                                                "ZipCode",
                                                "City",
                                                "Country",
                                                "DeliveryDate",
                                                "CostCenter",
                                                "Project",
                                                "NotCompleted",
                                                "OCR",
                                                "PriceList",
                                                "WayOfDelivery",
                                                "TermsOfDelivery",
                                                "EUQuarterlyReport",
                                                "DeliveryAddress1",
                                                "DeliveryAddress2",
                                                "DeliveryZipCode",
                                                "DeliveryCity",
                                                "DeliveryCountry",
                                                "DeliveryName",
                                                "Phone1",
                                                "Phone2",
                                                "EmailInformation",
                                                "PrintTemplate"};
const std::set<std::string> invoice_read_only = {"@url",
                                                 "@urlTaxReductionList",
                                                 "Net",
                                                 "TotalVAT",
                                                 "RoundOff",
                                                 "Total",
                                                 "TotalToPay",
                                                 "Balance",
                                                 "Booked",
                                                 "Cancelled",
                                                 "Credit",
                                                 "CreditInvoiceReference",
                                                 "VoucherSeries",
                                                 "VoucherNumber",
                                                 "VoucherYear",
                                                 "Sent",
                                                 "FinalPayDate",
                                                 "OrganisationNumber",
                                                 "AdministrationFeeVAT",
                                                 "FreightVAT",
                                                 "Gross",
                                                 "BasisTaxReduction",
                                                 "TaxReduction",
                                                 "ContractReference",
                                                 "OrderReference",
                                                 "OfferReference",
                                                 "LastRemindDate",
                                                 "Reminders",
                                                 "NoxFinans",
                                                 "ContributionPercent",
                                                 "ContributionValue",
                                                 "VATType",
                                                 "HouseWork",
                                                 "LabelsTotal",
                                                 "InvoicePeriodStart",
                                                 "InvoicePeriodEnd",
                                                 "InvoicePeriodReference",
                                                 "WarehouseReady",
                                                 "IsPrivateCustomer"};
const std::set<std::string> row_writable = {
    "ArticleNumber", "Description", "DeliveredQuantity", "Price",         "VAT",
    "AccountNumber", "Unit",        "Discount",          "DiscountType",  "CostCenter",
    "Project",       "RowId",       "HouseWork",         "HouseWorkType", "HouseWorkHoursToReport",
    "StockPointCode"};
const std::set<std::string> row_read_only = {"Total",
                                             "PriceExcludingVAT",
                                             "TotalExcludingVAT",
                                             "VATCode",
                                             "ContributionPercent",
                                             "ContributionValue",
                                             "CostPrice",
                                             "ArticleId"};
// Header fields stored as text, numbers in the request turned into their text.
const std::vector<std::string> invoice_text_fields = {"ExternalInvoiceReference1",
                                                      "ExternalInvoiceReference2",
                                                      "YourReference",
                                                      "OurReference",
                                                      "Remarks",
                                                      "YourOrderNumber",
                                                      "Comments",
                                                      "Language",
                                                      "CostCenter",
                                                      "Project",
                                                      "PriceList",
                                                      "WayOfDelivery",
                                                      "TermsOfDelivery",
                                                      "CustomerName",
                                                      "Address1",
                                                      "Address2",
                                                      "ZipCode",
                                                      "City",
                                                      "Country",
                                                      "DeliveryAddress1",
                                                      "DeliveryAddress2",
                                                      "DeliveryZipCode",
                                                      "DeliveryCity",
                                                      "DeliveryCountry",
                                                      "DeliveryName",
                                                      "Phone1",
                                                      "Phone2",
                                                      "OCR",
                                                      "PrintTemplate"};

Decimal decimal_of(const json& value) {
    if (value.is_string())
        return Decimal::parse(value.get<std::string>()).value_or(Decimal{});
    return emulator_kit::decimal_of(value);
}

namespace {

Decimal round2(Decimal value) {
    return value.rounded(2);
}

}  // namespace

std::string luhn_ocr(const std::string& number) {
    int sum = 0;
    bool twice = true;
    for (auto it = number.rbegin(); it != number.rend(); ++it, twice = !twice) {
        int digit = *it - '0';
        if (twice)
            digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
        sum += digit;
    }
    return number + std::to_string((10 - sum % 10) % 10);
}

namespace {

bool valid_date(const json& value) {
    return value.is_string() && value.get<std::string>().size() == 10 &&
           ferry::sdk::Date::parse(value.get<std::string>());
}

std::string plus_days(const std::string& date, int days) {
    auto parsed = ferry::sdk::Date::parse(date).value();
    return ferry::sdk::Date::from_sys_days(parsed.sys_days() + std::chrono::days(days)).to_string();
}

}  // namespace

// Row amounts and invoice totals from the rows' quantity, price, discount and VAT; the rows hold
// canonical values (see canonical_row). Fortnox ignores whatever totals the client sends.
void compute_totals(const Context& context, json& invoice) {
    bool vat_included = invoice.value("VATIncluded", false);
    bool per_row = context.settings.vat_rounding == VatRounding::row;
    Decimal net, vat_rounded, vat_exact, hundred = Decimal::from_int(100);
    for (auto& row : invoice["InvoiceRows"]) {
        Decimal quantity = decimal_of(row["DeliveredQuantity"]);
        Decimal price = decimal_of(row["Price"]);
        Decimal discount = decimal_of(row["Discount"]);
        Decimal rate = Decimal::from_int(row["VAT"].get<int>());
        Decimal total = round2(quantity * price);
        if (row["DiscountType"] == "PERCENT")
            total = total - round2(total * discount / hundred);
        else
            total = total - discount;
        Decimal excluding = vat_included ? round2(total * hundred / (hundred + rate)) : total;
        Decimal vat = vat_included ? total - excluding : excluding * rate / hundred;
        row["Total"] = emulator_kit::to_json(total);
        row["TotalExcludingVAT"] = emulator_kit::to_json(excluding);
        row["PriceExcludingVAT"] = emulator_kit::to_json(
            vat_included ? round2(price * hundred / (hundred + rate)) : price);
        row["VATCode"] = vat_code(row["VAT"].get<int>());
        net += excluding;
        vat_rounded += round2(vat);
        vat_exact += vat;
    }
    // Fees carry 25 % VAT (the live example [AC-FULL]: 100 @25 % + fee 50 + freight 25 → 43.75).
    Decimal fee = decimal_of(invoice["AdministrationFee"]);
    Decimal freight = decimal_of(invoice["Freight"]);
    Decimal quarter = Decimal::from_int(25) / hundred;
    Decimal fee_vat = round2(fee * quarter), freight_vat = round2(freight * quarter);
    Decimal total_vat = per_row ? vat_rounded + fee_vat + freight_vat
                                : round2(vat_exact + (fee + freight) * quarter);
    Decimal gross = net + fee + freight + total_vat;
    Decimal total = gross;
    if (invoice["Currency"] == "SEK" && context.settings.round_off == RoundOff::whole_krona)
        total = gross.rounded(0);  // half away from zero: .50 up (guess)
    invoice["Net"] = emulator_kit::to_json(net);
    invoice["AdministrationFeeVAT"] = emulator_kit::to_json(fee_vat);
    invoice["FreightVAT"] = emulator_kit::to_json(freight_vat);
    invoice["TotalVAT"] = emulator_kit::to_json(total_vat);
    invoice["Gross"] = emulator_kit::to_json(gross);
    invoice["RoundOff"] = emulator_kit::to_json(total - gross);
    invoice["Total"] = emulator_kit::to_json(total);
    invoice["TotalToPay"] = invoice["Total"];
    invoice["Balance"] = invoice["Total"];  // nothing is paid in the emulator
}

namespace {

// Checks one request row and turns it into the stored form: quantity as a string, amounts as
// numbers rounded to 2 decimals [AC-RND], defaults from the article or Fortnox's settings.
std::variant<json, Reply> canonical_row(const Context& context,
                                        const emulator_kit::ParsedBody& body, const std::string& at,
                                        json row, int row_id) {
    if (auto problem = check_fields(context, row, row_writable, row_read_only))
        return *problem;
    std::string where = " (rad " + std::to_string(row_id) + ")";
    const json* article = nullptr;
    std::string article_number = text_of(row.value("ArticleNumber", json()));
    if (!article_number.empty()) {
        article = context.store.find(context.table("articles"), article_number);
        if (!article)
            return context.error(400, code::article_not_found,
                                 "Kan inte hitta artikeln " + article_number + where + ".");
    }
    bool invalid = false;
    auto quantity = decimal_field(body, at + "/DeliveredQuantity", invalid);
    auto price = decimal_field(body, at + "/Price", invalid);
    auto discount = decimal_field(body, at + "/Discount", invalid);
    auto vat = decimal_field(body, at + "/VAT", invalid);
    auto account = decimal_field(body, at + "/AccountNumber", invalid);
    if (invalid)
        return context.error(400, code::invalid_value,
                             "Ett talfält på fakturaraden är inte ett tal" + where + ".");
    json out;
    out["RowId"] = row_id;
    out["ArticleNumber"] = article_number;
    std::string description = text_of(row.value("Description", json()));
    if (description.empty() && article)
        description = text_of(article->value("Description", json()));
    out["Description"] = description.substr(0, 255);  // longer text is cut silently [EKO]
    out["DeliveredQuantity"] = round2(quantity.value_or(Decimal{})).to_string(0);
    Decimal default_price = article ? decimal_of(article->value("SalesPrice", json(0))) : Decimal{};
    out["Price"] = emulator_kit::to_json(round2(price.value_or(default_price)));
    out["Discount"] = emulator_kit::to_json(round2(discount.value_or(Decimal{})));
    std::string discount_type = text_of(row.value("DiscountType", json("AMOUNT")));
    if (discount_type != "AMOUNT" && discount_type != "PERCENT")
        return context.error(400, code::invalid_value,
                             "Ogiltigt värde för DiscountType: " + discount_type + where + ".");
    out["DiscountType"] = discount_type;
    Decimal default_vat =
        article ? decimal_of(article->value("VAT", json(25))) : Decimal::from_int(25);
    Decimal rate = vat.value_or(default_vat);
    if (rate != Decimal::from_int(25) && rate != Decimal::from_int(12) &&
        rate != Decimal::from_int(6) && rate != Decimal{})
        return context.error(
            400, code::invalid_value,
            "Ogiltig momssats " + rate.to_string(0) + where + ": tillåtna är 25, 12, 6 och 0.");
    out["VAT"] = rate.units() / Decimal::one;
    Decimal default_account =
        article ? decimal_of(article->value("SalesAccount", json(3001))) : Decimal::from_int(3001);
    Decimal number = account.value_or(default_account);
    if (number.decimals() != 0 || !account_exists(context, number.units() / Decimal::one))
        return context.error(
            400, code::account_not_found,
            "Kontot " + number.to_string(0) + " finns inte i kontoplanen" + where + ".");
    out["AccountNumber"] = number.units() / Decimal::one;
    std::string unit = text_of(row.value("Unit", json()));
    if (unit.empty() && article)
        unit = text_of(article->value("Unit", json()));
    out["Unit"] = unit;
    for (const char* field : {"CostCenter", "Project"})
        out[field] = text_of(row.value(field, json()));
    return out;
}

}  // namespace

// The header fields of a request into `invoice` (creating: all defaults applied).
std::optional<Reply> apply_header(const Context& context, const json& request, json& invoice,
                                  const emulator_kit::ParsedBody& body, bool creating) {
    for (const auto& [name, value] : request.items()) {
        if (name == "InvoiceRows" || name == "DocumentNumber")
            continue;
        if (value.is_object() || (value.is_array()))
            return context.error(400, code::invalid_value,
                                 "Ogiltigt värde för " + name + ": förväntade ett enkelt värde.");
    }
    for (const auto& field : invoice_text_fields)
        if (request.contains(field))
            invoice[field] = text_of(request[field]);
    if (request.contains("CustomerNumber") || creating) {
        std::string number = text_of(request.value("CustomerNumber", json()));
        if (number.empty())
            return context.error(400, code::required_missing,
                                 "Fakturan måste ha ett kundnummer (CustomerNumber).");
        const json* customer = context.store.find(context.table("customers"), number);
        if (!customer)
            return context.error(400, code::customer_not_found,
                                 "Kan inte hitta kunden " + number + ".");
        invoice["CustomerNumber"] = number;
        for (const char* field : {"Address1", "Address2", "ZipCode", "City", "Phone1", "Phone2"})
            if (!request.contains(field))
                invoice[field] = customer->value(field, "");
        if (!request.contains("CustomerName"))
            invoice["CustomerName"] = customer->value("Name", "");
        invoice["OrganisationNumber"] = customer->value("OrganisationNumber", "");
        if (!request.contains("Country"))
            invoice["Country"] = customer->value("Country", "Sverige");
        if (creating) {
            invoice["Currency"] = customer->value("Currency", "SEK");
            std::string terms = customer->value("TermsOfPayment", "");
            invoice["TermsOfPayment"] = valid_terms(terms) ? terms : "30";
            if (!request.contains("YourReference"))
                invoice["YourReference"] = customer->value("YourReference", "");
            if (!request.contains("OurReference"))
                invoice["OurReference"] = customer->value("OurReference", "");
        }
    }
    if (request.contains("Currency")) {
        std::string currency = text_of(request["Currency"]);
        if (currency.size() != 3 || !std::all_of(currency.begin(), currency.end(),
                                                 [](char c) { return c >= 'A' && c <= 'Z'; }))
            return context.error(400, code::invalid_value, "Ogiltig valuta: " + currency + ".");
        invoice["Currency"] = currency;
    }
    if (request.contains("VATIncluded")) {
        if (!request["VATIncluded"].is_boolean())
            return context.error(400, code::invalid_value,
                                 "VATIncluded ska vara true eller false.");
        invoice["VATIncluded"] = request["VATIncluded"];
    }
    if (request.contains("TermsOfPayment")) {
        std::string terms = text_of(request["TermsOfPayment"]);
        if (!valid_terms(terms))
            return context.error(400, code::invalid_value,
                                 "Ogiltiga betalningsvillkor: " + terms + " (antal dagar).");
        invoice["TermsOfPayment"] = terms;
    }
    for (const char* field : {"InvoiceDate", "DueDate", "DeliveryDate"})
        if (request.contains(field)) {
            if (!valid_date(request[field]))
                return context.error(
                    400, code::invalid_value,
                    std::string("Ogiltigt datum i ") + field + ": skriv YYYY-MM-DD.");
            invoice[field] = request[field];
        }
    if (creating) {
        invoice.emplace("InvoiceDate", today());
        invoice.emplace("VATIncluded", false);
        invoice.emplace("InvoiceType", "INVOICE");
    }
    if (!request.contains("DueDate") &&
        (creating || request.contains("InvoiceDate") || request.contains("TermsOfPayment")))
        invoice["DueDate"] = plus_days(invoice["InvoiceDate"].get<std::string>(),
                                       std::stoi(invoice["TermsOfPayment"].get<std::string>()));
    bool invalid = false;
    for (const char* field : {"AdministrationFee", "Freight"}) {
        auto amount = decimal_field(body, std::string("/Invoice/") + field, invalid);
        if (amount)
            invoice[field] = emulator_kit::to_json(round2(*amount));
        else if (creating)
            invoice[field] = 0;
    }
    if (invalid)
        return context.error(400, code::invalid_value,
                             "AdministrationFee och Freight ska vara tal.");
    return std::nullopt;
}

std::string next_document_number(const Context& context) {
    long long highest = 0;
    for (const auto& [number, invoice] : context.store.table(context.table("invoices")))
        highest = std::max(highest, std::stoll(number));
    return std::to_string(highest + 1);
}

json shown(const Context& context, const json& invoice) {
    json out = invoice;
    out["@url"] = url_of(context, "invoices/" + invoice["DocumentNumber"].get<std::string>());
    return out;
}

std::optional<Reply> apply_rows(const Context& context, const json& request, json& invoice,
                                const emulator_kit::ParsedBody& body) {
    if (!request.contains("InvoiceRows"))
        return std::nullopt;
    if (!request["InvoiceRows"].is_array())
        return context.error(400, code::invalid_value, "InvoiceRows ska vara en lista av rader.");
    const json& rows = request["InvoiceRows"];
    bool all_have_ids = !rows.empty() && std::all_of(rows.begin(), rows.end(), [](const json& r) {
        return r.is_object() && r.contains("RowId");
    });
    json result = all_have_ids ? invoice["InvoiceRows"] : json::array();
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (!rows[i].is_object())
            return context.error(400, code::invalid_value, "En fakturarad ska vara ett objekt.");
        std::string at = "/Invoice/InvoiceRows/" + std::to_string(i);
        if (all_have_ids) {
            // Rows with RowId change those rows; their other fields stay as they were (guess).
            int id = std::atoi(text_of(rows[i]["RowId"]).c_str());
            auto existing = std::find_if(result.begin(), result.end(),
                                         [&](const json& r) { return r["RowId"] == id; });
            if (existing == result.end())
                return context.error(
                    400, code::invalid_value,
                    "Fakturan har ingen rad med RowId " + std::to_string(id) + ".");
            json merged = *existing;
            for (const char* computed :
                 {"Total", "TotalExcludingVAT", "PriceExcludingVAT", "VATCode"})
                merged.erase(computed);
            for (const auto& [name, value] : rows[i].items())
                merged[name] = value;
            // The merged row's numbers are re-read from the stored/request values.
            emulator_kit::ParsedBody single;
            single.value = {{"row", merged}};
            for (const auto& [pointer, text] : body.number_text)
                if (pointer.starts_with(at + "/"))
                    single.number_text["/row" + pointer.substr(at.size())] = text;
            auto row = canonical_row(context, single, "/row", merged, id);
            if (auto* problem = std::get_if<Reply>(&row))
                return *problem;
            *existing = std::get<json>(row);
        } else {
            auto row = canonical_row(context, body, at, rows[i], static_cast<int>(i) + 1);
            if (auto* problem = std::get_if<Reply>(&row))
                return *problem;
            result.push_back(std::get<json>(row));
        }
    }
    invoice["InvoiceRows"] = result;
    return std::nullopt;
}

}  // namespace fortnox_emulator
