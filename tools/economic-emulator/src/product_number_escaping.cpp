#include "product_number_escaping.hpp"

#include <array>
#include <cstdlib>

namespace economic_emulator {
namespace {

// Index = the code between the underscores. 3, 6, 8, 9 and 11 are confirmed by the reference;
// the others follow restdocs' table as remembered (see README).
constexpr std::array<char, 14> escaped_characters = {'<',  '>', '*', '%', ':', '&', '/',
                                                     '\\', '_', ' ', '?', '.', '#', '+'};

}  // namespace

std::string escape_product_number(std::string_view number) {
    std::string out;
    for (char c : number) {
        bool replaced = false;
        for (std::size_t code = 0; code < escaped_characters.size() && !replaced; ++code)
            if (escaped_characters[code] == c) {
                out += "_" + std::to_string(code) + "_";
                replaced = true;
            }
        if (!replaced)
            out += c;
    }
    return out;
}

std::string unescape_product_number(std::string_view escaped) {
    std::string out;
    for (std::size_t i = 0; i < escaped.size(); ++i) {
        if (escaped[i] == '_') {
            std::size_t end = i + 1;
            while (end < escaped.size() && end - i <= 2 && escaped[end] >= '0' &&
                   escaped[end] <= '9')
                ++end;
            if (end > i + 1 && end < escaped.size() && escaped[end] == '_') {
                auto code = static_cast<std::size_t>(
                    std::atoi(std::string(escaped.substr(i + 1, end - i - 1)).c_str()));
                if (code < escaped_characters.size()) {
                    out += escaped_characters[code];
                    i = end;
                    continue;
                }
            }
        }
        out += escaped[i];
    }
    return out;
}

}  // namespace economic_emulator
