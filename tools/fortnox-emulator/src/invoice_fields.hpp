// What a request's invoice becomes when stored, shared by the invoice routes: the fields a
// client may write and may only read, its header and rows in canonical form with Fortnox's
// defaults, and the totals Fortnox computes itself (reference §8).
#pragma once

#include "resources.hpp"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace fortnox_emulator {

using json = nlohmann::json;
using ferry::sdk::Decimal;

extern const std::set<std::string> invoice_writable;
extern const std::set<std::string> invoice_read_only;
// Header fields Fortnox keeps as text, numbers in a request turned into their text.
extern const std::vector<std::string> invoice_text_fields;

// An amount as a request or the store writes it: a number, or its text.
Decimal decimal_of(const json& value);
// The OCR number Fortnox gives an invoice: its number with a Luhn check digit.
std::string luhn_ocr(const std::string& number);
// Row amounts and invoice totals from the rows' quantity, price, discount and VAT; the rows hold
// canonical values. Fortnox ignores whatever totals the client sends.
void compute_totals(const Context& context, json& invoice);
// The header fields of a request into `invoice` (creating: all defaults applied).
std::optional<Reply> apply_header(const Context& context, const json& request, json& invoice,
                                  const emulator_kit::ParsedBody& body, bool creating);
// The request's rows, checked and in stored form, replacing the invoice's.
std::optional<Reply> apply_rows(const Context& context, const json& request, json& invoice,
                                const emulator_kit::ParsedBody& body);
std::string next_document_number(const Context& context);
// The invoice as Fortnox shows it, with its @url.
json shown(const Context& context, const json& invoice);

}  // namespace fortnox_emulator
