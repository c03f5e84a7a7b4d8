// Documents and ledger records for the checks. Each carries personal data (a patient's name,
// CPR number and address) that must never reach a log, a problem or a ledger.
#pragma once

#include <algorithm>
#include <chrono>
#include <string>
#include <utility>
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

// A private person in a customer register, with every field set.
inline Document sample_customer(const std::string& number,
                                const std::string& company = sample_company) {
    Document document;
    document.key = {company, DocumentKind::customer, number};
    document.issue_date = {2026, 3, 2};
    Customer customer;
    customer.number = number;
    customer.name = "Karen Conformance Customer";
    customer.address = {"Privatvej", "17", "", "Odense", "5000", "DK"};
    customer.email = "karen.conformance@example.dk";
    customer.telephone = "+4512345678";
    customer.contact_person = "Karen Conformance";
    document.customer_record = customer;
    return document;
}

// Why `document`'s content does not fit its kind, or "": an invoice or a credit note carries
// no other kind's content, and every other kind carries its own.
inline std::string kind_content_fault(const Document& document) {
    DocumentKind kind = document.key.kind;
    bool invoice_like = kind == DocumentKind::invoice || kind == DocumentKind::credit_note;
    if (document.customer_record.has_value() != (kind == DocumentKind::customer))
        return "customer_record is set if and only if the kind is customer";
    if (document.accounting_period.has_value() != (kind == DocumentKind::accounting_period))
        return "accounting_period is set if and only if the kind is accounting-period";
    if (!invoice_like && !document.lines.empty())
        return "only invoices and credit notes carry lines";
    return "";
}

// A value that must not reach a plugin's output, and how a failure names it: never by the
// value itself, which a CI log would otherwise keep.
struct Forbidden {
    std::string what;   // "the customer's name"
    std::string value;  // "Zqname1"
};

namespace samples_detail {

// Shorter strings name nobody and would be found by chance in any output.
inline constexpr std::size_t shortest_personal_string = 3;

inline void add(std::vector<Forbidden>& found, const std::string& what, const std::string& value) {
    if (value.size() >= shortest_personal_string)
        found.push_back({what, value});
}

// Every party's name, address and contact person; a private person's (a patient's) CPR number,
// e-mail address and telephone number too. A business's name is no person's, but a log that
// names customers is one careless step from naming private ones: none is kept.
inline void add_party(std::vector<Forbidden>& found, const std::string& role, const Party& party,
                      bool is_person) {
    add(found, role + "'s name", party.name);
    add(found, role + "'s street", party.address.street);
    add(found, role + "'s street", party.address.additional_street);
    add(found, role + "'s city", party.address.city);
    add(found, role + "'s contact name", party.contact_name);
    if (!is_person)
        return;
    add(found, role + "'s CPR number", party.cpr);
    if (party.cpr.size() == 10)
        add(found, role + "'s CPR number", party.cpr.substr(0, 6) + "-" + party.cpr.substr(6));
    add(found, role + "'s e-mail address", party.email);
    add(found, role + "'s telephone number", party.telephone);
}

}  // namespace samples_detail

// What of `document` must not appear in output: its parties' names, addresses and contact
// persons, and the CPR numbers (also written 6-4), e-mail addresses and telephone numbers of the
// private persons among them (the patient too); a customer record's name, address, contact
// person, e-mail address and telephone number; every posted entry's text.
inline std::vector<Forbidden> personal_data(const Document& document) {
    std::vector<Forbidden> found;
    samples_detail::add_party(found, "the supplier", document.supplier,
                              document.supplier.is_private_person());
    samples_detail::add_party(found, "the customer", document.customer,
                              document.customer.is_private_person());
    if (document.patient)
        samples_detail::add_party(found, "the patient", *document.patient, true);
    if (const auto& customer = document.customer_record) {
        samples_detail::add(found, "the customer record's name", customer->name);
        samples_detail::add(found, "the customer record's street", customer->address.street);
        samples_detail::add(found, "the customer record's city", customer->address.city);
        samples_detail::add(found, "the customer record's contact person",
                            customer->contact_person);
        samples_detail::add(found, "the customer record's e-mail address", customer->email);
        samples_detail::add(found, "the customer record's telephone number", customer->telephone);
    }
    if (document.accounting_period)
        for (const PostedEntry& entry : document.accounting_period->entries)
            samples_detail::add(found, "a posted entry's text", entry.text);
    return found;
}

// `document` with its personal strings replaced by markers no output holds by chance
// ("Zqcustomername1", "zqcustomermail1@example.invalid", CPR 311299-7001, ...), and those
// markers. The customer and the patient get markers for their streets, city, contact, e-mail
// and telephone, and for the name and CPR number they have; the supplier, a business, for its
// contact. Each marker carries n, so two documents share none.
inline std::pair<Document, std::vector<Forbidden>> with_personal_markers(Document document, int n) {
    std::vector<Forbidden> markers;
    std::string tag = std::to_string(n);
    auto mark = [&](std::string& field, const std::string& what, std::string marker) {
        field = marker;
        markers.push_back({what, std::move(marker)});
    };
    auto mark_person = [&](Party& party, const std::string& role, const std::string& prefix) {
        // A name or CPR number where there was none would change who the party is.
        if (!party.name.empty())
            mark(party.name, role + "'s name", "Zq" + prefix + "name" + tag);
        if (!party.cpr.empty()) {
            std::string cpr = "311299" + std::string(prefix == "patient" ? "8" : "7") +
                              std::string(3 - std::min<std::size_t>(3, tag.size()), '0') + tag;
            mark(party.cpr, role + "'s CPR number", cpr);
            markers.push_back({role + "'s CPR number", cpr.substr(0, 6) + "-" + cpr.substr(6)});
        }
        mark(party.address.street, role + "'s street", "Zq" + prefix + "street" + tag);
        mark(party.address.additional_street, role + "'s street", "Zq" + prefix + "building" + tag);
        mark(party.address.city, role + "'s city", "Zq" + prefix + "city" + tag);
        mark(party.contact_name, role + "'s contact name", "Zq" + prefix + "contact" + tag);
        mark(party.email, role + "'s e-mail address",
             "zq" + prefix + "mail" + tag + "@example.invalid");
        std::string telephone = "73" + std::string(prefix == "patient" ? "92" : "91") +
                                std::string(4 - std::min<std::size_t>(4, tag.size()), '0') + tag;
        mark(party.telephone, role + "'s telephone number", "+45" + telephone);
        markers.push_back({role + "'s telephone number", telephone});
    };
    mark_person(document.customer, "the customer", "customer");
    if (document.patient)
        mark_person(*document.patient, "the patient", "patient");
    mark(document.supplier.contact_name, "the supplier's contact name", "Zqsuppliercontact" + tag);
    return {std::move(document), std::move(markers)};
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
    record.history = {{created, State::seen, "listed", ""},
                      {created + seconds(10), State::intent, "delivering", ""},
                      {created + seconds(30), state, "target draft 148", "target.draft"}};
    return record;
}

}  // namespace ferry::sdk::testing
