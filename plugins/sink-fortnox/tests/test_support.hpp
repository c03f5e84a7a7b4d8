// Documents and settings the sink's tests share: Swedish clinics' invoices with patients and
// companies as buyers, and settings for a sink aimed at one emulator.
#pragma once

#include <filesystem>
#include <string>

#include "ferry/sdk/document.hpp"
#include "ferry/sdk/settings_binding.hpp"
#include "ferry/sdk/testing/settings_builder.hpp"
#include "settings.hpp"

namespace ferry::fortnox::test {

inline constexpr const char* clinic = "5567321707";  // the emulator's default tenant

inline sdk::Decimal dec(const char* text) {
    return sdk::Decimal::parse(text).value();
}

inline sdk::Line line(const std::string& id, const char* quantity, const char* price,
                      const char* net, const char* vat_percent,
                      sdk::VatCategory category = sdk::VatCategory::standard) {
    sdk::Line line;
    line.id = id;
    line.name = "Behandling " + id;
    line.quantity = dec(quantity);
    line.unit_price = dec(price);
    line.net_amount = dec(net);
    line.vat_percent = dec(vat_percent);
    line.vat_category = category;
    return line;
}

// A private patient's invoice: one exempt visit of 850.00.
inline sdk::Document patient_invoice(const std::string& number,
                                     const std::string& company = clinic) {
    sdk::Document document;
    document.key = {company, sdk::DocumentKind::invoice, number};
    document.format = "peppol-bis-3";
    document.issue_date = {2026, 5, 4};
    document.due_date = sdk::Date{2026, 6, 3};
    document.currency = "SEK";
    document.supplier.name = "Kliniken AB";
    document.supplier.registration_number = company;
    document.supplier.registration_scheme = "0007";
    document.customer.name = "Zqpatient Svensson";
    document.customer.cpr = "198001019802";
    document.customer.address = {"Zqgatan", "7", "", "Zqstaden", "11122", "SE"};
    document.lines = {line("1", "1", "850.00", "850.00", "0", sdk::VatCategory::exempt)};
    document.totals.line_total = dec("850.00");
    document.totals.net = dec("850.00");
    document.totals.vat = dec("0.00");
    document.totals.gross = dec("850.00");
    document.totals.payable = dec("850.00");
    return document;
}

// An invoice to a company (organisation number `buyer`) with rows at 25, 12, 6 % and exempt:
// net 1000.00 + 100.00 + 100.00 + 500.00 = 1700.00, VAT 250 + 12 + 6 = 268.00, 1968.00.
inline sdk::Document company_invoice(const std::string& number, const std::string& buyer,
                                     const std::string& company = clinic) {
    sdk::Document document = patient_invoice(number, company);
    document.customer = {};
    document.customer.name = "Försäkringsbolaget AB";
    document.customer.registration_number = buyer;
    document.customer.registration_scheme = "0007";
    document.lines = {line("1", "2", "500.00", "1000.00", "25"),
                      line("2", "1", "100.00", "100.00", "12"),
                      line("3", "4", "25.00", "100.00", "6"),
                      line("4", "1", "500.00", "500.00", "0", sdk::VatCategory::exempt)};
    document.totals.line_total = dec("1700.00");
    document.totals.net = dec("1700.00");
    document.totals.vat = dec("268.00");
    document.totals.gross = dec("1968.00");
    document.totals.payable = dec("1968.00");
    return document;
}

// A credit note crediting `billed` in full, with `original`'s lines and amounts.
inline sdk::Document credit_note(const std::string& number, const sdk::Document& original) {
    sdk::Document document = original;
    document.key = {original.key.company, sdk::DocumentKind::credit_note, number};
    document.references.billed_invoice = original.key.number;
    return document;
}

inline std::string reference_of(const sdk::Document& document) {
    return "ferry:fortnox-test:" + document.key.str();
}

}  // namespace ferry::fortnox::test
