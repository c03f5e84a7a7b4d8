// e-conomic prices invoices itself: line net = quantity × unitNetPrice × (1 − discount/100)
// rounded to 2 decimals, VAT from the product group's rate for the recipient's vat zone with the
// sign of the net, gross = net + VAT. Whatever totals the client sends are ignored.
#pragma once

#include "emulator_kit/json_body.hpp"
#include "state.hpp"

#include <ferry/sdk/decimal.hpp>
#include <nlohmann/json.hpp>

namespace economic_emulator {

using emulator_kit::BodyParseError;
using emulator_kit::decimal_at;
using emulator_kit::decimal_of;
using emulator_kit::parse_body;
using emulator_kit::ParsedBody;
using emulator_kit::to_json;
using emulator_kit::written_decimals;

// Where VAT is rounded to cents: on each line and summed (what e-conomic's booked lines show),
// or once per VAT rate over the invoice's lines (as OIOUBL's subtotals do).
enum class VatRounding { per_line, per_rate };

// Exact money rounding to cents, half away from zero, from a product of hundredths.
ferry::sdk::Decimal line_net(ferry::sdk::Decimal quantity, ferry::sdk::Decimal unit_price,
                             ferry::sdk::Decimal discount_percentage);
ferry::sdk::Decimal percent_of(ferry::sdk::Decimal amount, ferry::sdk::Decimal rate);

// Adds the computed line amounts and invoice totals to `draft` (the writable body, already
// validated), reading quantities and prices from the numbers as the client wrote them.
void price_invoice(nlohmann::json& draft, const ParsedBody& body, const Agreement& agreement,
                   VatRounding vat_rounding);

}  // namespace economic_emulator
