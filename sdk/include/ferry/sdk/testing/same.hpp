// Field-by-field comparison of the SDK's value types, for the checks that a value survived a
// round trip (read twice, saved and found). Fields added to the SDK must be added here.
#pragma once

#include <algorithm>
#include <optional>
#include <tuple>
#include <vector>

#include "ferry/sdk/document.hpp"
#include "ferry/sdk/store.hpp"

namespace ferry::sdk::testing {

inline auto fields(const Address& a) {
    return std::tie(a.street, a.building_number, a.additional_street, a.city, a.postal_zone,
                    a.country_code);
}
inline auto fields(const Party& p) {
    return std::tuple_cat(std::tie(p.name, p.cvr, p.ean, p.cpr, p.vat_number), fields(p.address),
                          std::tie(p.contact_reference, p.contact_name, p.email, p.telephone));
}
inline auto fields(const Line& l) {
    return std::tie(l.id, l.item_id, l.name, l.description, l.quantity, l.unit_code, l.unit_price,
                    l.allowance, l.net_amount, l.vat_category, l.vat_percent, l.free_of_charge);
}
inline auto fields(const AllowanceCharge& a) {
    return std::tie(a.is_charge, a.amount, a.reason, a.vat_category, a.vat_percent);
}
inline auto fields(const VatSubtotal& v) {
    return std::tie(v.category, v.category_code, v.percent, v.taxable_amount, v.tax_amount);
}
inline auto fields(const Totals& t) {
    return std::tie(t.line_total, t.allowance_total, t.charge_total, t.net, t.vat, t.gross,
                    t.prepaid, t.rounding, t.payable);
}
inline auto fields(const PaymentMeans& p) {
    return std::tie(p.code, p.channel, p.due_date, p.payment_id, p.instruction_id,
                    p.creditor_account, p.account, p.branch);
}
inline auto fields(const References& r) {
    return std::tie(r.order, r.billed_invoice, r.provider_number, r.accounting_cost);
}
inline auto fields(const Customer& c) {
    return std::tuple_cat(std::tie(c.number, c.name, c.cvr, c.vat_number, c.ean), fields(c.address),
                          std::tie(c.email, c.telephone, c.contact_person, c.barred));
}
inline auto fields(const Account& a) {
    return std::tie(a.number, a.name, a.type, a.barred);
}
inline auto fields(const AccountingYear& y) {
    return std::tie(y.name, y.from, y.to, y.closed);
}
inline auto fields(const DimensionValue& d) {
    return std::tie(d.dimension, d.number, d.name);
}
inline auto fields(const HistoryEntry& h) {
    return std::tie(h.at, h.state, h.note, h.code);
}

// Content with lists of its own, compared below once the templates they use are declared.
inline bool same(const PostedEntry& a, const PostedEntry& b);
inline bool same(const AccountingPeriod& a, const AccountingPeriod& b);

template <class T>
bool same(const T& a, const T& b) {
    return fields(a) == fields(b);
}
template <class T>
bool same(const std::vector<T>& a, const std::vector<T>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](const T& x, const T& y) { return same(x, y); });
}
template <class T>
bool same(const std::optional<T>& a, const std::optional<T>& b) {
    return a.has_value() == b.has_value() && (!a || same(*a, *b));
}

inline bool same(const PostedEntry& a, const PostedEntry& b) {
    return std::tie(a.number, a.account, a.date, a.amount, a.currency, a.amount_in_currency,
                    a.voucher_number, a.text) == std::tie(b.number, b.account, b.date, b.amount,
                                                          b.currency, b.amount_in_currency,
                                                          b.voucher_number, b.text) &&
           same(a.dimensions, b.dimensions);
}

inline bool same(const AccountingPeriod& a, const AccountingPeriod& b) {
    return same(a.year, b.year) &&
           std::tie(a.number, a.from, a.to, a.closed, a.base_currency) ==
               std::tie(b.number, b.from, b.to, b.closed, b.base_currency) &&
           same(a.accounts, b.accounts) && same(a.dimension_values, b.dimension_values) &&
           same(a.entries, b.entries);
}

inline bool same(const Document& a, const Document& b) {
    return std::tie(a.key, a.format, a.issue_date, a.due_date, a.currency, a.payment_terms_note,
                    a.notes) == std::tie(b.key, b.format, b.issue_date, b.due_date, b.currency,
                                         b.payment_terms_note, b.notes) &&
           same(a.supplier, b.supplier) && same(a.customer, b.customer) &&
           same(a.patient, b.patient) && same(a.lines, b.lines) &&
           same(a.allowance_charges, b.allowance_charges) &&
           same(a.vat_subtotals, b.vat_subtotals) && same(a.totals, b.totals) &&
           same(a.payment_means, b.payment_means) && same(a.references, b.references) &&
           same(a.customer_record, b.customer_record) &&
           same(a.accounting_period, b.accounting_period) && a.prerequisites == b.prerequisites;
}

inline bool same(const LedgerRecord& a, const LedgerRecord& b) {
    return std::tie(a.key, a.state, a.attempts, a.error_code, a.error_text, a.next_attempt,
                    a.fingerprint, a.date, a.target, a.net, a.vat, a.gross, a.changed_fingerprint,
                    a.created, a.updated) ==
               std::tie(b.key, b.state, b.attempts, b.error_code, b.error_text, b.next_attempt,
                        b.fingerprint, b.date, b.target, b.net, b.vat, b.gross,
                        b.changed_fingerprint, b.created, b.updated) &&
           same(a.history, b.history);
}

}  // namespace ferry::sdk::testing
