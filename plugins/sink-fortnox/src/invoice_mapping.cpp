#include "invoice_mapping.hpp"

#include "amounts.hpp"

namespace ferry::fortnox {

using sdk::Decimal;

namespace {

Decimal money(const char* text) {
    return Decimal::parse(text).value();
}

struct RowTax {
    std::int64_t account;
    int vat;
};

// The account and Fortnox VAT rate of a row, or why it has none.
sdk::Result<RowTax> row_tax(sdk::VatCategory category, Decimal percent, const Accounts& accounts,
                            const std::string& where) {
    switch (category) {
        case sdk::VatCategory::exempt:
        case sdk::VatCategory::zero:
        case sdk::VatCategory::outside_scope:
            if (!percent.is_zero())
                break;
            return RowTax{accounts.exempt, 0};
        case sdk::VatCategory::standard:
            if (percent == money("25"))
                return RowTax{accounts.vat_25, 25};
            if (percent == money("12"))
                return RowTax{accounts.vat_12, 12};
            if (percent == money("6"))
                return RowTax{accounts.vat_6, 6};
            break;
        default:
            break;
    }
    return sdk::Problem{"fortnox.vat.unsupported",
                        where + " has VAT category " + std::string(sdk::to_string(category)) +
                            " at " + percent.to_string(0) +
                            " %; Fortnox rows take 25, 12 or 6 % or exempt (0 %); book it by "
                            "hand and `ferry skip` the document, or correct it at the source"};
}

nlohmann::json row(const std::string& description, const std::string& quantity, Decimal price,
                   const RowTax& tax) {
    return {{"Description", cut_utf8(description, 255)},
            {"DeliveredQuantity", quantity},
            {"Price", json_amount(price)},
            {"VAT", tax.vat},
            {"AccountNumber", tax.account}};
}

}  // namespace

std::string cut_utf8(const std::string& text, std::size_t bytes) {
    if (text.size() <= bytes)
        return text;
    std::size_t end = bytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        --end;
    return text.substr(0, end);
}

sdk::Result<nlohmann::json> invoice_rows(const sdk::Document& document, const Accounts& accounts,
                                         bool negative) {
    nlohmann::json rows = nlohmann::json::array();
    const std::string name = "document " + document.key.str();
    for (std::size_t i = 0; i < document.lines.size(); ++i) {
        const sdk::Line& line = document.lines[i];
        const std::string where =
            name + " line " + (line.id.empty() ? std::to_string(i + 1) : line.id);
        auto tax = row_tax(line.vat_category, line.vat_percent, accounts, where);
        if (!tax)
            return tax.problem();
        std::string description = !line.name.empty()          ? line.name
                                  : !line.description.empty() ? line.description
                                                              : line.item_id;
        Decimal net = negative ? -line.net_amount : line.net_amount;
        Decimal price = negative ? -line.unit_price : line.unit_price;
        // Quantity × price is the row when it gives the line's amount to the öre; otherwise
        // (an allowance on the line, a price in fractions of an öre) one row of the amount.
        if (!line.quantity.is_zero() && price.decimals() <= 2 &&
            (line.quantity * price).rounded(2) == net)
            rows.push_back(row(description, line.quantity.to_string(0), price, tax.value()));
        else
            rows.push_back(row(description + " (" + line.quantity.to_string(0) + " × " +
                                   line.unit_price.to_string() + ")",
                               "1", net, tax.value()));
    }
    for (const sdk::AllowanceCharge& item : document.allowance_charges) {
        auto tax = row_tax(item.vat_category, item.vat_percent, accounts,
                           name + (item.is_charge ? " charge" : " allowance"));
        if (!tax)
            return tax.problem();
        Decimal amount = item.is_charge ? item.amount : -item.amount;
        rows.push_back(
            row(item.reason.empty() ? (item.is_charge ? "Avgift" : "Rabatt") : item.reason, "1",
                negative ? -amount : amount, tax.value()));
    }
    if (rows.empty())
        return sdk::Problem{"fortnox.document.empty",
                            name + " has no lines; Fortnox needs at least one row"};
    return rows;
}

sdk::Result<nlohmann::json> invoice_body(const sdk::Document& document, const Accounts& accounts,
                                         const std::string& customer_number,
                                         const std::string& reference, bool negative) {
    auto rows = invoice_rows(document, accounts, negative);
    if (!rows)
        return rows.problem();
    nlohmann::json invoice = {
        {"CustomerNumber", customer_number},
        {"InvoiceDate", document.issue_date.to_string()},
        {"Currency", document.currency.empty() ? "SEK" : document.currency},
        {"VATIncluded", false},
        {"ExternalInvoiceReference1", reference},
        {"Remarks",
         cut_utf8((negative ? "Kreditnota " : "Faktura ") + document.key.number +
                      (document.references.billed_invoice.empty()
                           ? ""
                           : " (krediterar faktura " + document.references.billed_invoice + ")"),
                  1024)},
        {"InvoiceRows", rows.value()}};
    if (document.due_date && !negative)
        invoice["DueDate"] = document.due_date->to_string();
    if (!document.customer.contact_reference.empty())
        invoice["YourReference"] = cut_utf8(document.customer.contact_reference, 50);
    return nlohmann::json{{"Invoice", invoice}};
}

ExpectedTotals expected_totals(const sdk::Document& document) {
    return {document.totals.net, document.totals.vat, document.totals.gross};
}

std::optional<std::string> totals_mismatch(const ExpectedTotals& expected,
                                           const nlohmann::json& invoice) {
    std::string differences;
    auto compare = [&](const char* field, Decimal want, const char* document_name) {
        auto have = amount_at(invoice, field);
        if (have && have->abs() == want.abs())
            return;
        differences += std::string(differences.empty() ? "" : ", ") + "Fortnox's " + field + " " +
                       (have ? have->to_string() : std::string("(none)")) + " against the " +
                       document_name + " " + want.to_string();
    };
    compare("Net", expected.net, "document's net");
    compare("TotalVAT", expected.vat, "document's VAT");
    compare("Total", expected.total, "document's gross");
    if (differences.empty())
        return std::nullopt;
    auto round_off = amount_at(invoice, "RoundOff");
    return differences + (round_off ? " (Fortnox's RoundOff " + round_off->to_string() + ")" : "");
}

}  // namespace ferry::fortnox
