#include "references.hpp"

#include "product_number_escaping.hpp"

#include <cstdlib>

namespace economic_emulator {
namespace {

using json = nlohmann::json;

struct LinkKind {
    const char* id_field;
    const char* path;
};

// First match wins, so an invoice's own number beats the references it holds.
constexpr LinkKind link_kinds[] = {
    {"bookedInvoiceNumber", "/invoices/booked/"},
    {"draftInvoiceNumber", "/invoices/drafts/"},
    {"customerNumber", "/customers/"},
    {"productNumber", "/products/"},
    {"customerGroupNumber", "/customer-groups/"},
    {"productGroupNumber", "/product-groups/"},
    {"paymentTermsNumber", "/payment-terms/"},
    {"vatZoneNumber", "/vat-zones/"},
    {"layoutNumber", "/layouts/"},
    {"unitNumber", "/units/"},
    {"departmentalDistributionNumber", "/departmental-distributions/"},
    {"departmentNumber", "/departments/"},
    {"employeeNumber", "/employees/"},
    {"accountNumber", "/accounts/"},
    {"code", "/currencies/"},
};

std::string id_text(const json& id) {
    return id.is_string() ? id.get<std::string>() : id.dump();
}

}  // namespace

std::optional<json> referenced_id(const json& reference, const std::string& id_field,
                                  bool numeric) {
    if (!reference.is_object())
        return std::nullopt;
    if (auto id = reference.find(id_field); id != reference.end())
        return *id;
    auto self = reference.find("self");
    if (self == reference.end() || !self->is_string())
        return std::nullopt;
    const auto& url = self->get_ref<const std::string&>();
    std::string last = url.substr(url.find_last_of('/') + 1);
    if (last.empty())
        return std::nullopt;
    if (!numeric)
        return json(unescape_product_number(last));
    char* end = nullptr;
    long long number = std::strtoll(last.c_str(), &end, 10);
    if (*end != '\0')
        return std::nullopt;
    return json(number);
}

const json* check_reference(const json& body, const BodyPath& path, const Agreement& agreement,
                            const std::string& collection_name, const std::string& label,
                            const std::string& missing_code, ValidationErrors& errors) {
    const json* node = &body;
    for (const auto& segment : path) {
        if (const auto* name = std::get_if<std::string>(&segment)) {
            if (!node->is_object() || !node->contains(*name))
                return nullptr;
            node = &(*node)[*name];
        } else {
            std::size_t index = std::get<std::size_t>(segment);
            if (!node->is_array() || index >= node->size())
                return nullptr;
            node = &(*node)[index];
        }
    }
    if (!node->is_object())
        return nullptr;  // type errors are reported by the schema check
    const auto& collection = agreement.collection(collection_name);
    auto id = referenced_id(*node, collection.id_field(),
                            collection_name != "products" && collection_name != "currencies");
    if (!id) {
        errors.add(
            path,
            label + " reference has no identifier. Specify " + collection.id_field() + " or self.",
            "E04500");
        return nullptr;
    }
    bool numeric = collection_name != "products" && collection_name != "currencies";
    // A wrong type or a 0 id is already reported by the schema check; one error per mistake.
    if (numeric ? !id->is_number_integer() || id->get<std::int64_t>() < 1 : !id->is_string())
        return nullptr;
    const json* found = collection.find(*id);
    if (!found)
        errors.add(path, label + " '" + id_text(*id) + "' not found.", missing_code, *id,
                   "Find a list of existing items at /" + collection_name + " .");
    return found;
}

json rendered(const json& entity, const std::string& base_url) {
    if (entity.is_array()) {
        json out = json::array();
        for (const auto& element : entity)
            out.push_back(rendered(element, base_url));
        return out;
    }
    if (!entity.is_object())
        return entity;
    json out = json::object();
    for (const auto& [name, value] : entity.items()) {
        if (name.starts_with("__") || value.is_null() || (value.is_boolean() && !value.get<bool>()))
            continue;
        out[name] = rendered(value, base_url);
    }
    if (!out.contains("self"))
        for (const auto& kind : link_kinds)
            if (auto id = out.find(kind.id_field); id != out.end()) {
                std::string text = id_text(*id);
                out["self"] =
                    base_url + kind.path + (id->is_string() ? escape_product_number(text) : text);
                break;
            }
    return out;
}

}  // namespace economic_emulator
