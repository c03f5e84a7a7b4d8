// The typed business document that travels from a source to a sink.
//
// It holds personal data (patient names, CPR numbers, addresses) in memory only: the host never
// stores or logs a Document, only its DocumentKey. Plugins must do the same.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ferry/sdk/date.hpp"
#include "ferry/sdk/decimal.hpp"

namespace ferry::sdk {

enum class DocumentKind { invoice, credit_note };

inline std::string_view to_string(DocumentKind kind) {
    return kind == DocumentKind::invoice ? "invoice" : "credit-note";
}

inline std::optional<DocumentKind> parse_document_kind(std::string_view text) {
    if (text == "invoice")
        return DocumentKind::invoice;
    if (text == "credit-note")
        return DocumentKind::credit_note;
    return std::nullopt;
}

// What identifies a document everywhere outside memory: the issuing company's CVR, the kind
// and the issuer's number. Safe to log and to store.
struct DocumentKey {
    std::string company;
    DocumentKind kind = DocumentKind::invoice;
    std::string number;

    // "11223344/invoice/1042"
    std::string str() const { return company + "/" + std::string(to_string(kind)) + "/" + number; }

    static std::optional<DocumentKey> parse(std::string_view text) {
        auto first = text.find('/');
        auto second = first == text.npos ? text.npos : text.find('/', first + 1);
        if (second == text.npos)
            return std::nullopt;
        auto kind = parse_document_kind(text.substr(first + 1, second - first - 1));
        if (!kind || first == 0 || second + 1 == text.size())
            return std::nullopt;
        return DocumentKey{std::string(text.substr(0, first)), *kind,
                           std::string(text.substr(second + 1))};
    }

    auto operator<=>(const DocumentKey&) const = default;
};

struct Address {
    std::string street;
    std::string building_number;
    std::string additional_street;
    std::string city;
    std::string postal_zone;
    std::string country_code;  // ISO 3166-1 alpha-2
};

// A business, a public body (EAN/GLN) or a private person (CPR).
struct Party {
    std::string name;
    std::string cvr;         // 8 digits, normalised (no "DK" prefix)
    std::string ean;         // GLN, 13 digits
    std::string cpr;         // 10 digits; personal data
    std::string vat_number;  // foreign VAT id, as written
    Address address;
    std::string contact_reference;  // Contact/ID: the buyer's person or order reference
    std::string contact_name;
    std::string email;
    std::string telephone;

    bool is_private_person() const { return !cpr.empty() && cvr.empty() && ean.empty(); }
    bool empty() const { return name.empty() && cvr.empty() && ean.empty() && cpr.empty(); }
};

enum class VatCategory { standard, zero, exempt, reverse_charge, excise, outside_scope, other };

inline std::string_view to_string(VatCategory category) {
    switch (category) {
        case VatCategory::standard:
            return "standard";
        case VatCategory::zero:
            return "zero";
        case VatCategory::exempt:
            return "exempt";
        case VatCategory::reverse_charge:
            return "reverse-charge";
        case VatCategory::excise:
            return "excise";
        case VatCategory::outside_scope:
            return "outside-scope";
        case VatCategory::other:
            return "other";
    }
    return "other";
}

struct Line {
    std::string id;
    std::string item_id;  // the seller's item number: the natural product number in a target
    std::string name;
    std::string description;
    Decimal quantity;
    std::string unit_code;  // UN/ECE Rec 20 (EA, HUR, C62, ...)
    Decimal unit_price;     // net price of one unit (PriceAmount / BaseQuantity)
    Decimal allowance;      // line allowances minus line charges, already in net_amount
    Decimal net_amount;     // LineExtensionAmount, as the issuer computed it
    VatCategory vat_category = VatCategory::standard;
    Decimal vat_percent;
    bool free_of_charge = false;
};

// A document-level discount (allowance) or fee (charge).
struct AllowanceCharge {
    bool is_charge = false;
    Decimal amount;  // positive
    std::string reason;
    VatCategory vat_category = VatCategory::standard;
    Decimal vat_percent;
};

struct VatSubtotal {
    VatCategory category = VatCategory::standard;
    std::string category_code;  // as written in the document ("StandardRated", "S", ...)
    Decimal percent;
    Decimal taxable_amount;
    Decimal tax_amount;
};

// Totals with one meaning whatever the document's format version: `net` is always the amount
// excluding VAT (OIOUBL 2.x calls the VAT total "TaxExclusiveAmount"; sources normalise that).
// Amounts of credit notes are positive, as printed: the kind carries the sign.
struct Totals {
    Decimal line_total;  // sum of line net amounts
    Decimal allowance_total;
    Decimal charge_total;
    Decimal net;    // line_total - allowances + charges
    Decimal vat;    // sum of VAT subtotals
    Decimal gross;  // net + vat + rounding
    Decimal prepaid;
    Decimal rounding;
    Decimal payable;  // gross - prepaid
};

struct PaymentMeans {
    std::string code;     // UNCL4461: 1, 31, 42, 48, 49, 50, 93, 97, ...
    std::string channel;  // DK:BANK, DK:FIK, IBAN, ...
    std::optional<Date> due_date;
    std::string payment_id;        // FIK card type (71, 73, 75) or giro type
    std::string instruction_id;    // payment reference (FIK number)
    std::string creditor_account;  // FIK creditor number
    std::string account;           // bank account or IBAN
    std::string branch;            // bank registration number or BIC
};

struct References {
    std::string order;            // OrderReference/ID
    std::string billed_invoice;   // the invoice a credit note credits
    std::string provider_number;  // the clinic's provider number (ydernummer), where present
    std::string accounting_cost;  // the buyer's cost centre (EAN customers)
};

struct Document {
    DocumentKey key;
    std::string format;  // e.g. "OIOUBL-2.02", "OIOUBL-3.0"
    Date issue_date;
    std::optional<Date> due_date;
    std::string currency;  // ISO 4217
    Party supplier;
    Party customer;
    std::optional<Party> patient;  // a private person named apart from the paying customer
    std::vector<Line> lines;
    std::vector<AllowanceCharge> allowance_charges;
    std::vector<VatSubtotal> vat_subtotals;
    Totals totals;
    std::vector<PaymentMeans> payment_means;
    std::string payment_terms_note;
    References references;
    std::vector<std::string> notes;
};

}  // namespace ferry::sdk
