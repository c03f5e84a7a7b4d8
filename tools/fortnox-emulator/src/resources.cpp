#include "resources.hpp"

#include <algorithm>
#include <cctype>

namespace fortnox_emulator {

using json = nlohmann::json;
using ferry::sdk::Decimal;

bool all_digits(const std::string& text) {
    return !text.empty() && text.size() < 19 && std::all_of(text.begin(), text.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
    });
}

bool valid_terms(const std::string& terms) {
    return all_digits(terms) && terms.size() <= 3 && std::stoi(terms) <= 365;
}

namespace {

std::string folded(const std::string& text) {
    std::string out = text;
    for (std::size_t i = 0; i < out.size(); ++i) {
        auto c = static_cast<unsigned char>(out[i]);
        if (c < 0x80) {
            out[i] = static_cast<char>(std::tolower(c));
        } else if (c == 0xC3 && i + 1 < out.size()) {
            auto next = static_cast<unsigned char>(out[i + 1]);
            if (next >= 0x80 && next <= 0x9E && next != 0x97)
                out[i + 1] = static_cast<char>(next + 0x20);
            ++i;
        }
    }
    return out;
}

}  // namespace

bool natural_less(const std::string& a, const std::string& b) {
    bool a_number = all_digits(a), b_number = all_digits(b);
    if (a_number && b_number)
        return std::stoll(a) < std::stoll(b);
    if (a_number != b_number)
        return a_number;
    return a < b;
}

bool ilike(const std::string& haystack, const std::string& needle) {
    return folded(haystack).find(folded(needle)) != std::string::npos;
}

std::string text_of(const json& value) {
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_number())
        return value.dump();
    if (value.is_boolean())
        return value.get<bool>() ? "true" : "false";
    return {};
}

std::optional<Reply> check_fields(const Context& context, json& object,
                                  const std::set<std::string>& writable,
                                  const std::set<std::string>& read_only) {
    std::vector<std::string> dropped;
    for (const auto& [name, value] : object.items()) {
        if (read_only.contains(name))
            dropped.push_back(name);
        else if (!writable.contains(name))
            return context.error(400, code::invalid_field, "Ogiltigt fältnamn: " + name + ".");
    }
    for (const auto& name : dropped)
        object.erase(name);
    return std::nullopt;
}

std::variant<emulator_kit::ParsedBody, Reply> entity_body(const Context& context,
                                                          const std::string& wrapper,
                                                          const std::set<std::string>& writable,
                                                          const std::set<std::string>& read_only) {
    if (context.body.find_first_not_of(" \t\r\n") == std::string::npos)
        return context.error(400, code::empty_body,
                             "Tom begäran: skicka {\"" + wrapper + "\":{…}}.");
    auto parsed = emulator_kit::parse_body(context.body);
    if (auto* problem = std::get_if<emulator_kit::BodyParseError>(&parsed))
        return context.error(400, code::bad_json, "Ogiltig JSON: " + problem->message);
    auto& body = std::get<emulator_kit::ParsedBody>(parsed);
    if (!body.value.is_object() || !body.value.contains(wrapper) ||
        !body.value[wrapper].is_object())
        return context.error(400, code::bad_json,
                             "Ogiltig JSON: förväntade {\"" + wrapper + "\":{…}}.");
    for (const auto& [name, value] : body.value.items())
        if (name != wrapper)
            return context.error(400, code::invalid_field, "Ogiltigt fältnamn: " + name + ".");
    if (auto problem = check_fields(context, body.value[wrapper], writable, read_only))
        return *problem;
    return std::move(body);
}

std::optional<Decimal> decimal_field(const emulator_kit::ParsedBody& body,
                                     const std::string& pointer, bool& invalid) {
    json::json_pointer at(pointer);
    if (!body.value.contains(at) || body.value.at(at).is_null())
        return std::nullopt;
    const json& value = body.value.at(at);
    if (value.is_string()) {
        auto text = value.get<std::string>();
        std::replace(text.begin(), text.end(), ',', '.');
        if (auto parsed = Decimal::parse(text))
            return parsed;
        invalid = true;
        return std::nullopt;
    }
    if (auto parsed = emulator_kit::decimal_at(body, pointer))
        return parsed;
    invalid = true;
    return std::nullopt;
}

std::variant<Paging, Reply> paging_of(const Context& context) {
    Paging paging;
    auto number = [&](const char* name, std::size_t& out, std::size_t max) -> bool {
        const std::string* text = context.query(name);
        if (!text)
            return true;
        if (!all_digits(*text) || std::stoll(*text) < 1 ||
            static_cast<std::size_t>(std::stoll(*text)) > max)
            return false;
        out = static_cast<std::size_t>(std::stoll(*text));
        return true;
    };
    if (!number("limit", paging.limit, 500))
        return context.error(400, code::invalid_parameter,
                             "Ogiltig parameter: limit ska vara 1 till 500.");
    if (!number("page", paging.page, 1'000'000))
        return context.error(400, code::invalid_parameter,
                             "Ogiltig parameter: page ska vara 1 eller mer.");
    return paging;
}

Reply list_reply(const std::string& wrapper, const std::vector<json>& items, const Paging& paging) {
    std::size_t total = items.size();
    std::size_t pages = std::max<std::size_t>(1, (total + paging.limit - 1) / paging.limit);
    json page = json::array();
    for (std::size_t i = (paging.page - 1) * paging.limit;
         i < total && i < paging.page * paging.limit; ++i)
        page.push_back(items[i]);
    return Reply::json(
        200,
        {{wrapper, page},
         {"MetaInformation",
          {{"@TotalResources", total}, {"@TotalPages", pages}, {"@CurrentPage", paging.page}}}});
}

std::string url_of(const Context& context, const std::string& path) {
    return context.settings.base_url + "/3/" + path;
}

bool account_exists(const Context& context, std::int64_t number) {
    return context.store.find(context.table("accounts"), std::to_string(number)) != nullptr;
}

}  // namespace fortnox_emulator
