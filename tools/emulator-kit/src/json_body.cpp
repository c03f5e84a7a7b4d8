#include "emulator_kit/json_body.hpp"

#include <cstdlib>
#include <vector>

namespace emulator_kit {
namespace {

using json = nlohmann::json;
using DomParser = nlohmann::detail::json_sax_dom_parser<json>;

// Deeper nesting than any API payload is refused, so hostile bodies cannot exhaust the stack.
constexpr std::size_t max_depth = 64;

// Builds the DOM like nlohmann's own parser and records, for each float, its JSON pointer.
class RawNumberSax : public DomParser {
  public:
    RawNumberSax(json& root, std::map<std::string, std::string>& texts)
        : DomParser(root, false), texts_(texts) {}

    bool null() { return value_seen() && DomParser::null(); }
    bool boolean(bool v) { return value_seen() && DomParser::boolean(v); }
    bool number_integer(number_integer_t v) { return value_seen() && DomParser::number_integer(v); }
    bool number_unsigned(number_unsigned_t v) {
        return value_seen() && DomParser::number_unsigned(v);
    }
    bool number_float(number_float_t v, const string_t& text) {
        texts_[pointer()] = text;
        return value_seen() && DomParser::number_float(v, text);
    }
    bool string(string_t& v) { return value_seen() && DomParser::string(v); }
    bool binary(binary_t& v) { return value_seen() && DomParser::binary(v); }
    bool start_object(std::size_t n) {
        if (frames_.size() >= max_depth)
            return false;
        enter(false);
        return DomParser::start_object(n);
    }
    bool key(string_t& name) {
        frames_.back().segment = escape(name);
        return DomParser::key(name);
    }
    bool end_object() {
        leave();
        return DomParser::end_object();
    }
    bool start_array(std::size_t n) {
        if (frames_.size() >= max_depth)
            return false;
        enter(true);
        return DomParser::start_array(n);
    }
    bool end_array() {
        leave();
        return DomParser::end_array();
    }
    bool too_deep() const { return frames_.size() >= max_depth; }

  private:
    struct Frame {
        bool is_array;
        std::size_t next_index = 0;
        std::string segment;
    };

    std::string pointer() const {
        std::string path;
        for (const auto& frame : frames_)
            path += "/" + (frame.is_array ? std::to_string(frame.next_index) : frame.segment);
        return path;
    }
    // Called after a scalar or a finished container, to move an array frame on.
    bool value_seen() {
        if (!frames_.empty() && frames_.back().is_array)
            ++frames_.back().next_index;
        return true;
    }
    void enter(bool is_array) { frames_.push_back(Frame{is_array, 0, {}}); }
    void leave() {
        frames_.pop_back();
        value_seen();
    }
    static std::string escape(const std::string& name) {
        std::string out;
        for (char c : name) {
            if (c == '~')
                out += "~0";
            else if (c == '/')
                out += "~1";
            else
                out += c;
        }
        return out;
    }

    std::map<std::string, std::string>& texts_;
    std::vector<Frame> frames_;
};

}  // namespace

std::variant<ParsedBody, BodyParseError> parse_body(std::string_view text) {
    ParsedBody body;
    RawNumberSax sax(body.value, body.number_text);
    bool ok = json::sax_parse(text.begin(), text.end(), &sax, json::input_format_t::json, true);
    if (sax.too_deep())
        return BodyParseError{"The JSON body is nested too deeply."};
    if (!ok || sax.is_errored())
        return BodyParseError{"The request body is not valid JSON."};
    return body;
}

int written_decimals(std::string_view text) {
    auto exponent_at = text.find_first_of("eE");
    std::string_view mantissa = text.substr(0, exponent_at);
    int exponent = exponent_at == std::string_view::npos
                       ? 0
                       : std::atoi(std::string(text.substr(exponent_at + 1)).c_str());
    auto point = mantissa.find('.');
    std::string_view fraction =
        point == std::string_view::npos ? std::string_view{} : mantissa.substr(point + 1);
    while (!fraction.empty() && fraction.back() == '0')
        fraction.remove_suffix(1);
    int decimals = static_cast<int>(fraction.size()) - exponent;
    return decimals < 0 ? 0 : decimals;
}

std::optional<ferry::sdk::Decimal> decimal_at(const ParsedBody& body, const std::string& pointer) {
    json::json_pointer at(pointer);
    if (!body.value.contains(at))
        return std::nullopt;
    const json& value = body.value.at(at);
    if (value.is_number_integer())
        return ferry::sdk::Decimal::from_int(value.get<std::int64_t>());
    if (!value.is_number_float())
        return std::nullopt;
    if (auto text = body.number_text.find(pointer); text != body.number_text.end())
        if (auto exact = ferry::sdk::Decimal::parse(text->second))
            return exact;
    return decimal_of(value);
}

json to_json(ferry::sdk::Decimal value) {
    if (value.decimals() == 0)
        return value.units() / ferry::sdk::Decimal::one;
    return std::strtod(value.to_string(0).c_str(), nullptr);
}

ferry::sdk::Decimal decimal_of(const json& number) {
    if (number.is_number_integer())
        return ferry::sdk::Decimal::from_int(number.get<std::int64_t>());
    if (!number.is_number())
        return {};
    // Stored amounts have at most six decimals; %.6f recovers them exactly from the double.
    char text[64];
    std::snprintf(text, sizeof text, "%.6f", number.get<double>());
    return ferry::sdk::Decimal::parse(text).value_or(ferry::sdk::Decimal{});
}

}  // namespace emulator_kit
