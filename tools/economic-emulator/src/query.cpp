#include "query.hpp"

#include "error_bodies.hpp"
#include "schemas.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace economic_emulator {

using json = nlohmann::json;

struct FilterValue {
    bool is_null = false;
    std::string text;
    std::vector<bool> wildcard;  // per character of text: an unescaped '*' (for $like)
};

struct FilterNode {
    enum class Kind { condition, all_of, any_of } kind = Kind::condition;
    std::string field;
    std::string op;
    std::vector<FilterValue> values;
    std::string field_type;
    std::vector<FilterNode> children;
};

namespace {

constexpr std::size_t max_page_size = 1000;
constexpr std::size_t max_in_values = 200;

struct FilterSyntaxError {
    std::string message;
};

std::string lowered(std::string text) {
    for (auto& c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

class FilterParser {
  public:
    explicit FilterParser(const std::string& text) : text_(text) {}

    FilterNode parse() {
        FilterNode node = expression();
        if (position_ != text_.size())
            throw FilterSyntaxError{"Unexpected text at position " + std::to_string(position_) +
                                    "."};
        return node;
    }

  private:
    // $and binds tighter than $or.
    FilterNode expression() {
        FilterNode left = conjunction();
        if (!at("$or:"))
            return left;
        FilterNode any;
        any.kind = FilterNode::Kind::any_of;
        any.children.push_back(std::move(left));
        while (consume("$or:"))
            any.children.push_back(conjunction());
        return any;
    }
    FilterNode conjunction() {
        FilterNode left = term();
        if (!at("$and:"))
            return left;
        FilterNode all;
        all.kind = FilterNode::Kind::all_of;
        all.children.push_back(std::move(left));
        while (consume("$and:"))
            all.children.push_back(term());
        return all;
    }
    FilterNode term() {
        if (consume("(")) {
            FilterNode inner = expression();
            if (!consume(")"))
                throw FilterSyntaxError{"Missing ')' in filter."};
            return inner;
        }
        FilterNode condition;
        std::size_t dollar = text_.find('$', position_);
        if (dollar == std::string::npos || dollar == position_)
            throw FilterSyntaxError{"Expected <property>$<operator>:<value>."};
        condition.field = text_.substr(position_, dollar - position_);
        std::size_t colon = text_.find(':', dollar);
        if (colon == std::string::npos)
            throw FilterSyntaxError{"Missing ':' after the operator."};
        condition.op = text_.substr(dollar + 1, colon - dollar - 1);
        position_ = colon + 1;
        static const std::vector<std::string> operators = {"eq",  "ne",   "gt", "gte", "lt",
                                                           "lte", "like", "in", "nin"};
        if (std::find(operators.begin(), operators.end(), condition.op) == operators.end())
            throw FilterSyntaxError{"Unknown operator '$" + condition.op + ":'."};
        if (condition.op == "in" || condition.op == "nin")
            list(condition);
        else
            condition.values.push_back(value(false));
        return condition;
    }
    void list(FilterNode& condition) {
        if (!consume("["))
            throw FilterSyntaxError{"$" + condition.op + ": needs a list in brackets: [a,b]."};
        while (true) {
            condition.values.push_back(value(true));
            if (consume(","))
                continue;
            if (consume("]"))
                break;
            throw FilterSyntaxError{"Missing ']' in $" + condition.op + ": list."};
        }
        if (condition.values.size() > max_in_values)
            throw FilterSyntaxError{"$" + condition.op + ": accepts at most 200 values."};
    }
    FilterValue value(bool in_list) {
        FilterValue result;
        if (consume("$null:")) {
            result.is_null = true;
            return result;
        }
        while (position_ < text_.size()) {
            char c = text_[position_];
            if (c == '$') {
                if (at("$and:") || at("$or:"))
                    break;
                if (position_ + 1 >= text_.size() ||
                    std::string_view("$()*,").find(text_[position_ + 1]) == std::string_view::npos)
                    throw FilterSyntaxError{"Unescaped '$' in filter value; write '$$'."};
                result.text += text_[position_ + 1];
                result.wildcard.push_back(false);
                position_ += 2;
                continue;
            }
            if (c == ')' || (in_list && (c == ',' || c == ']')))
                break;
            result.text += c;
            result.wildcard.push_back(c == '*');
            ++position_;
        }
        return result;
    }
    bool at(std::string_view token) const {
        return text_.compare(position_, token.size(), token) == 0;
    }
    bool consume(std::string_view token) {
        if (!at(token))
            return false;
        position_ += token.size();
        return true;
    }

    const std::string& text_;
    std::size_t position_ = 0;
};

const json* value_at(const json& entity, const std::string& dotted) {
    const json* node = &entity;
    std::size_t start = 0;
    while (start <= dotted.size()) {
        std::size_t dot = dotted.find('.', start);
        std::string name =
            dotted.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (!node->is_object())
            return nullptr;
        auto found = node->find(name);
        if (found == node->end())
            return nullptr;
        node = &*found;
        if (dot == std::string::npos)
            break;
        start = dot + 1;
    }
    return node->is_null() ? nullptr : node;
}

bool glob_match(const std::string& text, const FilterValue& pattern) {
    // Iterative wildcard match with backtracking to the last '*'.
    std::size_t t = 0, p = 0, star = std::string::npos, resume = 0;
    while (t < text.size()) {
        if (p < pattern.text.size() && pattern.wildcard[p]) {
            star = p++;
            resume = t;
        } else if (p < pattern.text.size() && pattern.text[p] == text[t]) {
            ++p;
            ++t;
        } else if (star != std::string::npos) {
            p = star + 1;
            t = ++resume;
        } else {
            return false;
        }
    }
    while (p < pattern.text.size() && pattern.wildcard[p])
        ++p;
    return p == pattern.text.size();
}

// <0, 0, >0 like strcmp; numbers numerically, everything else case-insensitively.
int compare(const json& value, const FilterValue& wanted, const std::string& type) {
    if (type == "integer" || type == "number") {
        double left =
            value.is_number() ? value.get<double>() : std::strtod(value.dump().c_str(), nullptr);
        double right = std::strtod(wanted.text.c_str(), nullptr);
        return left < right ? -1 : left > right ? 1 : 0;
    }
    std::string left = lowered(value.is_string() ? value.get<std::string>() : value.dump());
    std::string right = lowered(wanted.text);
    return left.compare(right) < 0 ? -1 : left == right ? 0 : 1;
}

bool matches(const FilterNode& node, const json& entity) {
    if (node.kind == FilterNode::Kind::all_of)
        return std::all_of(node.children.begin(), node.children.end(),
                           [&](const auto& c) { return matches(c, entity); });
    if (node.kind == FilterNode::Kind::any_of)
        return std::any_of(node.children.begin(), node.children.end(),
                           [&](const auto& c) { return matches(c, entity); });
    const json* value = value_at(entity, node.field);
    auto equal = [&](const FilterValue& wanted) {
        if (wanted.is_null)
            return value == nullptr;
        if (node.field_type == "boolean")
            return (value && value->is_boolean() && value->get<bool>()) ==
                   (lowered(wanted.text) == "true");
        return value != nullptr && compare(*value, wanted, node.field_type) == 0;
    };
    const auto& first = node.values.front();
    if (node.op == "eq")
        return equal(first);
    if (node.op == "ne")
        return !equal(first);
    if (node.op == "in")
        return std::any_of(node.values.begin(), node.values.end(), equal);
    if (node.op == "nin")
        return std::none_of(node.values.begin(), node.values.end(), equal);
    if (!value || first.is_null)
        return false;
    if (node.op == "like") {
        std::string text = lowered(value->is_string() ? value->get<std::string>() : value->dump());
        FilterValue pattern = first;
        pattern.text = lowered(pattern.text);
        bool has_wildcard = std::find(pattern.wildcard.begin(), pattern.wildcard.end(), true) !=
                            pattern.wildcard.end();
        return has_wildcard ? glob_match(text, pattern)
                            : text.find(pattern.text) != std::string::npos;
    }
    int order = compare(*value, first, node.field_type);
    if (node.op == "gt")
        return order > 0;
    if (node.op == "gte")
        return order >= 0;
    if (node.op == "lt")
        return order < 0;
    return order <= 0;
}

// Every condition's field must be filterable; its schema type decides how values compare.
void resolve_fields(FilterNode& node, const std::vector<std::string>& allowed,
                    const json& item_schema, std::string& unknown) {
    for (auto& child : node.children)
        resolve_fields(child, allowed, item_schema, unknown);
    if (node.kind != FilterNode::Kind::condition)
        return;
    if (std::find(allowed.begin(), allowed.end(), node.field) == allowed.end()) {
        if (unknown.empty())
            unknown = node.field;
        return;
    }
    const json* property = property_schema(item_schema, node.field);
    node.field_type = property && property->contains("type") && (*property)["type"].is_string()
                          ? (*property)["type"].get<std::string>()
                          : "string";
}

std::optional<std::size_t> whole_number(const std::string& text) {
    if (text.empty() || text.size() > 9 || !std::all_of(text.begin(), text.end(), ::isdigit))
        return std::nullopt;
    return static_cast<std::size_t>(std::stoul(text));
}

int sort_compare(const json* left, const json* right, bool alphabetical) {
    if (!left || !right)
        return (left != nullptr) - (right != nullptr);
    if (!alphabetical && left->is_number() && right->is_number()) {
        double a = left->get<double>(), b = right->get<double>();
        return a < b ? -1 : a > b ? 1 : 0;
    }
    std::string a = lowered(left->is_string() ? left->get<std::string>() : left->dump());
    std::string b = lowered(right->is_string() ? right->get<std::string>() : right->dump());
    return a < b ? -1 : a > b ? 1 : 0;
}

}  // namespace

std::string url_encode(const std::string& text) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
            out += static_cast<char>(c);
        else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::variant<CollectionQuery, Reply> parse_collection_query(
    const QueryParameters& parameters, const CollectionDescription& description) {
    CollectionQuery query;
    if (auto size = parameters.find("pagesize"); size != parameters.end()) {
        auto number = whole_number(size->second);
        if (!number || *number > max_page_size || *number == 0)
            return error_reply(
                400,
                "The page size must be a number from 1 to " + std::to_string(max_page_size) + ".",
                "E04810", "Use pagesize between 1 and maxPageSizeAllowed (1000).");
        query.page_size = *number;
    }
    if (auto skip = parameters.find("skippages"); skip != parameters.end()) {
        auto number = whole_number(skip->second);
        if (!number)
            return error_reply(400, "skippages must be a non-negative number.", "E04300",
                               "Use skippages=0 for the first page.");
        query.skip_pages = *number;
    }
    const json& item_schema = collection_item_schema(description.schema_name);
    if (auto filter = parameters.find("filter"); filter != parameters.end()) {
        auto allowed = filterable_fields(description.schema_name);
        allowed.insert(allowed.end(), description.extra_filterable.begin(),
                       description.extra_filterable.end());
        try {
            auto node = std::make_shared<FilterNode>(FilterParser(filter->second).parse());
            std::string unknown;
            resolve_fields(*node, allowed, item_schema, unknown);
            if (!unknown.empty())
                return filter_error("Filtering is not allowed on property '" + unknown + "'.",
                                    allowed);
            query.filter = node;
        } catch (const FilterSyntaxError& error) {
            return filter_error(error.message, allowed);
        }
        query.passed_on["filter"] = filter->second;
    }
    if (auto sort = parameters.find("sort"); sort != parameters.end()) {
        auto sortable = sortable_fields(description.schema_name);
        std::size_t start = 0;
        while (start <= sort->second.size()) {
            std::size_t comma = sort->second.find(',', start);
            std::string field = sort->second.substr(
                start, comma == std::string::npos ? std::string::npos : comma - start);
            bool alphabetical = false, descending = false;
            while (!field.empty() && (field[0] == '-' || field[0] == '~')) {
                (field[0] == '-' ? descending : alphabetical) = true;
                field.erase(0, 1);
            }
            if (std::find(sortable.begin(), sortable.end(), field) == sortable.end())
                return error_reply(
                    400, "Could not parse query string sort parameter.", "E04300",
                    "'" + field + "' is not a sortable property of this collection.");
            query.sort.emplace_back(field, descending);
            query.sort_alphabetical.push_back(alphabetical);
            if (comma == std::string::npos)
                break;
            start = comma + 1;
        }
        query.passed_on["sort"] = sort->second;
    }
    return query;
}

json collection_page(std::vector<json> entities, const CollectionQuery& query,
                     const CollectionDescription& description, const std::string& base_url) {
    std::vector<const json*> stored;
    stored.reserve(entities.size());
    for (const json& entity : entities)
        stored.push_back(&entity);
    return collection_page(std::move(stored), query, description, base_url,
                           [](const json& entity) { return entity; });
}

json collection_page(std::vector<const json*> entities, const CollectionQuery& query,
                     const CollectionDescription& description, const std::string& base_url,
                     const std::function<json(const json&)>& render) {
    std::size_t without_filter = entities.size();
    if (query.filter)
        std::erase_if(entities,
                      [&](const json* entity) { return !matches(*query.filter, *entity); });
    if (!query.sort.empty()) {
        // Each entity's sort values are looked up once, not at every comparison: a year's
        // entries can number a hundred thousand.
        const std::size_t fields = query.sort.size();
        std::vector<const json*> values(entities.size() * fields);
        std::vector<std::size_t> order(entities.size());
        for (std::size_t e = 0; e < entities.size(); ++e) {
            order[e] = e;
            for (std::size_t f = 0; f < fields; ++f)
                values[e * fields + f] = value_at(*entities[e], query.sort[f].first);
        }
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            for (std::size_t f = 0; f < fields; ++f) {
                int compared = sort_compare(values[a * fields + f], values[b * fields + f],
                                            query.sort_alphabetical[f]);
                if (compared != 0)
                    return query.sort[f].second ? compared > 0 : compared < 0;
            }
            return false;
        });
        std::vector<const json*> sorted;
        sorted.reserve(entities.size());
        for (std::size_t e : order)
            sorted.push_back(entities[e]);
        entities = std::move(sorted);
    }
    std::size_t results = entities.size();
    std::size_t last_page = results == 0 ? 0 : (results - 1) / query.page_size;
    auto link = [&](std::size_t page) {
        std::string url = base_url + description.path + "?skippages=" + std::to_string(page) +
                          "&pagesize=" + std::to_string(query.page_size);
        for (const auto& [name, value] : query.passed_on)
            url += "&" + name + "=" + url_encode(value);
        return url;
    };
    json page = json::array();
    std::size_t first = query.skip_pages * query.page_size;
    for (std::size_t i = first; i < results && i < first + query.page_size; ++i)
        page.push_back(render(*entities[i]));
    json pagination = {{"maxPageSizeAllowed", max_page_size},
                       {"skipPages", query.skip_pages},
                       {"pageSize", query.page_size},
                       {"results", results},
                       {"resultsWithoutFilter", without_filter},
                       {"firstPage", link(0)}};
    if (query.skip_pages > 0)
        pagination["previousPage"] = link(std::min(query.skip_pages - 1, last_page));
    if (query.skip_pages < last_page)
        pagination["nextPage"] = link(query.skip_pages + 1);
    pagination["lastPage"] = link(last_page);
    json body = {{"collection", page}, {"pagination", pagination}};
    if (description.creatable)
        body["metaData"] = {{"create",
                             {{"description", "Create a new item."},
                              {"href", base_url + description.path},
                              {"httpMethod", "post"}}}};
    body["self"] = link(query.skip_pages);
    return body;
}

}  // namespace economic_emulator
