// A span of time as people write it in a pipeline file: 250ms, 30s, 15m, 2h, 1d, or parts of
// these together (1h30m). Every timeout, delay and pause setting is one, so no setting name
// has to carry its unit (_ms, _seconds, _minutes).
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace ferry::sdk {

// Whole numbers in settings text, without std::from_chars and std::to_string: in GCC 12 both
// give a plugin "unique" symbols (tables in libstdc++'s inline code), and a library holding
// one can never be unloaded.
namespace number_text {

// "-12" or "340": optional sign, digits only; nullopt when empty, malformed or out of range.
inline std::optional<std::int64_t> parse(std::string_view text) {
    bool negative = text.starts_with('-');
    if (negative)
        text.remove_prefix(1);
    if (text.empty() || text.size() > 18)
        return std::nullopt;
    std::int64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return negative ? -value : value;
}

inline std::string format(std::int64_t value) {
    char text[24];
    std::snprintf(text, sizeof text, "%lld", static_cast<long long>(value));
    return text;
}

}  // namespace number_text

class Duration {
  public:
    constexpr Duration() = default;
    constexpr explicit Duration(std::chrono::milliseconds span) : span_(span) {}

    static constexpr Duration milliseconds(std::int64_t n) {
        return Duration(std::chrono::milliseconds(n));
    }
    static constexpr Duration seconds(std::int64_t n) { return milliseconds(n * 1000); }
    static constexpr Duration minutes(std::int64_t n) { return seconds(n * 60); }
    static constexpr Duration hours(std::int64_t n) { return minutes(n * 60); }
    static constexpr Duration days(std::int64_t n) { return hours(n * 24); }

    // "0" or one or more <digits><unit> with units d, h, m, s, ms from largest to smallest,
    // each at most once; nullopt for anything else (negative, "5", "1.5h", "2m1h").
    static std::optional<Duration> parse(std::string_view text) {
        if (text == "0")
            return Duration();
        if (text.empty())
            return std::nullopt;
        std::int64_t total = 0;
        int previous_unit = -1;
        while (!text.empty()) {
            std::size_t digits = 0;
            while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9')
                ++digits;
            auto amount = number_text::parse(text.substr(0, digits));
            if (digits == 0 || !amount)
                return std::nullopt;
            text.remove_prefix(digits);
            int unit = unit_at(text);
            if (unit < 0 || unit <= previous_unit)
                return std::nullopt;
            text.remove_prefix(units[unit].name.size());
            if (*amount > max_milliseconds / units[unit].milliseconds ||
                total > max_milliseconds - *amount * units[unit].milliseconds)
                return std::nullopt;
            total += *amount * units[unit].milliseconds;
            previous_unit = unit;
        }
        return milliseconds(total);
    }

    // The canonical text parse() reads back: 500ms, 30s, 1m30s, 2h, 1d; zero is 0s.
    std::string to_string() const {
        std::int64_t rest = span_.count();
        if (rest == 0)
            return "0s";
        std::string text;
        for (const Unit& unit : units)
            if (rest >= unit.milliseconds) {
                text += number_text::format(rest / unit.milliseconds) + std::string(unit.name);
                rest %= unit.milliseconds;
            }
        return text;
    }

    constexpr std::chrono::milliseconds span() const { return span_; }
    constexpr std::int64_t count_milliseconds() const { return span_.count(); }
    friend constexpr auto operator<=>(const Duration&, const Duration&) = default;

  private:
    struct Unit {
        std::string_view name;
        std::int64_t milliseconds;
    };
    static constexpr Unit units[] = {
        {"d", 86'400'000}, {"h", 3'600'000}, {"m", 60'000}, {"s", 1'000}, {"ms", 1}};
    // About 290 years: far beyond any pause, and safe from overflow in std::chrono arithmetic.
    static constexpr std::int64_t max_milliseconds = std::int64_t{1} << 53;

    static int unit_at(std::string_view text) {
        if (text.starts_with("ms"))
            return 4;
        for (int i = 0; i < 4; ++i)
            if (text.starts_with(units[i].name))
                return i;
        return -1;
    }

    std::chrono::milliseconds span_{0};
};

}  // namespace ferry::sdk
