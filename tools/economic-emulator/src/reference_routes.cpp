// Reference data: currencies, vat zones, payment terms (also created), layouts, units, customer
// and product groups, departments and departmental distributions.
#include "references.hpp"
#include "route_helpers.hpp"
#include "schema_validation.hpp"
#include "schemas.hpp"

namespace economic_emulator {
namespace {

using json = nlohmann::json;

struct ReferenceCollection {
    const char* path_name;
    const char* schema_name;
};

constexpr ReferenceCollection reference_collections[] = {
    {"currencies", "currencies.get"},
    {"vat-zones", "vat-zones.get"},
    {"payment-terms", "payment-terms.get"},
    {"layouts", "layouts.get"},
    {"units", "units.get"},
    {"customer-groups", "customer-groups.get"},
    {"product-groups", "product-groups.get"},
    {"departments", "departments.get"},
    {"departmental-distributions", "departmental-distributions.get"},
};

Reply create_payment_terms(RouteContext& context) {
    auto body = json_body(context.request);
    if (auto* error = std::get_if<Reply>(&body))
        return std::move(*error);
    const auto& parsed = std::get<ParsedBody>(body);
    const json& schema = economic_emulator::schema("payment-terms.post");
    ValidationErrors errors;
    validate_against_schema(parsed, schema, errors);
    if (!errors.empty())
        return validation_failed(errors);
    json terms = writable_properties(parsed.value, schema);
    terms["paymentTermsNumber"] = context.agreement.collection("payment-terms").next_number();
    context.agreement.put("payment-terms", terms);
    return created(terms, context.base_url);
}

json with_links(const std::string& collection_name, const json& entity,
                const std::string& base_url) {
    if (collection_name != "product-groups")
        return entity;
    json shown = entity;
    auto number = std::to_string(entity.at("productGroupNumber").get<std::int64_t>());
    shown["products"] = base_url + "/product-groups/" + number + "/products";
    shown["salesAccounts"] = base_url + "/product-groups/" + number + "/sales-accounts";
    return shown;
}

}  // namespace

Reply reference_routes(RouteContext& context) {
    const auto& request = context.request;
    const auto& segments = request.segments;
    const ReferenceCollection* kind = nullptr;
    for (const auto& candidate : reference_collections)
        if (segments.front() == candidate.path_name)
            kind = &candidate;
    if (!kind)
        return not_found();
    const std::string name = kind->path_name;
    CollectionDescription description{"/" + name, kind->schema_name, {}, name == "payment-terms"};
    auto shown = [&](const json& entity) { return with_links(name, entity, context.base_url); };

    if (segments.size() == 1) {
        if (request.method == "GET")
            return list(context, name, description, shown);
        if (request.method == "POST" && name == "payment-terms")
            return create_payment_terms(context);
        return method_not_allowed();
    }
    if (name == "departmental-distributions" && segments.size() == 2 &&
        (segments[1] == "departments" || segments[1] == "distributions")) {
        if (request.method != "GET")
            return method_not_allowed();
        std::string type = segments[1] == "departments" ? "department" : "distribution";
        description.path += "/" + segments[1];
        return list(context, name, description, [&](const json& entity) {
            return entity.value("distributionType", "") == type ? entity : json();
        });
    }
    if (segments.size() != 2)
        return not_found();
    if (request.method != "GET")
        return method_not_allowed();
    const auto& collection = context.agreement.collection(name);
    json id = name == "currencies" ? json(segments[1]) : json(numeric_id(segments[1]).value_or(0));
    const json* entity = collection.find(id);
    if (!entity)
        return not_found();
    return found(shown(*entity), context.base_url);
}

}  // namespace economic_emulator
