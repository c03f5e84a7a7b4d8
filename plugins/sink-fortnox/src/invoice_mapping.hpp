// A document as a Fortnox invoice: rows on the sales account of their VAT rate, amounts to the
// öre, the document's key in ExternalInvoiceReference1; and Fortnox's totals compared with the
// document's before anything is booked.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "ferry/sdk/document.hpp"
#include "ferry/sdk/problem.hpp"
#include "settings.hpp"

namespace ferry::fortnox {

// The rows of `document` (lines, then document-level charges and allowances), each with
// AccountNumber, VAT, DeliveredQuantity and Price; negated for a credit note booked as a
// negative invoice. A Problem names the line whose VAT Fortnox cannot take.
sdk::Result<nlohmann::json> invoice_rows(const sdk::Document& document, const Accounts& accounts,
                                         bool negative);

// The whole {"Invoice": {...}} body for POST /3/invoices.
sdk::Result<nlohmann::json> invoice_body(const sdk::Document& document, const Accounts& accounts,
                                         const std::string& customer_number,
                                         const std::string& reference, bool negative);

// What Fortnox must compute for the document: Net, TotalVAT and Total (gross, RoundOff in it).
struct ExpectedTotals {
    sdk::Decimal net, vat, total;
};
ExpectedTotals expected_totals(const sdk::Document& document);

// Why Fortnox's invoice does not hold the document's amounts (both figures named), or nullopt.
// Signs are compared as printed: a credit invoice's negative amounts against the credit note's
// positive ones.
std::optional<std::string> totals_mismatch(const ExpectedTotals& expected,
                                           const nlohmann::json& invoice);

// Text cut to at most `bytes` bytes without splitting a UTF-8 character.
std::string cut_utf8(const std::string& text, std::size_t bytes);

}  // namespace ferry::fortnox
