#include "recovery.hpp"

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

sdk::Found find_delivery(Company& company, const std::string& reference) {
    if (auto booked = booked_invoice(company.api(), reference)) {
        sdk::TargetRefs target{
            {"booked", std::to_string(*integer_at(*booked, "bookedInvoiceNumber"))}};
        if (auto order = integer_at(*booked, "orderNumber"))
            target["draft"] = std::to_string(*order);
        return {sdk::Found::Status::delivered, target};
    }
    if (auto draft = draft_invoice(company.api(), reference))
        return {sdk::Found::Status::incomplete,
                {{"draft", std::to_string(*integer_at(*draft, "draftInvoiceNumber"))}}};
    return {};
}

}  // namespace ferry::economic
