// What the mapping read, beyond the Document itself, so that the checks can judge it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ferry/sdk/document.hpp"

namespace ferry::ubl {

// OIOUBL 2.x and OIOUBL 3 / Peppol BIS 3 (EN 16931) give TaxExclusiveAmount and
// TaxInclusiveAmount different meanings, so their totals follow different rules.
enum class Generation { oioubl2, en16931 };

// LegalMonetaryTotal as written; absent elements stay empty.
struct StatedTotals {
    std::optional<sdk::Decimal> line_extension;
    std::optional<sdk::Decimal> tax_exclusive;
    std::optional<sdk::Decimal> tax_inclusive;
    std::optional<sdk::Decimal> allowance_total;
    std::optional<sdk::Decimal> charge_total;
    std::optional<sdk::Decimal> prepaid;
    std::optional<sdk::Decimal> payable_rounding;
    std::optional<sdk::Decimal> payable;
};

struct LinePricing {
    std::string path;  // "Invoice/cac:InvoiceLine[2]"
    sdk::Decimal quantity;
    std::optional<sdk::Decimal> price;  // PriceAmount
    sdk::Decimal base_quantity;         // BaseQuantity, 1 when absent
    sdk::Decimal line_allowances;       // allowances minus charges on the line
    sdk::Decimal net;                   // LineExtensionAmount
    bool free_of_charge = false;
};

struct MappedDocument {
    sdk::Document document;
    Generation generation = Generation::oioubl2;
    std::string root;  // "Invoice" or "CreditNote", for element paths
    StatedTotals stated;
    std::vector<LinePricing> pricing;
    sdk::Decimal header_allowances;  // sum of header AllowanceCharge with ChargeIndicator false
    sdk::Decimal header_charges;
    bool has_header_allowance_charges = false;
    sdk::Decimal tax_total_rounding;         // sum of TaxTotal/RoundingAmount
    std::optional<sdk::Decimal> stated_tax;  // sum of TaxTotal/TaxAmount in the document currency
    sdk::Decimal line_taxable;               // sum of line TaxTotal/TaxSubtotal/TaxableAmount
    bool lines_carry_tax = false;
    std::vector<std::string> supplier_cvrs;  // every CVR the supplier party states, normalised
};

}  // namespace ferry::ubl
