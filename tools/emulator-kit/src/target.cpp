#include "emulator_kit/target.hpp"

#include <nlohmann/json.hpp>

#include <cctype>

namespace emulator_kit {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    return std::tolower(static_cast<unsigned char>(c)) - 'a' + 10;
}

std::string percent_decoded(std::string_view text, bool plus_is_space) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() &&
            std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else if (plus_is_space && text[i] == '+') {
            out += ' ';
        } else {
            out += text[i];
        }
    }
    return out;
}

}  // namespace

bool is_utf8(const std::string& text) {
    try {
        (void)nlohmann::json(text).dump();
        return true;
    } catch (const nlohmann::json::type_error&) {
        return false;
    }
}

std::map<std::string, std::string> parse_form(std::string_view text, bool& not_utf8) {
    std::map<std::string, std::string> values;
    while (!text.empty()) {
        auto amp = text.find('&');
        auto pair = text.substr(0, amp);
        auto equals = pair.find('=');
        std::string name = percent_decoded(pair.substr(0, equals), true);
        std::string value =
            equals == std::string_view::npos ? "" : percent_decoded(pair.substr(equals + 1), true);
        not_utf8 |= !is_utf8(name) || !is_utf8(value);
        values[std::move(name)] = std::move(value);
        if (amp == std::string_view::npos)
            break;
        text = text.substr(amp + 1);
    }
    return values;
}

Target parse_target(std::string_view target) {
    Target parsed;
    auto question = target.find('?');
    std::string_view raw_path = target.substr(0, question);
    std::size_t start = 1;
    while (start <= raw_path.size()) {
        auto slash = raw_path.find('/', start);
        auto segment = raw_path.substr(
            start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
        if (!segment.empty()) {
            parsed.segments.push_back(percent_decoded(segment, false));
            parsed.not_utf8 |= !is_utf8(parsed.segments.back());
        }
        if (slash == std::string_view::npos)
            break;
        start = slash + 1;
    }
    parsed.path.assign(1, '/');  // not = "/": GCC 12 warns falsely (-Wrestrict, PR105329)
    for (std::size_t i = 0; i < parsed.segments.size(); ++i) {
        if (i)
            parsed.path += '/';
        parsed.path += parsed.segments[i];
    }
    if (question != std::string_view::npos)
        parsed.query = parse_form(target.substr(question + 1), parsed.not_utf8);
    return parsed;
}

}  // namespace emulator_kit
