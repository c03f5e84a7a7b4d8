#include "cpr_filter.hpp"

namespace ferry::store_lmdb {
namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

int two_digits(std::string_view text, std::size_t at) {
    return (text[at] - '0') * 10 + (text[at + 1] - '0');
}

// True when `digits` (ten of them) start with a day and month that exist in some year.
bool starts_with_date(std::string_view digits) {
    static constexpr int days_in_month[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int day = two_digits(digits, 0), month = two_digits(digits, 2);
    return month >= 1 && month <= 12 && day >= 1 && day <= days_in_month[month - 1];
}

// The length of a CPR-shaped number at `at`, or 0.
std::size_t cpr_length_at(std::string_view text, std::size_t at) {
    if (at > 0 && is_digit(text[at - 1]))
        return 0;
    std::string digits;
    std::size_t i = at;
    for (; i < text.size() && digits.size() < 10; ++i) {
        if (is_digit(text[i]))
            digits += text[i];
        else if (digits.size() == 6 && (text[i] == '-' || text[i] == ' ') && i + 1 < text.size() &&
                 is_digit(text[i + 1]) && text[i - 1] != '-' && text[i - 1] != ' ')
            continue;
        else
            return 0;
    }
    if (digits.size() != 10 || (i < text.size() && is_digit(text[i])))
        return 0;
    return starts_with_date(digits) ? i - at : 0;
}

}  // namespace

std::string without_cpr_numbers(std::string_view text) {
    std::string result;
    result.reserve(text.size());
    for (std::size_t at = 0; at < text.size();) {
        if (std::size_t length = cpr_length_at(text, at)) {
            result += cpr_mask;
            at += length;
        } else {
            result += text[at++];
        }
    }
    return result;
}

}  // namespace ferry::store_lmdb
