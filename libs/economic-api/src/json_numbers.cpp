#include "json_numbers.hpp"

#include <vector>

namespace ferry::economic {

namespace {

// Binary values never come from parsed JSON text, so the tag cannot collide with user data.
constexpr std::uint8_t exact_number_subtype = 42;

bool is_exact_number(const Json& json) {
    return json.is_binary() && json.get_binary().has_subtype() &&
           json.get_binary().subtype() == exact_number_subtype;
}

void dump_into(const Json& json, std::string& out) {
    if (is_exact_number(json)) {
        const auto& bytes = json.get_binary();
        out.append(bytes.begin(), bytes.end());
    } else if (json.is_object()) {
        out += '{';
        bool first = true;
        for (const auto& [key, value] : json.items()) {
            out += first ? "" : ",";
            out += Json(key).dump();
            out += ':';
            dump_into(value, out);
            first = false;
        }
        out += '}';
    } else if (json.is_array()) {
        out += '[';
        for (std::size_t i = 0; i < json.size(); ++i) {
            out += i ? "," : "";
            dump_into(json[i], out);
        }
        out += ']';
    } else {
        out += json.dump(-1, ' ', false, Json::error_handler_t::replace);
    }
}

// Builds the DOM like nlohmann's own parser, except that floats keep their text.
class RawNumberBuilder : public nlohmann::json_sax<Json> {
  public:
    Json result;

    bool null() override { return add(nullptr); }
    bool boolean(bool value) override { return add(value); }
    bool number_integer(number_integer_t value) override { return add(value); }
    bool number_unsigned(number_unsigned_t value) override { return add(value); }
    bool number_float(number_float_t, const string_t& text) override { return add(text); }
    bool string(string_t& value) override { return add(value); }
    bool binary(binary_t& value) override { return add(Json::binary(value)); }
    bool start_object(std::size_t) override { return open(Json::object()); }
    bool key(string_t& name) override {
        key_ = name;
        return true;
    }
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override { return open(Json::array()); }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t position, const std::string& token,
                     const nlohmann::detail::exception& e) override {
        throw Json::parse_error::create(101, position, "at '" + token + "': " + e.what(), nullptr);
    }

  private:
    Json* place(Json value) {
        if (open_.empty()) {
            result = std::move(value);
            return &result;
        }
        Json& parent = *open_.back();
        if (parent.is_array()) {
            parent.push_back(std::move(value));
            return &parent.back();
        }
        return &(parent[key_] = std::move(value));
    }
    bool add(Json value) {
        place(std::move(value));
        return true;
    }
    bool open(Json container) {
        open_.push_back(place(std::move(container)));
        return true;
    }
    bool close() {
        open_.pop_back();
        return true;
    }

    std::vector<Json*> open_;
    std::string key_;
};

}  // namespace

Json exact_number(sdk::Decimal value) {
    std::string text = value.to_string(2);
    return Json::binary(std::vector<std::uint8_t>(text.begin(), text.end()), exact_number_subtype);
}

std::string dump_exact(const Json& json) {
    std::string out;
    dump_into(json, out);
    return out;
}

Json parse_exact(const std::string& text) {
    RawNumberBuilder builder;
    Json::sax_parse(text, &builder);
    return std::move(builder.result);
}

std::optional<sdk::Decimal> decimal_at(const Json& json, const char* key) {
    if (!json.is_object())
        return std::nullopt;
    auto it = json.find(key);
    if (it == json.end())
        return std::nullopt;
    if (it->is_number_integer())
        return sdk::Decimal::from_int(it->get<std::int64_t>());
    if (it->is_string())
        return sdk::Decimal::parse(it->get<std::string>());
    return std::nullopt;
}

}  // namespace ferry::economic
