#include "config/schedule.hpp"

#include <fmt/format.h>

namespace ferry {
using namespace std::chrono;

namespace {

constexpr const char* day_names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
constexpr const char* day_titles[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

std::optional<int> day_index(const std::string& name) {
    for (int i = 0; i < 7; ++i)
        if (name == day_names[i])
            return i;
    return std::nullopt;
}

minutes parse_clock(const std::string& text) {  // HH:MM, validated by the settings table
    return hours(std::stoi(text.substr(0, 2))) + minutes(std::stoi(text.substr(3, 2)));
}

// Passes start on whole minutes, so a part of a minute counts as a whole one.
minutes whole_minutes(const sdk::Duration& interval) {
    return ceil<minutes>(interval.span());
}

int monday_based(local_days day) {
    return (weekday(day).c_encoding() + 6) % 7;
}

}  // namespace

std::optional<std::array<bool, 7>> parse_days(const std::string& text) {
    std::array<bool, 7> days{};
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = std::min(text.find(',', start), text.size());
        std::string part = text.substr(start, end - start);
        std::size_t dash = part.find('-');
        auto first = day_index(part.substr(0, dash));
        auto last = dash == std::string::npos ? first : day_index(part.substr(dash + 1));
        if (!first || !last)
            return std::nullopt;
        for (int d = *first;; d = (d + 1) % 7) {
            days[d] = true;
            if (d == *last)
                break;
        }
        start = end + 1;
    }
    return days;
}

Schedule Schedule::from_settings(const sdk::Settings& schedule) {
    auto zone = TimeZone::load(schedule.string("timezone"));
    if (!zone)
        throw sdk::Error(zone.problem().code,
                         schedule.where("timezone") + ": " + zone.problem().message);
    std::vector<Window> windows;
    for (const sdk::Settings& item : schedule.list("windows")) {
        auto days = parse_days(item.string("days"));
        if (!days)
            throw sdk::Error("schedule.days",
                             item.where("days") + ": '" + item.string("days") +
                                 "' is not a list of days like mon-fri or sat,sun");
        windows.push_back({*days, parse_clock(item.string("from")), parse_clock(item.string("to")),
                           whole_minutes(item.duration("every"))});
    }
    if (windows.empty())
        windows.push_back({{true, true, true, true, true, true, true}});
    return Schedule(std::move(zone.value()), std::move(windows));
}

Schedule::Schedule(TimeZone zone, std::vector<Window> windows)
    : zone_(std::move(zone)), windows_(std::move(windows)) {}

std::optional<std::size_t> Schedule::ruling_window(LocalSeconds moment) const {
    local_days today = floor<days>(moment);
    minutes clock = duration_cast<minutes>(moment - today);
    for (std::size_t i = 0; i < windows_.size(); ++i) {
        const Window& w = windows_[i];
        bool overnight = w.to <= w.from;
        bool today_part =
            w.days[monday_based(today)] && clock >= w.from && (overnight || clock < w.to);
        bool yesterday_part = overnight && w.days[monday_based(today - days(1))] && clock < w.to;
        if (today_part || yesterday_part)
            return i;
    }
    return std::nullopt;
}

std::optional<SysSeconds> Schedule::next_run(SysSeconds after) const {
    local_days first_day = floor<days>(zone_.to_local(after)) - days(1);
    std::optional<SysSeconds> best;
    for (local_days day = first_day; day <= first_day + days(9); day += days(1)) {
        for (std::size_t i = 0; i < windows_.size(); ++i) {
            const Window& w = windows_[i];
            if (!w.days[monday_based(day)] || w.every.count() == 0)
                continue;
            LocalSeconds start = day + w.from;
            LocalSeconds end = day + w.to + (w.to <= w.from ? days(1) : days(0));
            for (LocalSeconds moment = start; moment < end; moment += w.every) {
                auto utc = zone_.to_utc(moment);
                if (!utc || *utc <= after || (best && *utc >= *best))
                    continue;
                if (ruling_window(moment) != i)
                    continue;
                best = utc;
                break;
            }
        }
        // Windows that started earlier may still run into later days: look one day past the best.
        if (best && day > floor<days>(zone_.to_local(*best)) + days(1))
            break;
    }
    return best;
}

bool Schedule::runs_passes_at(SysSeconds moment) const {
    std::optional<std::size_t> window = ruling_window(zone_.to_local(moment));
    return window && windows_[*window].every.count() > 0;
}

std::string Schedule::local_text(SysSeconds moment) const {
    LocalSeconds local = zone_.to_local(moment);
    local_days day = floor<days>(local);
    year_month_day date(day);
    hh_mm_ss clock(local - day);
    return fmt::format("{} {:04}-{:02}-{:02} {:02}:{:02} {}", day_titles[monday_based(day)],
                       int(date.year()), unsigned(date.month()), unsigned(date.day()),
                       clock.hours().count(), clock.minutes().count(), zone_.abbreviation(moment));
}

}  // namespace ferry
