// Accounting periods for sink-postgres's tests: a clinic's March with a sale split over two
// departments, its VAT and the debtor, and an entry text naming a patient.
#pragma once

#include <ferry/sdk/sdk.hpp>
#include <string>

namespace ferry::postgres::testing {

inline sdk::Decimal money(const char* text) {
    return sdk::Decimal::parse(text).value();
}

inline sdk::PostedEntry entry(const std::string& number, const std::string& account,
                              const char* amount, const std::string& department = {},
                              const std::string& text = {}) {
    sdk::PostedEntry e;
    e.number = number;
    e.account = account;
    e.date = {2026, 3, 2};
    e.amount = money(amount);
    e.currency = "DKK";
    e.amount_in_currency = money(amount);
    e.voucher_number = "2026123";
    e.text = text;
    if (!department.empty())
        e.dimensions.push_back({"department", department, ""});
    return e;
}

// Period `number` of `year` for `company`: a 1,000.00 sale split 600/400 over departments 1
// and 2, its VAT and the debtor: the entries sum to zero.
inline sdk::Document period_document(int number, const std::string& company = "12345678",
                                     int year = 2026) {
    sdk::Document document;
    document.key = {
        company, sdk::DocumentKind::accounting_period,
        std::to_string(year) + "-" + std::string(number < 10 ? "0" : "") + std::to_string(number)};
    document.issue_date = {year, number, 28};
    sdk::AccountingPeriod period;
    period.year = {std::to_string(year), {year, 1, 1}, {year, 12, 31}, false};
    period.number = number;
    period.from = {year, number, 1};
    period.to = {year, number, 28};
    period.base_currency = "DKK";
    period.accounts = {{"1010", "Salg af ydelser", sdk::AccountType::profit_and_loss, false},
                       {"5600", "Debitorer", sdk::AccountType::balance_sheet, false},
                       {"6902", "Udgående moms", sdk::AccountType::balance_sheet, false}};
    period.dimension_values = {{"department", "1", "Klinik Nord"},
                               {"department", "2", "Klinik Syd"}};
    std::string n = std::to_string(number * 100);
    period.entries = {entry(n + "1", "5600", "1250.00", {}, "Faktura Karen Hansen"),
                      entry(n + "2", "1010", "-600.00", "1"),
                      entry(n + "2", "1010", "-400.00", "2"), entry(n + "3", "6902", "-250.00")};
    for (auto& e : period.entries)
        e.date = {year, number, 2};
    document.accounting_period = period;
    return document;
}

}  // namespace ferry::postgres::testing
