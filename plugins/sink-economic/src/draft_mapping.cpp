#include "draft_mapping.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

namespace ferry::economic {

using sdk::Decimal;
using sdk::Document;

namespace {

constexpr std::size_t max_product_number = 25;
const Decimal hundred = Decimal::from_int(100);

bool fits_two_decimals(Decimal value) {
    return value.decimals() <= 2;
}

std::string truncated(const std::string& text, std::size_t limit) {
    if (text.size() <= limit)
        return text;
    std::size_t end = limit;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        --end;  // never cut a UTF-8 sequence in half
    return text.substr(0, end);
}

std::uint64_t fnv1a(const std::string& text) {
    std::uint64_t hash = 1469598103934665603ull;
    for (unsigned char c : text)
        hash = (hash ^ c) * 1099511628211ull;
    return hash;
}

// "Standard rated at 0 %" contradicts itself; real files carry it on header allowances whose
// VAT the subtotals show at 25 %. The subtotals are what the VAT was computed from, so they
// decide: 0 % is meant only when the document has a standard-rated subtotal at 0 %, or none at
// any other rate.
bool vat_free(const Document& document, sdk::VatCategory category, Decimal percent) {
    if (category != sdk::VatCategory::standard)
        return true;
    if (!percent.is_zero())
        return false;
    bool rated = false;
    for (const sdk::VatSubtotal& subtotal : document.vat_subtotals) {
        if (subtotal.category != sdk::VatCategory::standard)
            continue;
        if (subtotal.percent.is_zero())
            return true;
        rated = true;
    }
    return !rated;
}

std::string precision_problem(const Document& document, const std::string& what) {
    return "document " + document.key.str() + ": " + what +
           " has more than two decimals, which e-conomic cannot hold; correct it in the "
           "system that issued it and re-issue the document";
}

// Allowance and charge lines use fixed products, one per VAT treatment.
DraftLine allowance_charge_line(const Document& document, const sdk::AllowanceCharge& entry,
                                Decimal sign, const CompanyDefaults& defaults) {
    bool free = vat_free(document, entry.vat_category, entry.vat_percent);
    std::string number =
        std::string(entry.is_charge ? "FERRY-GEBYR" : "FERRY-RABAT") + (free ? "-0" : "");
    DraftLine line;
    line.product_number = number;
    line.product_name = entry.is_charge ? "Gebyr" : "Rabat";
    line.product_group = free ? defaults.vat_free_product_group : defaults.product_group;
    line.description = entry.reason.empty() ? line.product_name : truncated(entry.reason, 2500);
    line.quantity = sign;
    line.unit_net_price = entry.is_charge ? entry.amount : -entry.amount;
    line.vat_percent = free ? Decimal() : entry.vat_percent;
    return line;
}

std::string unmapped_problem(const Document& document, const sdk::Line& line,
                             const CompanyDefaults& defaults) {
    std::string kinds;
    for (const ProductNumber& mapping : defaults.product_numbers)
        kinds += (kinds.empty() ? "" : ", ") + mapping.line_kind;
    std::string which = line.item_id.empty() ? "has no kind" : "is of kind '" + line.item_id + "'";
    return "document " + document.key.str() + ": line " + line.id + " " + which +
           ", which the setting product_numbers does not map to an e-conomic product (it maps " +
           kinds + "); add {line_kind: " + (line.item_id.empty() ? "..." : line.item_id) +
           ", product: <number>} to product_numbers, or correct the line's kind in the source, "
           "then `ferry retry` the document";
}

}  // namespace

std::string product_number_for(const std::string& item_id, const std::string& name,
                               std::int64_t product_group) {
    if (!item_id.empty() && item_id.size() <= max_product_number)
        return item_id;
    char derived[32];
    std::snprintf(derived, sizeof derived, "F-%016llx",
                  static_cast<unsigned long long>(fnv1a(
                      item_id.empty() ? name + "\n" + std::to_string(product_group) : item_id)));
    return derived;
}

sdk::Result<std::vector<DraftLine>> map_lines(const Document& document,
                                              const CompanyDefaults& defaults) {
    // The one place where a credit note's sign is applied: OIOUBL prints it positive.
    const Decimal sign =
        Decimal::from_int(document.key.kind == sdk::DocumentKind::credit_note ? -1 : 1);
    std::vector<DraftLine> lines;
    for (const sdk::Line& source : document.lines) {
        DraftLine line;
        bool free = vat_free(document, source.vat_category, source.vat_percent);
        line.product_group = free ? defaults.vat_free_product_group : defaults.product_group;
        line.vat_percent = free ? Decimal() : source.vat_percent;
        line.product_number = product_number_for(source.item_id, source.name, line.product_group);
        if (!defaults.product_numbers.empty()) {
            const std::string* mapped = defaults.product_for(source.item_id);
            if (!mapped)
                return sdk::Problem{"economic.product_number.unmapped",
                                    unmapped_problem(document, source, defaults)};
            line.product_number = *mapped;
            line.mapped_from = source.item_id;
        }
        line.product_name =
            truncated(source.name.empty()
                          ? (source.description.empty() ? line.product_number : source.description)
                          : source.name,
                      300);
        line.description = truncated(line.product_name, 2500);
        line.unit_code = source.unit_code;
        if (!fits_two_decimals(source.net_amount))
            return sdk::Problem{"economic.precision",
                                precision_problem(document, "the amount of line " + source.id)};

        Decimal undiscounted = (source.quantity * source.unit_price).rounded(2);
        bool exact = fits_two_decimals(source.quantity) && fits_two_decimals(source.unit_price);
        if (exact && undiscounted == source.net_amount) {
            line.quantity = source.quantity * sign;
            line.unit_net_price = source.unit_price;
            lines.push_back(line);
            continue;
        }
        if (exact && !source.allowance.is_zero() && !undiscounted.is_zero()) {
            // A discount e-conomic can print as a percentage, when that reproduces the net.
            Decimal percent = source.allowance / undiscounted * hundred;
            Decimal discounted =
                (undiscounted * (Decimal::from_int(1) - percent / hundred)).rounded(2);
            line.quantity = source.quantity * sign;
            line.unit_net_price = source.unit_price;
            if (fits_two_decimals(percent) && discounted == source.net_amount) {
                line.discount_percentage = percent;
                lines.push_back(line);
                continue;
            }
            // Otherwise the discount becomes a line of its own, so the totals stay exact.
            lines.push_back(line);
            DraftLine discount = line;
            discount.description = "Rabat";
            discount.quantity = sign;
            discount.unit_net_price = source.net_amount - undiscounted;
            lines.push_back(discount);
            continue;
        }
        // Quantity or price beyond two decimals: one unit at the line's net amount keeps the
        // totals exact; the quantity stays readable in the description.
        line.quantity = sign;
        line.unit_net_price = source.net_amount;
        line.description = truncated(source.quantity.to_string(0) + " x " + line.description, 2500);
        line.unit_code.clear();
        lines.push_back(line);
    }
    for (const sdk::AllowanceCharge& entry : document.allowance_charges) {
        if (!fits_two_decimals(entry.amount))
            return sdk::Problem{"economic.precision",
                                precision_problem(document, "a document allowance or charge")};
        lines.push_back(allowance_charge_line(document, entry, sign, defaults));
    }
    if (lines.empty())
        return sdk::Problem{"economic.no_lines",
                            "document " + document.key.str() + " has no lines; nothing to invoice"};
    return lines;
}

bool is_private(const Document& document) {
    return document.customer.is_private_person() ||
           (document.customer.empty() && document.patient.has_value());
}

const sdk::Party& recipient_of(const Document& document) {
    if (is_private(document) && document.patient)
        return *document.patient;
    return document.customer;
}

std::int64_t vat_zone_for(const sdk::Party& party, const CompanyDefaults& defaults) {
    static const std::array<const char*, 26> eu = {
        "AT", "BE", "BG", "CY", "CZ", "DE", "EE", "ES", "FI", "FR", "GR", "EL", "HR",
        "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI"};
    const std::string& country = party.address.country_code;
    if (country.empty() || country == "DK" || party.is_private_person())
        return defaults.vat_zone_domestic;
    if (country == "SK" || std::find(eu.begin(), eu.end(), country) != eu.end())
        return defaults.vat_zone_eu;
    return defaults.vat_zone_abroad;
}

std::optional<sdk::Date> due_date_of(const Document& document) {
    if (document.due_date)
        return document.due_date;
    for (const sdk::PaymentMeans& means : document.payment_means)
        if (means.due_date)
            return means.due_date;
    return std::nullopt;
}

Json recipient_of_customer(const Json& customer, std::int64_t vat_zone) {
    Json recipient = {{"name", truncated(customer.value("name", std::string("-")), 250)},
                      {"vatZone", {{"vatZoneNumber", vat_zone}}}};
    for (auto [field, limit] :
         {std::pair{"address", 250}, std::pair{"zip", 50}, std::pair{"city", 250},
          std::pair{"country", 50}, std::pair{"ean", 13}})
        if (auto it = customer.find(field);
            it != customer.end() && it->is_string() && !it->get_ref<const std::string&>().empty())
            recipient[field] = truncated(it->get<std::string>(), limit);
    return recipient;
}

Json draft_body(const Document& document, const std::vector<DraftLine>& lines,
                const DraftContext& context) {
    const sdk::Party& recipient = recipient_of(document);
    const sdk::Address& address = recipient.address;
    Json recipient_json = {{"name", truncated(recipient.name.empty() ? "-" : recipient.name, 250)},
                           {"vatZone", {{"vatZoneNumber", context.vat_zone}}}};
    std::string street = address.street;
    if (!address.building_number.empty())
        street += (street.empty() ? "" : " ") + address.building_number;
    if (!street.empty())
        recipient_json["address"] = truncated(street, 250);
    if (!address.postal_zone.empty())
        recipient_json["zip"] = truncated(address.postal_zone, 50);
    if (!address.city.empty())
        recipient_json["city"] = truncated(address.city, 250);
    if (!address.country_code.empty())
        recipient_json["country"] = address.country_code == "DK" ? "Danmark" : address.country_code;
    if (!recipient.ean.empty())
        recipient_json["ean"] = truncated(recipient.ean, 13);
    if (context.recipient)
        recipient_json = *context.recipient;

    bool credit = document.key.kind == sdk::DocumentKind::credit_note;
    std::string heading = (credit ? "Kreditnota " : "Faktura ") + document.key.number;
    if (credit && !document.references.billed_invoice.empty())
        heading += " (krediterer faktura " + document.references.billed_invoice + ")";
    Json notes = {{"heading", truncated(heading, 250)}};
    const sdk::Date date = context.booking_date.value_or(document.issue_date);
    std::string text_line;
    // First, so that truncation never cuts the date the customer's invoice bears.
    if (date != document.issue_date)
        text_line = "Fakturadato " + document.issue_date.to_string() + ", bogført " +
                    date.to_string() + " da perioden var lukket";
    if (context.patient_reference == PatientReference::cpr && is_private(document) &&
        !recipient.cpr.empty())
        text_line += (text_line.empty() ? "" : ", ") + std::string("CPR-nr. ") +
                     recipient.cpr.substr(0, 6) + "-" + recipient.cpr.substr(6);
    if (!document.references.order.empty())
        text_line +=
            (text_line.empty() ? "" : ", ") + std::string("Ordre ") + document.references.order;
    if (!text_line.empty())
        notes["textLine1"] = truncated(text_line, 1000);

    Json body = {{"date", date.to_string()},
                 {"currency", document.currency.empty() ? "DKK" : document.currency},
                 {"customer", {{"customerNumber", context.customer_number}}},
                 {"layout", {{"layoutNumber", context.layout}}},
                 {"paymentTerms", {{"paymentTermsNumber", context.payment_terms.number}}},
                 {"recipient", recipient_json},
                 {"notes", notes},
                 {"references", {{"other", context.reference}}}};
    if (context.payment_terms.type == "dueDate") {
        sdk::Date due = due_date_of(document).value_or(document.issue_date);
        body["dueDate"] = std::max(due, date).to_string();
    }

    Json json_lines = Json::array();
    int number = 1;
    for (const DraftLine& line : lines) {
        Json entry = {
            {"lineNumber", number},
            {"sortKey", number},
            {"description", line.description.empty() ? line.product_number : line.description},
            {"product", {{"productNumber", line.product_number}}},
            {"quantity", exact_number(line.quantity)},
            {"unitNetPrice", exact_number(line.unit_net_price)}};
        if (line.discount_percentage)
            entry["discountPercentage"] = exact_number(*line.discount_percentage);
        if (context.reference_data)
            if (auto unit = context.reference_data->unit_for(line.unit_code))
                entry["unit"] = {{"unitNumber", *unit}};
        if (context.departmental_distribution)
            entry["departmentalDistribution"] = {
                {"departmentalDistributionNumber", *context.departmental_distribution}};
        json_lines.push_back(entry);
        ++number;
    }
    body["lines"] = json_lines;
    return body;
}

Amounts expected_amounts(const Document& document) {
    const sdk::Totals& totals = document.totals;
    if (document.key.kind == sdk::DocumentKind::credit_note)
        return {-totals.net, -totals.vat, -totals.gross};
    return {totals.net, totals.vat, totals.gross};
}

Amounts estimated_amounts(const std::vector<DraftLine>& lines) {
    Amounts amounts;
    for (const DraftLine& line : lines) {
        // Exact to 6 decimals: every factor has at most 2, and 4-decimal rounding of the
        // product before dividing by 100 is the 2-decimal rounding of the net.
        Decimal undivided = line.quantity * line.unit_net_price *
                            (hundred - line.discount_percentage.value_or(Decimal()));
        Decimal net = undivided.rounded(4) / hundred;
        Decimal vat = (net * line.vat_percent / hundred).rounded(2);
        amounts.net += net, amounts.vat += vat;
    }
    amounts.gross = amounts.net + amounts.vat;
    return amounts;
}

std::optional<Amounts> amounts_of(const Json& invoice) {
    auto net = decimal_at(invoice, "netAmount");
    auto vat = decimal_at(invoice, "vatAmount");
    auto gross = decimal_at(invoice, "grossAmount");
    if (!net || !gross)
        return std::nullopt;
    // e-conomic omits zero values from responses.
    return Amounts{*net, vat.value_or(Decimal()), *gross};
}

DraftLine rounding_line(Decimal difference, const CompanyDefaults& defaults) {
    DraftLine line;
    line.product_number = defaults.rounding_product;
    line.product_name = "Afrunding";
    line.product_group = defaults.vat_free_product_group;
    line.description = "Afrunding";
    line.quantity = Decimal::from_int(1);
    line.unit_net_price = difference;
    return line;
}

std::string compare_amounts(const Amounts& expected, const Amounts& computed, Decimal tolerance) {
    std::string differences;
    auto compare = [&](const char* name, Decimal ours, Decimal theirs, Decimal allowed) {
        if ((ours - theirs).abs() > allowed)
            differences += (differences.empty() ? "" : "; ") + std::string(name) + " " +
                           ours.to_string() + " in the document, " + theirs.to_string() +
                           " in e-conomic";
    };
    compare("net", expected.net, computed.net, tolerance);
    compare("VAT", expected.vat, computed.vat, tolerance);
    compare("gross", expected.gross, computed.gross, Decimal());
    return differences;
}

}  // namespace ferry::economic
