// The typed business document that travels from a source to a sink: an invoice, a credit note,
// a customer or an accounting period's figures (see DocumentKind).
//
// It holds personal data (patient names, CPR numbers, addresses, entry texts) in memory only: the
// host never stores or logs a Document, only its DocumentKey. Plugins must do the same.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ferry/sdk/date.hpp"
#include "ferry/sdk/decimal.hpp"

namespace ferry::sdk {

// What a document is. The numbers are fixed: each is a kind's bit in DocumentKinds, which
// descriptors already built carry, so a new kind is appended and none is ever renumbered.
enum class DocumentKind : std::uint8_t {
    invoice = 0,
    credit_note = 1,
    customer = 2,           // master data: Document::customer_record
    accounting_period = 3,  // figures: Document::accounting_period
};

// What the host does when the source changes a document it already delivered (a new
// fingerprint). A booked invoice cannot be changed, so its re-print is shown to a person;
// master data and figures follow their source, so the changed content is delivered again.
enum class ChangeAfterDelivery : std::uint8_t { shown_to_a_person, delivered_as_update };

struct DocumentKindInfo {
    DocumentKind kind;
    std::string_view name;  // as written in keys, the ledger, logs and messages
    ChangeAfterDelivery change_after_delivery;
};

// Every kind this SDK knows, in number order.
inline constexpr DocumentKindInfo document_kinds[] = {
    {DocumentKind::invoice, "invoice", ChangeAfterDelivery::shown_to_a_person},
    {DocumentKind::credit_note, "credit-note", ChangeAfterDelivery::shown_to_a_person},
    {DocumentKind::customer, "customer", ChangeAfterDelivery::delivered_as_update},
    {DocumentKind::accounting_period, "accounting-period",
     ChangeAfterDelivery::delivered_as_update},
};

static_assert(
    [] {
        for (std::size_t number = 0; number < std::size(document_kinds); ++number)
            if (static_cast<std::size_t>(document_kinds[number].kind) != number)
                return false;
        return std::size(document_kinds) <= 64;
    }(),
    "document_kinds lists every kind once, in number order, and no more than fit a DocumentKinds");

// Null for a number this SDK does not know: one from a plugin or ledger built with a newer SDK.
constexpr const DocumentKindInfo* find_kind_info(DocumentKind kind) {
    auto number = static_cast<std::size_t>(kind);
    return number < std::size(document_kinds) ? &document_kinds[number] : nullptr;
}

inline std::string_view to_string(DocumentKind kind) {
    const DocumentKindInfo* info = find_kind_info(kind);
    return info ? info->name : "unknown-kind";
}

inline std::optional<DocumentKind> parse_document_kind(std::string_view text) {
    for (const DocumentKindInfo& info : document_kinds)
        if (info.name == text)
            return info.kind;
    return std::nullopt;
}

// Whether a changed document of this kind is delivered again (see ChangeAfterDelivery). The
// host's update handling (the customer issue) is to read it; until then every change is shown
// to a person. An unknown kind keeps that cautious answer.
constexpr bool delivers_updates(DocumentKind kind) {
    const DocumentKindInfo* info = find_kind_info(kind);
    return info && info->change_after_delivery == ChangeAfterDelivery::delivered_as_update;
}

// A set of kinds, as a descriptor declares them. A fixed 64-bit mask: adding a kind changes no
// layout, and a set from a plugin built with a newer SDK keeps the bits this one cannot name.
class DocumentKinds {
  public:
    constexpr DocumentKinds() = default;
    constexpr DocumentKinds(std::initializer_list<DocumentKind> kinds) {
        for (DocumentKind kind : kinds)
            add(kind);
    }

    constexpr void add(DocumentKind kind) { bits_ |= bit(kind); }
    constexpr bool contains(DocumentKind kind) const { return (bits_ & bit(kind)) != 0; }
    constexpr bool empty() const { return bits_ == 0; }
    // The kinds in this set that are not in `other`.
    constexpr DocumentKinds without(DocumentKinds other) const {
        return from_bits(bits_ & ~other.bits_);
    }
    constexpr bool operator==(const DocumentKinds&) const = default;

    // The kinds in number order, including numbers this SDK cannot name.
    std::vector<DocumentKind> list() const {
        std::vector<DocumentKind> kinds;
        for (unsigned number = 0; number < 64; ++number)
            if (bits_ & (std::uint64_t{1} << number))
                kinds.push_back(static_cast<DocumentKind>(number));
        return kinds;
    }
    // "invoice, credit-note"; a kind this SDK does not know is written "kind #7".
    std::string str() const {
        std::string text;
        for (DocumentKind kind : list()) {
            text += text.empty() ? "" : ", ";
            text += find_kind_info(kind) ? std::string(to_string(kind))
                                         : "kind #" + std::to_string(static_cast<int>(kind));
        }
        return text.empty() ? "no kind" : text;
    }

  private:
    // A number past the mask cannot be declared: no SDK has that many kinds.
    static constexpr std::uint64_t bit(DocumentKind kind) {
        auto number = static_cast<unsigned>(kind);
        return number < 64 ? std::uint64_t{1} << number : 0;
    }
    static constexpr DocumentKinds from_bits(std::uint64_t bits) {
        DocumentKinds kinds;
        kinds.bits_ = bits;
        return kinds;
    }
    std::uint64_t bits_ = 0;
};

// Every kind this SDK knows; see PluginDescriptor::known_kinds.
inline constexpr DocumentKinds all_document_kinds = [] {
    DocumentKinds all;
    for (const DocumentKindInfo& info : document_kinds)
        all.add(info.kind);
    return all;
}();

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
    // The party's number in its country's company register where that register is not the
    // Danish CVR: EN 16931's legal registration identifier (BT-30, BT-47), as the issuer wrote
    // it, with the register named by its ISO 6523 code ("0007": a Swedish organisationsnummer).
    std::string registration_number;
    std::string registration_scheme;
    Address address;
    std::string contact_reference;  // Contact/ID: the buyer's person or order reference
    std::string contact_name;
    std::string email;
    std::string telephone;

    bool is_private_person() const { return !cpr.empty() && cvr.empty() && ean.empty(); }
    bool empty() const {
        return name.empty() && cvr.empty() && ean.empty() && cpr.empty() &&
               registration_number.empty();
    }
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

// A customer in the source's register (kind `customer`), as an accounting system keeps its
// debtors. Personal data: everything that names or reaches a person. For a private person
// (no CVR, VAT number or EAN) that is the name and the address too; e-mail, telephone and
// contact person are treated as personal whoever the customer is, since they name people at
// businesses as well. Only the number, CVR, VAT number and EAN may be logged or stored.
struct Customer {
    std::string number;          // the source's customer number; also the document key's number
    std::string name;            // personal data for a private person
    std::string cvr;             // 8 digits, normalised (no "DK" prefix)
    std::string vat_number;      // foreign VAT id, as written
    std::string ean;             // GLN, 13 digits: a public body's e-invoicing address
    Address address;             // personal data for a private person
    std::string email;           // personal data
    std::string telephone;       // personal data
    std::string contact_person;  // personal data
    bool barred = false;         // the source blocks new sales to this customer

    bool is_private_person() const { return cvr.empty() && vat_number.empty() && ean.empty(); }
};

enum class AccountType : std::uint8_t {
    profit_and_loss,  // income and expenses; carries entries
    balance_sheet,    // assets, liabilities and equity; carries entries
    heading,          // a caption in the chart, no entries
    total,            // a sum over other accounts, no entries
};

// One account of a company's chart of accounts. Not personal data.
struct Account {
    std::string number;  // as the accounting system numbers it, e.g. "1010"
    std::string name;
    AccountType type = AccountType::profit_and_loss;
    bool barred = false;
};

// A financial year as the accounting system names and bounds it. Not personal data.
struct AccountingYear {
    std::string name;  // opaque, e.g. "2026" or "2025/2026a"
    Date from, to;     // inclusive
    bool closed = false;
};

// One value of an analysis dimension an entry can carry: a department, or a value of another
// dimension (cost centre, project) where the system has them. Not personal data.
struct DimensionValue {
    std::string dimension;  // "department", or the system's name for another dimension
    std::string number;     // the value's number within its dimension
    std::string name;
};

// One finally posted ledger entry; never a draft or journal line, which can still change.
struct PostedEntry {
    std::string number;   // the system's entry number, unique per company
    std::string account;  // Account::number
    Date date;
    Decimal amount;              // in the company's base currency; debit positive, credit negative
    std::string currency;        // of the original amount, ISO 4217
    Decimal amount_in_currency;  // as posted, in `currency`
    std::string voucher_number;
    // Personal data: bookkeepers write names into entry texts ("Refusion Karen Hansen"), so a
    // sink that stores figures for reports drops it unless told otherwise.
    std::string text;
    // A department, plus values of other dimensions. An entry split over several departments
    // is delivered as one entry per share, each with its part of the amount.
    std::vector<DimensionValue> dimensions;
};

// The figures of one accounting period of one company (kind `accounting-period`): a batch the
// source delivers again, whole, when entries are posted into it later. Whole because a sink
// replaces the batch it holds, so it never has to tell a new entry from a re-read one.
struct AccountingPeriod {
    AccountingYear year;
    int number = 0;  // the period's number within the year, from 1
    Date from, to;   // inclusive
    bool closed = false;
    std::string base_currency;  // ISO 4217
    // The company's whole chart and dimension values as they were when the period was read,
    // so every entry's account and dimensions can be named without another document.
    std::vector<Account> accounts;
    std::vector<DimensionValue> dimension_values;
    std::vector<PostedEntry> entries;  // dated within from..to
};

// One document of any kind. Invoices and credit notes fill the fields from `format` to `notes`;
// other kinds leave those empty and carry their content in the member named for the kind.
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

    // A kind with content of its own adds a member here, which changes Document's layout and
    // costs an SDK ABI bump (docs/abi.md, "Adding a document kind").
    std::optional<Customer> customer_record;            // kind customer
    std::optional<AccountingPeriod> accounting_period;  // kind accounting-period

    // Documents of this pipeline's source that must reach the target first: the customer an
    // invoice is billed to, when the source keeps its customers apart. The host holds this
    // document back, with a reason naming each, until every one has been delivered or linked
    // to what the target already holds (`ferry link customers`), then passes what the target
    // holds for them in DeliveryRequest::prerequisites.
    std::vector<DocumentKey> prerequisites;
};

}  // namespace ferry::sdk
