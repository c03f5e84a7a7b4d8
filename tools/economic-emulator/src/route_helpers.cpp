#include "route_helpers.hpp"

#include "references.hpp"

namespace economic_emulator {

std::variant<ParsedBody, Reply> json_body(const Request& request) {
    auto parsed = parse_body(request.body);
    if (auto* error = std::get_if<BodyParseError>(&parsed))
        return error_reply(400, error->message, "E04300",
                           "Send a well-formed JSON object as the request body.");
    return std::get<ParsedBody>(std::move(parsed));
}

std::optional<std::int64_t> numeric_id(const std::string& segment) {
    if (segment.empty() || segment.size() > 9)
        return std::nullopt;
    for (char c : segment)
        if (c < '0' || c > '9')
            return std::nullopt;
    auto value = std::stoll(segment);
    if (value < 1)
        return std::nullopt;
    return value;
}

Reply found(const nlohmann::json& entity, const std::string& base_url) {
    return Reply::json(200, rendered(entity, base_url));
}

Reply created(const nlohmann::json& entity, const std::string& base_url) {
    auto shown = rendered(entity, base_url);
    Reply reply = Reply::json(201, shown);
    reply.set_header("Location", shown.value("self", base_url));
    return reply;
}

Reply list(RouteContext& context, const std::string& collection_name,
           const CollectionDescription& description,
           const std::function<nlohmann::json(const nlohmann::json&)>& shown) {
    auto query = parse_collection_query(context.request.query, description);
    if (auto* error = std::get_if<Reply>(&query))
        return std::move(*error);
    std::vector<nlohmann::json> entities;
    for (const auto& [key, entity] : context.agreement.collection(collection_name).items())
        if (auto visible = shown(entity); !visible.is_null())
            entities.push_back(rendered(visible, context.base_url));
    return Reply::json(200, collection_page(std::move(entities), std::get<CollectionQuery>(query),
                                            description, context.base_url));
}

}  // namespace economic_emulator
