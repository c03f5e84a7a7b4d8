#include "schemas.hpp"

#include <map>
#include <stdexcept>

namespace economic_emulator {
namespace {

const std::map<std::string, nlohmann::json, std::less<>>& parsed_schemas() {
    static const auto table = [] {
        std::map<std::string, nlohmann::json, std::less<>> parsed;
        for (const auto& entry : embedded_schemas())
            parsed.emplace(entry.name, nlohmann::json::parse(entry.text));
        return parsed;
    }();
    return table;
}

void collect_marked(const nlohmann::json& node, const std::string& path, const char* marker,
                    std::vector<std::string>& out) {
    if (!node.is_object())
        return;
    if (!path.empty() && node.value(marker, false))
        out.push_back(path);
    if (auto properties = node.find("properties");
        properties != node.end() && properties->is_object())
        for (const auto& [name, child] : properties->items())
            collect_marked(child, path.empty() ? name : path + "." + name, marker, out);
}

std::vector<std::string> marked_fields(std::string_view collection_schema_name,
                                       const char* marker) {
    std::vector<std::string> fields;
    collect_marked(collection_item_schema(collection_schema_name), "", marker, fields);
    return fields;
}

}  // namespace

const nlohmann::json& schema(std::string_view name) {
    const auto& table = parsed_schemas();
    auto found = table.find(name);
    if (found == table.end())
        throw std::out_of_range("no embedded schema " + std::string(name));
    return found->second;
}

const nlohmann::json& collection_item_schema(std::string_view collection_schema_name) {
    return schema(collection_schema_name).at("properties").at("collection").at("items");
}

std::vector<std::string> filterable_fields(std::string_view collection_schema_name) {
    return marked_fields(collection_schema_name, "filterable");
}

std::vector<std::string> sortable_fields(std::string_view collection_schema_name) {
    return marked_fields(collection_schema_name, "sortable");
}

const nlohmann::json* property_schema(const nlohmann::json& item_schema, std::string_view dotted) {
    const nlohmann::json* node = &item_schema;
    while (!dotted.empty()) {
        auto dot = dotted.find('.');
        std::string name(dotted.substr(0, dot));
        dotted = dot == std::string_view::npos ? std::string_view{} : dotted.substr(dot + 1);
        auto properties = node->find("properties");
        if (properties == node->end() || !properties->contains(name))
            return nullptr;
        node = &(*properties)[name];
    }
    return node;
}

}  // namespace economic_emulator
