#include "reports/number_series.hpp"

#include <fmt/format.h>

#include <map>
#include <optional>
#include <set>

namespace ferry {

namespace {

struct SplitNumber {
    std::string prefix;
    std::uint64_t value = 0;
    std::size_t width = 0;
};

std::optional<SplitNumber> split(const std::string& number) {
    std::size_t start = number.size();
    while (start > 0 && std::isdigit(static_cast<unsigned char>(number[start - 1])))
        --start;
    std::size_t width = number.size() - start;
    if (width == 0 || width > 18)
        return std::nullopt;
    return SplitNumber{number.substr(0, start), std::stoull(number.substr(start)), width};
}

struct Series {
    std::set<std::uint64_t> known;
    std::optional<std::uint64_t> first_in_scope;
    std::size_t width = 0;  // of the first in-scope number, to print gaps the same way
};

}  // namespace

std::vector<NumberSeries> find_number_gaps(const std::vector<KnownNumber>& known) {
    std::map<std::pair<std::string, std::string>, Series> all;
    for (const KnownNumber& entry : known) {
        auto number = split(entry.key.number);
        if (!number)
            continue;
        Series& series = all[{entry.key.company, number->prefix}];
        series.known.insert(number->value);
        if (entry.in_scope && (!series.first_in_scope || number->value < *series.first_in_scope)) {
            series.first_in_scope = number->value;
            series.width = number->width;
        }
    }
    std::vector<NumberSeries> result;
    for (const auto& [id, series] : all) {
        if (!series.first_in_scope)
            continue;
        auto text = [&](std::uint64_t value) {
            return fmt::format("{}{:0{}}", id.second, value, series.width);
        };
        NumberSeries out{
            id.first, id.second, text(*series.first_in_scope), text(*series.known.rbegin()), 0,
            0,        {}};
        std::uint64_t expected = *series.first_in_scope;
        for (auto it = series.known.lower_bound(expected); it != series.known.end(); ++it) {
            ++out.documents;
            if (*it > expected) {
                out.gaps.push_back({text(expected), text(*it - 1), *it - expected});
                out.missing += *it - expected;
            }
            expected = *it + 1;
        }
        result.push_back(std::move(out));
    }
    return result;
}

}  // namespace ferry
