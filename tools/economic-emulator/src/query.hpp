// Collection queries as e-conomic reads them: `filter` (§3 syntax), `sort`, `skippages` and
// `pagesize`, and the pagination envelope around the page.
#pragma once

#include "emulator_kit/reply.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace economic_emulator {

using emulator_kit::Reply;

using QueryParameters = std::map<std::string, std::string>;

struct FilterNode;

struct CollectionQuery {
    std::shared_ptr<const FilterNode> filter;
    std::vector<std::pair<std::string, bool>> sort;  // field, descending
    std::vector<bool> sort_alphabetical;
    std::size_t skip_pages = 0;
    std::size_t page_size = 20;
    QueryParameters passed_on;  // filter and sort, repeated in the envelope's links
};

struct CollectionDescription {
    std::string path;         // "/customers"
    std::string schema_name;  // collection GET schema, for filterable/sortable fields and types
    std::vector<std::string>
        extra_filterable;  // accepted by e-conomic though the schema omits them
    bool creatable = false;
};

std::variant<CollectionQuery, Reply> parse_collection_query(
    const QueryParameters& parameters, const CollectionDescription& description);

// Applies filter, sort and paging to `entities` (already rendered) and wraps the page.
nlohmann::json collection_page(std::vector<nlohmann::json> entities, const CollectionQuery& query,
                               const CollectionDescription& description,
                               const std::string& base_url);
// The same over stored entities, each rendered only when it is on the page: the filter and the
// sort read the stored entity, so `render` may add only what neither reads (links).
nlohmann::json collection_page(std::vector<const nlohmann::json*> entities,
                               const CollectionQuery& query,
                               const CollectionDescription& description,
                               const std::string& base_url,
                               const std::function<nlohmann::json(const nlohmann::json&)>& render);

std::string url_encode(const std::string& text);

}  // namespace economic_emulator
