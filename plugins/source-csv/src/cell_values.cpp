#include "cell_values.hpp"

#include <cctype>

namespace ferry::csv {
namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string digits_only(std::string_view text) {
    std::string digits;
    for (char c : text)
        if (c != ' ')
            digits += c;
    return digits;
}

bool all_digits(std::string_view text) {
    for (char c : text)
        if (!is_digit(c))
            return false;
    return true;
}

// Digits of the whole part, with thousands separators only between groups of three.
std::optional<std::string> whole_part(std::string_view text, char thousands) {
    if (text.empty() || text.find(thousands) == std::string_view::npos)
        return all_digits(text) && !text.empty() ? std::optional(std::string(text)) : std::nullopt;
    std::string digits;
    std::size_t group_start = 0;
    bool first = true;
    for (;;) {
        std::size_t end = text.find(thousands, group_start);
        std::string_view group = text.substr(group_start, end - group_start);
        bool size_ok = first ? (!group.empty() && group.size() <= 3) : group.size() == 3;
        if (!size_ok || !all_digits(group))
            return std::nullopt;
        digits += group;
        first = false;
        if (end == std::string_view::npos)
            return digits;
        group_start = end + 1;
    }
}

}  // namespace

std::optional<sdk::Decimal> read_amount(std::string_view cell, bool decimal_comma) {
    char decimal = decimal_comma ? ',' : '.';
    char thousands = decimal_comma ? '.' : ',';
    bool negative = !cell.empty() && cell.front() == '-';
    if (negative)
        cell.remove_prefix(1);
    std::size_t point = cell.find(decimal);
    auto whole = whole_part(cell.substr(0, point), thousands);
    if (!whole)
        return std::nullopt;
    std::string text = (negative ? "-" : "") + *whole;
    if (point != std::string_view::npos) {
        std::string_view fraction = cell.substr(point + 1);
        if (fraction.empty() || !all_digits(fraction))
            return std::nullopt;
        text += "." + std::string(fraction);
    }
    return sdk::Decimal::parse(text);
}

std::optional<sdk::Date> read_date(std::string_view cell) {
    if (cell.size() == 10 && cell[4] == '-')
        return sdk::Date::parse(cell);
    char separator = cell.find('.') != std::string_view::npos ? '.' : '-';
    auto first = cell.find(separator);
    auto second = first == std::string_view::npos ? first : cell.find(separator, first + 1);
    if (second == std::string_view::npos)
        return std::nullopt;
    std::string_view day = cell.substr(0, first),
                     month = cell.substr(first + 1, second - first - 1),
                     year = cell.substr(second + 1);
    auto number_ok = [](std::string_view part, std::size_t longest) {
        return !part.empty() && part.size() <= longest && all_digits(part);
    };
    if (!number_ok(day, 2) || !number_ok(month, 2) || year.size() != 4 || !all_digits(year))
        return std::nullopt;
    auto two = [](std::string_view part) {
        return part.size() == 1 ? "0" + std::string(part) : std::string(part);
    };
    return sdk::Date::parse(std::string(year) + "-" + two(month) + "-" + two(day));
}

std::optional<bool> read_yes_no(std::string_view cell) {
    std::string text = lower(cell);
    if (text.empty() || text == "nej" || text == "no" || text == "0" || text == "false")
        return false;
    if (text == "ja" || text == "yes" || text == "1" || text == "x" || text == "true")
        return true;
    return std::nullopt;
}

std::optional<std::string> read_cvr(std::string_view cell) {
    std::string digits = digits_only(cell);
    if (digits.size() > 2 && lower(digits.substr(0, 2)) == "dk")
        digits.erase(0, 2);
    if (digits.size() != 8 || !all_digits(digits))
        return std::nullopt;
    return digits;
}

std::optional<std::string> read_ean(std::string_view cell) {
    std::string digits = digits_only(cell);
    if (digits.size() != 13 || !all_digits(digits))
        return std::nullopt;
    return digits;
}

}  // namespace ferry::csv
