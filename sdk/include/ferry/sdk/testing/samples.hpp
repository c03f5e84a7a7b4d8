// Documents and ledger records for the checks. Each carries personal data (a patient's name,
// CPR number and address) that must never reach a log, a problem or a ledger.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "ferry/sdk/document.hpp"
#include "ferry/sdk/store.hpp"

namespace ferry::sdk::testing {

inline constexpr const char* sample_company = "12345678";

// A clinic's invoice to a private person: one consultation, 25 % VAT, 250.00 in all.
inline Document sample_invoice(const std::string& number,
                               const std::string& company = sample_company) {
    auto money = [](const char* text) { return Decimal::parse(text).value(); };
    Document document;
    document.key = {company, DocumentKind::invoice, number};
    document.format = "conformance";
    document.issue_date = {2026, 3, 2};
    document.due_date = Date{2026, 3, 16};
    document.currency = "DKK";
    document.supplier.name = "Conformance Clinic ApS";
    document.supplier.cvr = company;
    document.supplier.address = {"Klinikvej", "1", "", "Nyborg", "5800", "DK"};
    document.customer.name = "Karen Conformance Patient";
    document.customer.cpr = "0101704321";
    document.customer.address = {"Privatvej", "17", "", "Odense", "5000", "DK"};
    Line line;
    line.id = "1";
    line.item_id = "KONS";
    line.name = "Consultation";
    line.quantity = money("2");
    line.unit_code = "EA";
    line.unit_price = money("100.00");
    line.net_amount = money("200.00");
    line.vat_percent = money("25");
    document.lines = {line};
    document.vat_subtotals = {
        {VatCategory::standard, "StandardRated", money("25"), money("200.00"), money("50.00")}};
    document.totals.line_total = money("200.00");
    document.totals.net = money("200.00");
    document.totals.vat = money("50.00");
    document.totals.gross = money("250.00");
    document.totals.payable = money("250.00");
    return document;
}

// What of `document` is personal data: must not appear in output.
inline std::vector<std::string> personal_data(const Document& document) {
    std::vector<std::string> found;
    for (const Party* party : {&document.customer, &document.supplier}) {
        if (!party->is_private_person())
            continue;
        for (const std::string* text :
             {&party->name, &party->cpr, &party->address.street, &party->email})
            if (!text->empty())
                found.push_back(*text);
    }
    if (document.patient)
        for (const std::string* text : {&document.patient->name, &document.patient->cpr})
            if (!text->empty())
                found.push_back(*text);
    return found;
}

// A ledger record with every field set; times in whole seconds, which any store can keep.
inline LedgerRecord sample_record(const std::string& number, State state = State::delivered) {
    using std::chrono::seconds;
    TimePoint created{seconds(1'780'000'000)};
    LedgerRecord record;
    record.key = {sample_company, DocumentKind::invoice, number};
    record.state = state;
    record.attempts = 2;
    record.error_code = "target.busy";
    record.error_text = "the target answered 503; retried";
    record.next_attempt = created + seconds(600);
    record.fingerprint = "4711-1780000000";
    record.date = Date{2026, 3, 2};
    record.target = {{"draft", "148"}, {"booked", "2026" + number}};
    record.net = Decimal::parse("200.00");
    record.vat = Decimal::parse("50.00");
    record.gross = Decimal::parse("250.00");
    record.created = created;
    record.updated = created + seconds(30);
    record.history = {{created, State::seen, "listed"},
                      {created + seconds(10), State::intent, "delivering"},
                      {created + seconds(30), state, "target draft 148"}};
    return record;
}

}  // namespace ferry::sdk::testing
