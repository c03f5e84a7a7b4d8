// What the document generators share: a random sequence that is the same for a seed everywhere,
// and the text forms of XML content, dates and amounts in hundredths.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace ferry::generator_kit {

// splitmix64: the same sequence for a seed on every platform and standard library (the
// standard distributions are not specified bit for bit).
class Random {
  public:
    explicit Random(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    std::size_t below(std::size_t bound) { return static_cast<std::size_t>(next() % bound); }
    bool chance(int percent) { return below(100) < static_cast<std::size_t>(percent); }
    std::string digits(std::size_t count) {
        std::string text;
        for (std::size_t i = 0; i < count; ++i)
            text += static_cast<char>('0' + below(10));
        return text;
    }
    std::string uuid() {
        const char* hex = "0123456789abcdef";
        std::string text;
        for (int i = 0; i < 32; ++i) {
            if (i == 8 || i == 12 || i == 16 || i == 20)
                text += '-';
            text += hex[below(16)];
        }
        return text;
    }

  private:
    std::uint64_t state_;
};

inline std::string xml_escaped(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

inline std::string date_text(std::chrono::sys_days day) {
    std::chrono::year_month_day ymd{day};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()),
                  unsigned(ymd.day()));
    return text;
}

// 12345 → "123.45", -5 → "-0.05"
inline std::string format_amount(std::int64_t hundredths) {
    std::uint64_t magnitude = hundredths < 0 ? -static_cast<std::uint64_t>(hundredths) : hundredths;
    char text[32];
    std::snprintf(text, sizeof text, "%s%llu.%02llu", hundredths < 0 ? "-" : "",
                  static_cast<unsigned long long>(magnitude / 100),
                  static_cast<unsigned long long>(magnitude % 100));
    return text;
}

}  // namespace ferry::generator_kit
