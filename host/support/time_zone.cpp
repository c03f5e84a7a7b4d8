#include "support/time_zone.hpp"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <string_view>

namespace ferry {
using namespace std::chrono;

// A POSIX TZ rule such as "CET-1CEST,M3.5.0,M10.5.0/3": standard and daylight names and
// offsets, and when daylight time starts and ends ("M month.week.weekday/time", week 5 = last).
struct TimeZone::Rules {
    struct Change {
        unsigned month = 0, week = 0, weekday = 0;
        seconds at{hours(2)};
    };
    std::string standard_name, daylight_name;
    seconds standard_offset{0}, daylight_offset{0};  // east of UTC is positive
    bool has_daylight = false;
    Change starts, ends;

    // Local wall-clock instant of a change in `y`, as UTC, given the offset in force before it.
    SysSeconds change_utc(int y, const Change& change, seconds offset_before) const {
        year_month first{year(y), month(change.month)};
        local_days day =
            change.week == 5
                ? local_days(year_month_weekday_last(first.year(), first.month(),
                                                     weekday_last(weekday(change.weekday))))
                : local_days(year_month_weekday(first.year(), first.month(),
                                                weekday(change.weekday)[change.week]));
        return SysSeconds((day + change.at).time_since_epoch() - offset_before);
    }

    bool is_daylight(SysSeconds utc) const {
        if (!has_daylight)
            return false;
        int y = int(year_month_day(floor<days>(utc + standard_offset)).year());
        SysSeconds start = change_utc(y, starts, standard_offset);
        SysSeconds end = change_utc(y, ends, daylight_offset);
        return start < end ? (utc >= start && utc < end) : !(utc >= end && utc < start);
    }
};

namespace {

class RuleReader {
  public:
    explicit RuleReader(std::string_view text) : text_(text) {}

    bool done() const { return position_ >= text_.size(); }
    bool starts_with(char c) const { return !done() && text_[position_] == c; }
    bool accept(char c) {
        if (done() || text_[position_] != c)
            return false;
        ++position_;
        return true;
    }

    std::optional<std::string> name() {
        std::size_t start = position_;
        if (accept('<')) {
            std::size_t close = text_.find('>', position_);
            if (close == std::string_view::npos)
                return std::nullopt;
            position_ = close + 1;
            return std::string(text_.substr(start + 1, close - start - 1));
        }
        while (!done() && std::isalpha(static_cast<unsigned char>(text_[position_])))
            ++position_;
        if (position_ - start < 3)
            return std::nullopt;
        return std::string(text_.substr(start, position_ - start));
    }

    // [+-]hh[:mm[:ss]] as seconds.
    std::optional<seconds> clock() {
        int sign = accept('-') ? -1 : (accept('+'), 1);
        auto h = number();
        if (!h)
            return std::nullopt;
        seconds value = hours(*h);
        if (accept(':')) {
            auto m = number();
            if (!m)
                return std::nullopt;
            value += minutes(*m);
            if (accept(':')) {
                auto s = number();
                if (!s)
                    return std::nullopt;
                value += seconds(*s);
            }
        }
        return sign * value;
    }

    std::optional<TimeZone::Rules::Change> change() {
        TimeZone::Rules::Change result;
        if (!accept(',') || !accept('M'))
            return std::nullopt;
        std::optional<unsigned> m = number(), w, d;
        if (m && accept('.'))
            w = number();
        if (w && accept('.'))
            d = number();
        if (!m || !w || !d || *m < 1 || *m > 12 || *w < 1 || *w > 5 || *d > 6)
            return std::nullopt;
        result.month = *m, result.week = *w, result.weekday = *d;
        if (accept('/')) {
            auto at = clock();
            if (!at)
                return std::nullopt;
            result.at = *at;
        }
        return result;
    }

  private:
    std::optional<unsigned> number() {
        std::size_t start = position_;
        unsigned value = 0;
        while (!done() && std::isdigit(static_cast<unsigned char>(text_[position_])))
            value = value * 10 + (text_[position_++] - '0');
        if (position_ == start)
            return std::nullopt;
        return value;
    }

    std::string_view text_;
    std::size_t position_ = 0;
};

std::optional<TimeZone::Rules> parse_rule(const std::string& text) {
    TimeZone::Rules rules;
    RuleReader reader(text);
    auto standard = reader.name();
    auto offset = reader.clock();  // POSIX counts west of UTC as positive
    if (!standard || !offset)
        return std::nullopt;
    rules.standard_name = *standard;
    rules.standard_offset = -*offset;
    if (reader.done())
        return rules;
    auto daylight = reader.name();
    if (!daylight)
        return std::nullopt;
    rules.has_daylight = true;
    rules.daylight_name = *daylight;
    rules.daylight_offset = rules.standard_offset + hours(1);
    if (!reader.starts_with(',')) {
        auto daylight_offset = reader.clock();
        if (!daylight_offset)
            return std::nullopt;
        rules.daylight_offset = -*daylight_offset;
    }
    auto starts = reader.change();
    auto ends = reader.change();
    if (!starts || !ends || !reader.done())
        return std::nullopt;
    rules.starts = *starts, rules.ends = *ends;
    return rules;
}

// The last line of a TZif v2+ file is the POSIX TZ rule in force after the last transition.
std::optional<std::string> posix_footer(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    std::string content((std::istreambuf_iterator<char>(in)), {});
    if (content.size() < 8 || content.compare(0, 4, "TZif") != 0 || content[4] < '2' ||
        content.back() != '\n')
        return std::nullopt;
    std::size_t start = content.rfind('\n', content.size() - 2);
    if (start == std::string::npos)
        return std::nullopt;
    return content.substr(start + 1, content.size() - start - 2);
}

}  // namespace

sdk::Result<TimeZone> TimeZone::load(const std::string& name) {
    const char* folder = std::getenv("TZDIR");
    std::string file = std::string(folder ? folder : "/usr/share/zoneinfo") + "/" + name;
    if (name.empty() || name.find("..") != std::string::npos)
        return sdk::Problem{"schedule.timezone", "'" + name + "' is not a time zone name"};
    auto footer = posix_footer(file);
    if (!footer)
        return sdk::Problem{
            "schedule.timezone",
            "unknown time zone '" + name + "' (no TZif file " + file +
                "); use an IANA name such as Europe/Copenhagen, and install tzdata"};
    auto rules = parse_rule(footer->empty() ? "UTC0" : *footer);
    if (!rules)
        return sdk::Problem{"schedule.timezone", "cannot read the current rule of time zone '" +
                                                     name + "' ('" + *footer + "')"};
    TimeZone zone;
    zone.name_ = name;
    zone.rules_ = std::make_shared<const Rules>(std::move(*rules));
    return zone;
}

LocalSeconds TimeZone::to_local(SysSeconds utc) const {
    seconds offset = rules_->is_daylight(utc) ? rules_->daylight_offset : rules_->standard_offset;
    return LocalSeconds(utc.time_since_epoch() + offset);
}

std::string TimeZone::abbreviation(SysSeconds utc) const {
    return rules_->is_daylight(utc) ? rules_->daylight_name : rules_->standard_name;
}

std::optional<SysSeconds> TimeZone::to_utc(LocalSeconds local) const {
    std::optional<SysSeconds> earliest;
    for (seconds offset : {rules_->daylight_offset, rules_->standard_offset}) {
        SysSeconds candidate(local.time_since_epoch() - offset);
        if (to_local(candidate) == local && (!earliest || candidate < *earliest))
            earliest = candidate;
    }
    return earliest;
}

}  // namespace ferry
