// A ferry document as an e-conomic draft invoice. Pure: no requests, so every rule can be
// tested on its own.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ferry/sdk/document.hpp"
#include "ferry/sdk/problem.hpp"
#include "json_numbers.hpp"
#include "reference_data.hpp"
#include "settings.hpp"

namespace ferry::economic {

// One draft line, signs applied: a credit note's quantities are negative.
struct DraftLine {
    std::string product_number;  // at most 25 characters
    // Named by the product_numbers setting: e-conomic must hold it, Ferry never creates it.
    std::string mapped_from;   // the line kind, when mapped
    std::string product_name;  // for creating the product when it is missing
    std::int64_t product_group = 0;
    std::string description;
    sdk::Decimal quantity;
    sdk::Decimal unit_net_price;
    std::optional<sdk::Decimal> discount_percentage;
    std::string unit_code;
    // The VAT rate the document states for the line (0 when VAT-free): e-conomic takes its own
    // from the product group, so this only estimates what it will compute (see `ferry plan`).
    sdk::Decimal vat_percent;
};

// The lines of the draft, every figure with at most two decimals, whose net total is the
// document's net, each on the product product_numbers maps its kind to (when given); or why the
// document cannot be expressed that way.
sdk::Result<std::vector<DraftLine>> map_lines(const sdk::Document& document,
                                              const CompanyDefaults& defaults);

// Product number for a line: the seller's item number when e-conomic can hold it, else a
// stable number derived from what identifies the item.
std::string product_number_for(const std::string& item_id, const std::string& name,
                               std::int64_t product_group);

// The party the invoice is addressed to: the patient for private persons.
const sdk::Party& recipient_of(const sdk::Document& document);
bool is_private(const sdk::Document& document);

std::int64_t vat_zone_for(const sdk::Party& party, const CompanyDefaults& defaults);

// Everything resolved in e-conomic that the draft refers to.
struct DraftContext {
    std::string reference;  // references.other
    std::int64_t customer_number = 0;
    std::int64_t layout = 0;
    PaymentTerms payment_terms;
    std::int64_t vat_zone = 0;
    std::optional<std::int64_t> departmental_distribution;
    const ReferenceData* reference_data = nullptr;  // for units
    PatientReference patient_reference = PatientReference::none;
    // The date to book on when the document's own falls in a closed period (closed_period:
    // first_open_date); the notes then give the document's date.
    std::optional<sdk::Date> booking_date;
    // The recipient as e-conomic's customer gives it, for a document whose customer the source
    // keeps apart (its prerequisite) and may not repeat on the document; else the document's.
    std::optional<Json> recipient;
};

// A draft's recipient from an e-conomic customer (as GET /customers/{n} answers).
Json recipient_of_customer(const Json& customer, std::int64_t vat_zone);

Json draft_body(const sdk::Document& document, const std::vector<DraftLine>& lines,
                const DraftContext& context);

// The due date the document states, if any (the header's, else the first payment means').
std::optional<sdk::Date> due_date_of(const sdk::Document& document);

// What e-conomic should compute: the document's totals with a credit note's sign applied.
struct Amounts {
    sdk::Decimal net, vat, gross;
};
Amounts expected_amounts(const sdk::Document& document);

// What e-conomic would compute for `lines` if its product groups carry the document's VAT
// rates: each line's net and VAT rounded to cents, then summed, as e-conomic's booked lines
// show (whether it rounds VAT per line is unconfirmed, see the emulator's --vat-rounding).
Amounts estimated_amounts(const std::vector<DraftLine>& lines);

// The amounts e-conomic computed on a draft or booked invoice.
std::optional<Amounts> amounts_of(const Json& invoice);

// The VAT-free line that moves e-conomic's net and gross by exactly `difference`, so that the
// gross booked is what the customer was asked to pay when e-conomic rounds VAT differently.
DraftLine rounding_line(sdk::Decimal difference, const CompanyDefaults& defaults);

// Differences as "net 100.00 in the document, 125.00 in e-conomic; ...": net and VAT beyond
// `tolerance`, gross by any amount (the customer pays the document's gross).
std::string compare_amounts(const Amounts& expected, const Amounts& computed,
                            sdk::Decimal tolerance);

}  // namespace ferry::economic
