// A last line of defence against CPR numbers in the ledger's free texts and the host's log lines.
//
// Error texts and history notes come from sinks and targets, which may quote what they were
// sent ("debtor 180767-0000 unknown"). The ledger and the logs must never hold a CPR number, so
// the store and the event log mask anything shaped like one before writing: ten digits, optionally
// split 6-4 by a dash or space, whose first six are a valid DDMMYY date, standing alone (not part
// of a longer number). A bank account of that shape is masked too: a less helpful message is the
// price of safety.
#pragma once

#include <string>
#include <string_view>

namespace ferry::sdk {

inline constexpr std::string_view cpr_mask = "[CPR removed]";

namespace cpr_detail {

inline bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

inline int two_digits(std::string_view text, std::size_t at) {
    return (text[at] - '0') * 10 + (text[at + 1] - '0');
}

// True when `digits` (ten of them) start with a day and month that exist in some year.
inline bool starts_with_date(std::string_view digits) {
    static constexpr int days_in_month[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int day = two_digits(digits, 0), month = two_digits(digits, 2);
    return month >= 1 && month <= 12 && day >= 1 && day <= days_in_month[month - 1];
}

// The length of a CPR-shaped number at `at`, or 0.
inline std::size_t cpr_length_at(std::string_view text, std::size_t at) {
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

}  // namespace cpr_detail

inline std::string without_cpr_numbers(std::string_view text) {
    std::string result;
    result.reserve(text.size());
    for (std::size_t at = 0; at < text.size();) {
        if (std::size_t length = cpr_detail::cpr_length_at(text, at)) {
            result += cpr_mask;
            at += length;
        } else {
            result += text[at++];
        }
    }
    return result;
}

}  // namespace ferry::sdk
