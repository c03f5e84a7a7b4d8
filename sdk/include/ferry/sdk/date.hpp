// Calendar dates as documents carry them (no time of day, no time zone).
#pragma once

#include <chrono>
#include <compare>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace ferry::sdk {

struct Date {
    int year = 1970;
    int month = 1;
    int day = 1;

    // `YYYY-MM-DD`, optionally followed by an xsd:date zone (`Z`, `+01:00`), which is dropped:
    // an invoice date is the date printed on it.
    static std::optional<Date> parse(std::string_view text) {
        if (text.size() < 10 || text[4] != '-' || text[7] != '-')
            return std::nullopt;
        auto digits = [&](std::size_t from, std::size_t count) -> int {
            int value = 0;
            for (std::size_t i = from; i < from + count; ++i) {
                if (text[i] < '0' || text[i] > '9')
                    return -1;
                value = value * 10 + (text[i] - '0');
            }
            return value;
        };
        Date date{digits(0, 4), digits(5, 2), digits(8, 2)};
        std::string_view zone = text.substr(10);
        bool zone_ok = zone.empty() || zone == "Z" ||
                       (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':');
        if (date.year < 1 || !zone_ok || !date.valid())
            return std::nullopt;
        return date;
    }

    static Date from_sys_days(std::chrono::sys_days days) {
        std::chrono::year_month_day ymd{days};
        return {int(ymd.year()), int(unsigned(ymd.month())), int(unsigned(ymd.day()))};
    }

    bool valid() const {
        return std::chrono::year_month_day{std::chrono::year{year},
                                           std::chrono::month{unsigned(month)},
                                           std::chrono::day{unsigned(day)}}
            .ok();
    }

    std::chrono::sys_days sys_days() const {
        return std::chrono::year_month_day{std::chrono::year{year},
                                           std::chrono::month{unsigned(month)},
                                           std::chrono::day{unsigned(day)}};
    }

    std::string to_string() const {
        char text[16];
        std::snprintf(text, sizeof text, "%04d-%02d-%02d", year % 10000, month % 100, day % 100);
        return text;
    }

    auto operator<=>(const Date&) const = default;
};

}  // namespace ferry::sdk
