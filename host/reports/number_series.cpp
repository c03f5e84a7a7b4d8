#include "reports/number_series.hpp"

#include <map>
#include <optional>
#include <set>

namespace ferry {

namespace {

struct Series {
    std::set<std::uint64_t> known;
    std::optional<std::uint64_t> first_in_scope;
    // The first in-scope document's number: the rule prints the series' numbers like it.
    std::string example;
};

}  // namespace

std::vector<NumberSeries> find_number_gaps(const sdk::NumberSeriesRule& rule,
                                           const std::vector<KnownNumber>& known) {
    std::map<std::pair<std::string, std::string>, Series> all;
    for (const KnownNumber& entry : known) {
        auto place = rule.place(entry.key);
        if (!place)
            continue;
        Series& series = all[{entry.key.company, place->series}];
        series.known.insert(place->position);
        if (entry.in_scope &&
            (!series.first_in_scope || place->position < *series.first_in_scope)) {
            series.first_in_scope = place->position;
            series.example = entry.key.number;
        }
    }
    std::vector<NumberSeries> result;
    for (const auto& [id, series] : all) {
        if (!series.first_in_scope)
            continue;
        auto text = [&](std::uint64_t position) {
            return rule.number_at(series.example, position);
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
