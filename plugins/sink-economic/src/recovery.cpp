#include "recovery.hpp"

#include "draft_mapping.hpp"

namespace ferry::economic {

namespace {

// The lowest number: if a duplicate ever existed, the first one is the one to keep.
std::optional<Json> first_with_reference(EconomicApi& api, const std::string& collection,
                                         const char* number_field, const std::string& reference) {
    std::optional<Json> first;
    for (Json& invoice :
         api.list(collection, "references.other$eq:" + escape_filter_value(reference))) {
        auto number = integer_at(invoice, number_field);
        // $eq compares case-insensitively; references differ only in case for other documents.
        bool same = invoice.contains("references") &&
                    invoice["references"].value("other", std::string()) == reference;
        if (number && same && (!first || *number < *integer_at(*first, number_field)))
            first = std::move(invoice);
    }
    return first;
}

// e-conomic stores a credit note as an invoice with negative amounts; a Document prints them
// positive.
template <class Held>
void fill_amounts(Held& held, const Json& invoice, bool credit_note) {
    if (auto amounts = amounts_of(invoice)) {
        held.net = credit_note ? -amounts->net : amounts->net;
        held.vat = credit_note ? -amounts->vat : amounts->vat;
        held.gross = credit_note ? -amounts->gross : amounts->gross;
    }
}

}  // namespace

std::optional<std::int64_t> integer_at(const Json& json, const char* key) {
    if (!json.is_object())
        return std::nullopt;
    auto it = json.find(key);
    if (it == json.end() || !it->is_number_integer())
        return std::nullopt;
    return it->get<std::int64_t>();
}

std::optional<Json> booked_invoice(EconomicApi& api, const std::string& reference) {
    return first_with_reference(api, "/invoices/booked", "bookedInvoiceNumber", reference);
}

std::optional<Json> draft_invoice(EconomicApi& api, const std::string& reference) {
    return first_with_reference(api, "/invoices/drafts", "draftInvoiceNumber", reference);
}

sdk::Found find_delivery(Company& company, const std::string& reference, sdk::DocumentKind kind) {
    if (auto booked = booked_invoice(company.api(), reference)) {
        sdk::TargetRefs target{
            {sdk::target_key::booked, std::to_string(*integer_at(*booked, "bookedInvoiceNumber"))}};
        if (auto order = integer_at(*booked, "orderNumber"))
            target[sdk::target_key::draft] = std::to_string(*order);
        sdk::Found found;
        found.status = sdk::Found::Status::delivered, found.target = target;
        fill_amounts(found, *booked, kind == sdk::DocumentKind::credit_note);
        return found;
    }
    sdk::Found found;
    if (auto draft = draft_invoice(company.api(), reference)) {
        found.status = sdk::Found::Status::incomplete;
        found.target[sdk::target_key::draft] =
            std::to_string(*integer_at(*draft, "draftInvoiceNumber"));
        // With `book: false` a draft is what a delivery leaves: reconcile compares it.
        fill_amounts(found, *draft, kind == sdk::DocumentKind::credit_note);
    }
    return found;
}

std::vector<sdk::HeldDocument> held_documents(Company& company, const std::string& reference_prefix,
                                              sdk::Date from, sdk::Date to) {
    // $like with an unescaped '*' matches from the start; it ignores case, so the prefix is
    // compared again below.
    std::string filter = "references.other$like:" + escape_filter_value(reference_prefix) +
                         "*$and:date$gte:" + from.to_string() + "$and:date$lte:" + to.to_string();
    std::vector<sdk::HeldDocument> held;
    auto collect = [&](const std::string& collection, const char* number_field,
                       const char* target_key) {
        for (const Json& invoice : company.api().list(collection, filter)) {
            std::string reference =
                invoice.contains("references") && invoice["references"].is_object()
                    ? invoice["references"].value("other", std::string())
                    : std::string();
            auto number = integer_at(invoice, number_field);
            auto date = sdk::Date::parse(invoice.value("date", std::string()));
            if (!number || !date || reference.rfind(reference_prefix, 0) != 0)
                continue;
            sdk::HeldDocument document{reference, *date, {{target_key, std::to_string(*number)}},
                                       {},        {},    {}};
            if (auto order = integer_at(invoice, "orderNumber"))
                document.target[sdk::target_key::draft] = std::to_string(*order);
            fill_amounts(document, invoice, reference.find("/credit-note/") != std::string::npos);
            held.push_back(std::move(document));
        }
    };
    collect("/invoices/booked", "bookedInvoiceNumber", sdk::target_key::booked);
    // With `book: false` a draft is where a delivery ends (invoices left for review).
    if (!company.config().defaults.book)
        collect("/invoices/drafts", "draftInvoiceNumber", sdk::target_key::draft);
    return held;
}

}  // namespace ferry::economic
