// Exact decimal numbers for money, quantities and percentages: never binary floating point.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ferry::sdk {

// A fixed-point number with six decimals held in 64 bits (±9.2 trillion): wide enough for any
// invoice amount and for OIOUBL quantities (at most six decimals). Products and quotients are
// computed in 128 bits and rounded half away from zero, as accountants round.
class Decimal {
  public:
    static constexpr int scale = 6;
    static constexpr std::int64_t one = 1'000'000;

    constexpr Decimal() = default;
    static constexpr Decimal from_units(std::int64_t units) { return Decimal(units); }
    static constexpr Decimal from_int(std::int64_t whole) { return Decimal(whole * one); }

    // Accepts xsd:decimal: optional sign, digits, optional point and digits ("00.01", "+1.", ".5").
    // Refuses commas, exponents, blanks inside, and more than six significant decimals.
    static std::optional<Decimal> parse(std::string_view text) {
        std::size_t i = 0;
        bool negative = false;
        if (i < text.size() && (text[i] == '+' || text[i] == '-'))
            negative = text[i++] == '-';
        __int128 value = 0;
        int integer_digits = 0, fraction_digits = 0;
        for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++integer_digits) {
            value = value * 10 + (text[i] - '0');
            if (value > max_whole)
                return std::nullopt;
        }
        value *= one;
        if (i < text.size() && text[i] == '.') {
            ++i;
            std::int64_t place = one / 10;
            for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++fraction_digits) {
                if (place == 0) {
                    if (text[i] != '0')
                        return std::nullopt;
                    continue;
                }
                value += (text[i] - '0') * place;
                place /= 10;
            }
        }
        if (i != text.size() || integer_digits + fraction_digits == 0)
            return std::nullopt;
        return Decimal(static_cast<std::int64_t>(negative ? -value : value));
    }

    // Plain text with at least `min_decimals` decimals and no trailing zeros beyond them.
    std::string to_string(int min_decimals = 2) const {
        std::uint64_t magnitude = units_ < 0 ? -static_cast<std::uint64_t>(units_) : units_;
        std::string fraction = std::to_string(magnitude % one);
        fraction.insert(0, scale - fraction.size(), '0');
        while (static_cast<int>(fraction.size()) > min_decimals && fraction.back() == '0')
            fraction.pop_back();
        // Appended piece by piece: GCC 12's -Wrestrict misreads `"-" + std::string&&` at -O3.
        std::string text;
        if (units_ < 0)
            text += '-';
        text += std::to_string(magnitude / one);
        if (!fraction.empty())
            text.append(1, '.').append(fraction);
        return text;
    }

    // Number of decimals needed to write the value exactly.
    int decimals() const {
        int digits = scale;
        for (std::int64_t v = units_; digits > 0 && v % 10 == 0; v /= 10)
            --digits;
        return digits;
    }

    Decimal rounded(int decimals) const {
        std::int64_t step = 1;
        for (int d = decimals; d < scale; ++d)
            step *= 10;
        return Decimal(static_cast<std::int64_t>(divide_rounded(units_, step) * step));
    }

    constexpr std::int64_t units() const { return units_; }
    constexpr bool is_zero() const { return units_ == 0; }
    constexpr bool is_negative() const { return units_ < 0; }
    constexpr Decimal abs() const { return Decimal(units_ < 0 ? -units_ : units_); }

    constexpr Decimal operator-() const { return Decimal(-units_); }
    Decimal operator+(Decimal other) const { return checked(__int128(units_) + other.units_); }
    Decimal operator-(Decimal other) const { return checked(__int128(units_) - other.units_); }
    Decimal operator*(Decimal other) const {
        return checked(divide_rounded(__int128(units_) * other.units_, one));
    }
    Decimal operator/(Decimal other) const {
        if (other.units_ == 0)
            throw std::domain_error("decimal division by zero");
        return checked(divide_rounded(__int128(units_) * one, other.units_));
    }
    Decimal& operator+=(Decimal other) { return *this = *this + other; }
    Decimal& operator-=(Decimal other) { return *this = *this - other; }
    constexpr auto operator<=>(const Decimal&) const = default;

  private:
    static constexpr std::int64_t max_whole = INT64_MAX / one;
    constexpr explicit Decimal(std::int64_t units) : units_(units) {}

    static __int128 divide_rounded(__int128 numerator, __int128 denominator) {
        bool negative = (numerator < 0) != (denominator < 0);
        __int128 n = numerator < 0 ? -numerator : numerator;
        __int128 d = denominator < 0 ? -denominator : denominator;
        __int128 q = (n + d / 2) / d;
        return negative ? -q : q;
    }
    static Decimal checked(__int128 value) {
        if (value > INT64_MAX || value < -INT64_MAX)
            throw std::overflow_error("decimal overflow");
        return Decimal(static_cast<std::int64_t>(value));
    }

    std::int64_t units_ = 0;
};

}  // namespace ferry::sdk
