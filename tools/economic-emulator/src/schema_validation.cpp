#include "schema_validation.hpp"

#include <regex>

namespace economic_emulator {
namespace {

using json = nlohmann::json;

bool read_only(const json& schema) {
    return schema.value("readOnly", false) || schema.value("readonly", false);
}

bool matches_type(const json& value, const std::string& type) {
    if (type == "string")
        return value.is_string();
    if (type == "integer")
        return value.is_number_integer();
    if (type == "number")
        return value.is_number();
    if (type == "boolean")
        return value.is_boolean();
    if (type == "object")
        return value.is_object();
    if (type == "array")
        return value.is_array();
    if (type == "null")
        return value.is_null();
    return true;  // "any" or a type this subset does not know
}

std::string capitalised(std::string word) {
    if (!word.empty())
        word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
    return word;
}

std::size_t utf8_length(const std::string& text) {
    std::size_t length = 0;
    for (unsigned char c : text)
        length += (c & 0xC0) != 0x80;
    return length;
}

std::string pointer_of(const BodyPath& path) {
    std::string pointer;
    for (const auto& segment : path) {
        if (const auto* name = std::get_if<std::string>(&segment))
            pointer += "/" + *name;
        else
            pointer += "/" + std::to_string(std::get<std::size_t>(segment));
    }
    return pointer;
}

bool ends_with(const std::string& text, std::string_view suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

const std::regex& compiled(const std::string& pattern) {
    static std::map<std::string, std::regex> cache;
    auto found = cache.find(pattern);
    if (found == cache.end())
        found = cache.emplace(pattern, std::regex(pattern)).first;
    return found->second;
}

class Validator {
  public:
    Validator(const ParsedBody& body, ValidationErrors& errors) : body_(body), errors_(errors) {}

    void object(const json& value, const json& schema, BodyPath& path) {
        auto properties = schema.find("properties");
        if (properties == schema.end())
            return;
        for (const auto& [name, property] : properties->items()) {
            if (!property.is_object() || read_only(property))
                continue;
            path.emplace_back(name);
            auto found = value.find(name);
            if (found == value.end()) {
                if (property.value("required", false))
                    errors_.add(path, "Property '" + path_text(path) + "' is required.", "E04042");
            } else {
                node(*found, property, path, name);
            }
            path.pop_back();
        }
    }

  private:
    void node(const json& value, const json& schema, BodyPath& path, const std::string& name) {
        if (!type_ok(value, schema, path))
            return;
        if (value.is_object())
            return object(value, schema, path);
        if (value.is_array()) {
            if (auto items = schema.find("items"); items != schema.end())
                for (std::size_t i = 0; i < value.size(); ++i) {
                    path.emplace_back(i);
                    if (type_ok(value[i], *items, path) && value[i].is_object())
                        object(value[i], *items, path);
                    path.pop_back();
                }
            return;
        }
        if (value.is_string())
            return string(value.get<std::string>(), schema, path);
        if (value.is_number())
            return number(value, schema, path, name);
        if (auto allowed = schema.find("enum"); allowed != schema.end())
            enumeration(value, *allowed, path);
    }

    bool type_ok(const json& value, const json& schema, const BodyPath& path) {
        auto type = schema.find("type");
        if (type == schema.end())
            return true;
        std::vector<std::string> types;
        if (type->is_string())
            types.push_back(type->get<std::string>());
        else if (type->is_array())
            for (const auto& t : *type)
                if (t.is_string())
                    types.push_back(t.get<std::string>());
        for (const auto& t : types)
            if (matches_type(value, t))
                return true;
        if (types.empty())
            return true;
        errors_.add(path,
                    "Expected " + capitalised(types.front()) + " but got " + type_word(value) + ".",
                    "E04300", value.is_structured() ? json() : value);
        return false;
    }

    void string(const std::string& text, const json& schema, const BodyPath& path) {
        std::size_t length = utf8_length(text);
        if (auto max = schema.find("maxLength");
            max != schema.end() && length > max->get<std::size_t>())
            errors_.add(path,
                        "String is too long (" + std::to_string(length) + " chars), maximum " +
                            std::to_string(max->get<std::size_t>()) + ".",
                        "E04300", text.size() > 300 ? json() : json(text));
        if (auto min = schema.find("minLength");
            min != schema.end() && length < min->get<std::size_t>())
            errors_.add(path,
                        "String is too short (" + std::to_string(length) + " chars), minimum " +
                            std::to_string(min->get<std::size_t>()) + ".",
                        "E04300", text);
        if (auto pattern = schema.find("pattern"); pattern != schema.end() && pattern->is_string())
            if (!std::regex_match(text, compiled(pattern->get<std::string>())))
                errors_.add(path,
                            "String '" + text + "' does not match regex pattern '" +
                                pattern->get<std::string>() + "'.",
                            "E04300", text);
        if (auto allowed = schema.find("enum"); allowed != schema.end())
            enumeration(text, *allowed, path);
    }

    void number(const json& value, const json& schema, const BodyPath& path,
                const std::string& name) {
        double number = value.get<double>();
        auto minimum = schema.find("minimum");
        // e-conomic refuses 0 for every id ("Integer 0 is less than minimum value of 1").
        double floor = minimum != schema.end() ? minimum->get<double>()
                       : ends_with(name, "Number") && value.is_number_integer() ? 1.0
                                                                                : -1e300;
        if (number < floor)
            errors_.add(path,
                        capitalised(value.is_number_integer() ? "integer" : "number") + " " +
                            value.dump() + " is less than minimum value of " +
                            json(static_cast<long long>(floor)).dump() + ".",
                        "E04300", value);
        if (auto maximum = schema.find("maximum");
            maximum != schema.end() && number > maximum->get<double>())
            errors_.add(path,
                        capitalised(value.is_number_integer() ? "integer" : "number") + " " +
                            value.dump() + " exceeds maximum value of " + maximum->dump() + ".",
                        "E04300", value);
        if (auto max_decimals = schema.find("maxDecimal");
            max_decimals != schema.end() && value.is_number_float()) {
            auto text = body_.number_text.find(pointer_of(path));
            int decimals = text != body_.number_text.end() ? written_decimals(text->second) : 0;
            if (decimals > max_decimals->get<int>())
                errors_.add(path, "Value has more than " + max_decimals->dump() + " decimals.",
                            "E04740", value);
        }
    }

    void enumeration(const json& value, const json& allowed, const BodyPath& path) {
        for (const auto& candidate : allowed)
            if (candidate == value)
                return;
        errors_.add(path,
                    "Value '" + (value.is_string() ? value.get<std::string>() : value.dump()) +
                        "' is not a valid value. Allowed values are " + allowed.dump() + ".",
                    "E04300", value);
    }

    const ParsedBody& body_;
    ValidationErrors& errors_;
};

}  // namespace

std::string type_word(const json& value) {
    switch (value.type()) {
        case json::value_t::null:
            return "Null";
        case json::value_t::boolean:
            return "Boolean";
        case json::value_t::string:
            return "String";
        case json::value_t::number_integer:
        case json::value_t::number_unsigned:
            return "Integer";
        case json::value_t::number_float:
            return "Number";
        case json::value_t::array:
            return "Array";
        default:
            return "Object";
    }
}

void validate_against_schema(const ParsedBody& body, const json& schema, ValidationErrors& errors) {
    BodyPath path;
    if (!body.value.is_object()) {
        errors.add(path, "Expected Object but got " + type_word(body.value) + ".", "E04300");
        return;
    }
    Validator(body, errors).object(body.value, schema, path);
}

json writable_properties(const json& value, const json& schema) {
    if (value.is_array()) {
        json kept = json::array();
        auto items = schema.find("items");
        for (const auto& element : value)
            kept.push_back(items == schema.end() ? element : writable_properties(element, *items));
        return kept;
    }
    if (!value.is_object())
        return value;
    auto properties = schema.find("properties");
    if (properties == schema.end())
        return value;
    json kept = json::object();
    for (const auto& [name, property] : value.items()) {
        auto known = properties->find(name);
        if (known == properties->end() || !known->is_object() || read_only(*known) ||
            property.is_null())
            continue;
        kept[name] = writable_properties(property, *known);
    }
    return kept;
}

}  // namespace economic_emulator
