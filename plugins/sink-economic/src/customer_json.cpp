// The mapping of an sdk::Customer to and from e-conomic's customer JSON, kept apart from what
// is done with it.
#include "customer_json.hpp"

#include <algorithm>
#include <cctype>
#include <map>

namespace ferry::economic {

namespace {

// What a bookkeeper may have changed in e-conomic, or what the source does not know: an update
// sends it back as e-conomic has it, since a PUT clears whatever it leaves out.
constexpr const char* kept_fields[] = {"currency",
                                       "customerGroup",
                                       "paymentTerms",
                                       "vatZone",
                                       "layout",
                                       "attention",
                                       "customerContact",
                                       "salesPerson",
                                       "priceGroup",
                                       "creditLimit",
                                       "website",
                                       "mobilePhone",
                                       "pNumber",
                                       "publicEntryNumber",
                                       "eInvoicingDisabledByDefault",
                                       "defaultDeliveryLocation"};

// What follows the source, with e-conomic's limits (customers.post.schema.json). Identifiers
// are never shortened: a cut CVR would be another company's.
struct SourceField {
    const char* name;
    std::size_t limit;  // 0: not shortened
};
constexpr SourceField source_fields[] = {{"name", 255},    {"corporateIdentificationNumber", 0},
                                         {"ean", 0},       {"vatNumber", 0},
                                         {"address", 510}, {"zip", 30},
                                         {"city", 50},     {"country", 50},
                                         {"email", 255},   {"telephoneAndFaxNumber", 255}};

std::string truncated(const std::string& text, std::size_t limit) {
    if (limit == 0 || text.size() <= limit)
        return text;
    std::size_t end = limit;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        --end;  // never cut a UTF-8 sequence in half
    return text.substr(0, end);
}

}  // namespace

std::string text_at(const Json& json, const char* field) {
    auto it = json.find(field);
    return it != json.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool barred_in(const Json& customer) {
    auto it = customer.find("barred");
    return it != customer.end() && it->is_boolean() && it->get<bool>();
}

namespace {

std::string address_line(const sdk::Address& address) {
    std::string line = address.street;
    if (!address.building_number.empty())
        line += (line.empty() ? "" : " ") + address.building_number;
    if (!address.additional_street.empty())
        line += (line.empty() ? "" : "\n") + address.additional_street;
    return line;
}

// e-conomic keeps a country as text; the invoices Ferry books write Denmark as "Danmark".
std::string country_text(const std::string& code) {
    return code == "DK" ? "Danmark" : code;
}

}  // namespace

std::string country_code(const std::string& text) {
    std::string lower = text;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    return lower == "danmark" || lower == "denmark" ? "DK" : text;
}

namespace {

// The source's values, under e-conomic's names; empty ones are left out, which clears them.
std::map<std::string, std::string> source_values(const sdk::Customer& customer) {
    std::map<std::string, std::string> values = {
        {"name", customer.name.empty() ? "Kunde " + customer.number : customer.name},
        {"corporateIdentificationNumber", customer.cvr},
        {"ean", customer.ean},
        {"vatNumber", customer.vat_number},
        {"address", address_line(customer.address)},
        {"zip", customer.address.postal_zone},
        {"city", customer.address.city},
        {"country", country_text(customer.address.country_code)},
        {"email", customer.email},
        {"telephoneAndFaxNumber", customer.telephone}};
    for (const SourceField& field : source_fields)
        values[field.name] = truncated(values[field.name], field.limit);
    return values;
}

}  // namespace

// The source-owned part of a customer, as compared between e-conomic and the source.
Json owned_part(const Json& customer) {
    Json owned = Json::object();
    for (const SourceField& field : source_fields)
        if (std::string value = text_at(customer, field.name); !value.empty())
            owned[field.name] = value;
    owned["barred"] = barred_in(customer);
    return owned;
}

void put_source_values(Json& body, const sdk::Customer& customer) {
    for (const auto& [name, value] : source_values(customer))
        if (!value.empty())
            body[name] = value;
    body["barred"] = customer.barred;
}

// What e-conomic holds with the source's values over it: the whole wanted state, for a PUT.
Json updated_body(const Json& existing, const sdk::Customer& customer) {
    Json body = Json::object();
    for (const char* field : kept_fields)
        if (auto it = existing.find(field); it != existing.end() && !it->is_null())
            body[field] = *it;
    put_source_values(body, customer);
    return body;
}

}  // namespace ferry::economic
