#include "csv_text.hpp"

#include <array>

namespace ferry::csv {
namespace {

bool is_valid_utf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        auto byte = static_cast<unsigned char>(text[i]);
        std::size_t length = byte < 0x80           ? 1
                             : (byte >> 5) == 0x6  ? 2
                             : (byte >> 4) == 0xE  ? 3
                             : (byte >> 3) == 0x1E ? 4
                                                   : 0;
        if (length == 0 || i + length > text.size() || (length == 2 && byte < 0xC2))
            return false;
        for (std::size_t k = 1; k < length; ++k)
            if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80)
                return false;
        i += length;
    }
    return true;
}

void append_utf8(std::string& out, char32_t code) {
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
}

// Windows-1252's 0x80..0x9F; its five unassigned bytes become U+FFFD.
constexpr std::array<char32_t, 32> windows1252_high = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

std::string from_windows1252(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 8);
    for (char c : bytes) {
        auto byte = static_cast<unsigned char>(c);
        append_utf8(out, byte >= 0x80 && byte < 0xA0 ? windows1252_high[byte - 0x80] : byte);
    }
    return out;
}

}  // namespace

std::optional<std::string> to_utf8(std::string_view bytes, Encoding encoding) {
    constexpr std::string_view bom = "\xEF\xBB\xBF";
    bool has_bom = bytes.starts_with(bom);
    if (has_bom && encoding != Encoding::windows1252)
        bytes.remove_prefix(bom.size());
    switch (encoding) {
        case Encoding::utf8:
            if (!is_valid_utf8(bytes))
                return std::nullopt;
            return std::string(bytes);
        case Encoding::windows1252:
            return from_windows1252(bytes);
        case Encoding::automatic:
            break;
    }
    return is_valid_utf8(bytes) ? std::string(bytes) : from_windows1252(bytes);
}

bool Row::blank() const {
    for (const std::string& cell : cells)
        if (!trimmed(cell).empty())
            return false;
    return true;
}

sdk::Result<std::vector<Row>> split_rows(std::string_view text, char separator) {
    std::vector<Row> rows;
    std::size_t line = 1;
    std::size_t i = 0;
    while (i < text.size()) {
        Row row{line, {}};
        std::string cell;
        for (;;) {
            if (i < text.size() && text[i] == '"') {
                std::size_t opened_on = line;
                ++i;
                for (;;) {
                    if (i >= text.size())
                        return sdk::Problem{"csv.file.open_quote",
                                            ":" + std::to_string(opened_on) +
                                                ": a quoted cell opened on this line is never "
                                                "closed; every \" in a cell must be written \"\""};
                    if (text[i] == '"') {
                        if (i + 1 < text.size() && text[i + 1] == '"') {
                            cell += '"';
                            i += 2;
                            continue;
                        }
                        ++i;
                        break;
                    }
                    if (text[i] == '\n')
                        ++line;
                    cell += text[i++];
                }
            }
            // Unquoted text, or what follows a closing quote up to the next separator.
            while (i < text.size() && text[i] != separator && text[i] != '\n' &&
                   !(text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n'))
                cell += text[i++];
            row.cells.push_back(std::move(cell));
            cell.clear();
            if (i < text.size() && text[i] == separator) {
                ++i;
                continue;
            }
            break;
        }
        if (i < text.size() && text[i] == '\r')
            ++i;
        if (i < text.size() && text[i] == '\n')
            ++i;
        ++line;
        rows.push_back(std::move(row));
    }
    return rows;
}

std::string_view trimmed(std::string_view text) {
    auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!text.empty() && is_space(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && is_space(text.back()))
        text.remove_suffix(1);
    return text;
}

std::string header_name_key(std::string_view name) {
    std::string key(trimmed(name));
    for (std::size_t i = 0; i < key.size(); ++i) {
        auto byte = static_cast<unsigned char>(key[i]);
        if (byte >= 'A' && byte <= 'Z') {
            key[i] = static_cast<char>(byte + 32);
        } else if (byte == 0xC3 && i + 1 < key.size()) {
            // U+00C0..U+00DE (À..Þ but ×) lower-case by adding 0x20, as Latin-1 does.
            auto next = static_cast<unsigned char>(key[i + 1]);
            if (next >= 0x80 && next <= 0x9E && next != 0x97)
                key[i + 1] = static_cast<char>(next + 0x20);
            ++i;
        }
    }
    return key;
}

}  // namespace ferry::csv
