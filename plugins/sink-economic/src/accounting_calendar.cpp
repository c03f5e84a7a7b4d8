#include "accounting_calendar.hpp"

#include <algorithm>

#include "recovery.hpp"

namespace ferry::economic {

namespace {

using sdk::Date;

constexpr Date earliest{1, 1, 1};
constexpr Date latest{9999, 12, 31};
// first_open_date walks span by span; monthly periods over the years an agreement holds stay
// far below this, which only guards against an answer that never advances.
constexpr int max_spans_walked = 2000;

Date day_after(Date date) {
    return Date::from_sys_days(date.sys_days() + std::chrono::days{1});
}
Date day_before(Date date) {
    return Date::from_sys_days(date.sys_days() - std::chrono::days{1});
}

Date date_in(const Json& item, const char* field, const std::string& what) {
    if (auto text = item.find(field); text != item.end() && text->is_string())
        if (auto date = Date::parse(text->get<std::string>()))
            return *date;
    throw ApiFailure(ApiFailure::Kind::transient, 200,
                     "e-conomic answered " + what + " without a valid " + field);
}

bool closed_in(const Json& item) {
    auto closed = item.find("closed");  // absent when false
    return closed != item.end() && closed->is_boolean() && closed->get<bool>();
}

// The path of a link e-conomic gives as a full URL; the API client adds its own base.
std::string path_of(const std::string& link) {
    auto scheme = link.find("://");
    if (scheme == std::string::npos)
        return link;
    auto path = link.find('/', scheme + 3);
    return path == std::string::npos ? "/" : link.substr(path);
}

// "2025/2026" is "2025_6_2026" in e-conomic's paths.
std::string year_in_path(std::string year) {
    for (auto slash = year.find('/'); slash != std::string::npos; slash = year.find('/'))
        year.replace(slash, 1, "_6_");
    return url_encode(year);
}

PeriodSpan no_year(Date from, Date to) {
    return {PeriodSpan::Kind::no_year, "no accounting year", from, to, true, false};
}

}  // namespace

std::string describe(const PeriodSpan& span) {
    if (span.kind == PeriodSpan::Kind::no_year) {
        if (span.from == earliest && span.to == latest)
            return "no accounting year (e-conomic lists none)";
        if (span.from == earliest)
            return "no accounting year (the first begins " + day_after(span.to).to_string() + ")";
        if (span.to == latest)
            return "no accounting year (the last ended " + day_before(span.from).to_string() + ")";
    }
    return span.name + " (" + span.from.to_string() + ".." + span.to.to_string() + ")";
}

void AccountingCalendar::load_years() {
    auto now = std::chrono::steady_clock::now();
    if (read_at_ && now - *read_at_ < fresh_for_)
        return;
    std::vector<Year> years;
    for (const Json& item : api_.list("/accounting-years")) {
        Year year;
        if (auto name = item.find("year"); name != item.end() && name->is_string())
            year.name = name->get<std::string>();
        else
            throw ApiFailure(ApiFailure::Kind::transient, 200,
                             "e-conomic answered /accounting-years with a year without its name");
        const std::string what = "accounting year " + year.name;
        year.from = date_in(item, "fromDate", what);
        year.to = date_in(item, "toDate", what);
        year.closed = closed_in(item);
        auto link = item.find("periods");
        year.periods_path = link != item.end() && link->is_string()
                                ? path_of(link->get<std::string>())
                                : "/accounting-years/" + year_in_path(year.name) + "/periods";
        years.push_back(std::move(year));
    }
    std::sort(years.begin(), years.end(),
              [](const Year& a, const Year& b) { return a.from < b.from; });
    years_ = std::move(years);
    refused_spans_.clear();  // someone may have unbarred them since
    read_at_ = now;
}

void AccountingCalendar::load_periods(Year& year) {
    if (year.periods)
        return;
    std::vector<Period> periods;
    for (const Json& item : api_.list(year.periods_path)) {
        const std::string what = "a period of accounting year " + year.name;
        auto number = integer_at(item, "periodNumber");
        if (!number)
            throw ApiFailure(ApiFailure::Kind::transient, 200,
                             "e-conomic answered " + what + " without its periodNumber");
        periods.push_back({static_cast<int>(*number), date_in(item, "fromDate", what),
                           date_in(item, "toDate", what), closed_in(item)});
    }
    year.periods = std::move(periods);
}

bool AccountingCalendar::is_refused(Date from, Date to) const {
    return std::any_of(refused_spans_.begin(), refused_spans_.end(),
                       [&](const auto& span) { return span.first == from && span.second == to; });
}

PeriodSpan AccountingCalendar::span_in_kept(Date date) {
    Date gap_from = earliest;
    for (Year& year : years_) {
        if (date < year.from)
            return no_year(gap_from, day_before(year.from));
        gap_from = day_after(year.to);
        if (year.to < date)
            continue;
        PeriodSpan span{PeriodSpan::Kind::year,
                        "accounting year " + year.name,
                        year.from,
                        year.to,
                        year.closed,
                        false};
        if (!year.closed) {
            load_periods(year);
            for (const Period& period : *year.periods)
                if (period.from <= date && date <= period.to)
                    span = {PeriodSpan::Kind::period,
                            year.name + " period " + std::to_string(period.number),
                            period.from,
                            period.to,
                            period.closed,
                            false};
        }
        if (!span.closed && is_refused(span.from, span.to))
            span.closed = span.refused_while_shown_open = true;
        return span;
    }
    return no_year(gap_from, latest);
}

PeriodSpan AccountingCalendar::span_of(Date date) {
    std::lock_guard lock(mutex_);
    load_years();
    return span_in_kept(date);
}

std::optional<PeriodSpan> AccountingCalendar::known_closed(Date date) {
    std::lock_guard lock(mutex_);
    if (!read_at_ || std::chrono::steady_clock::now() - *read_at_ >= fresh_for_)
        return std::nullopt;
    for (const Year& year : years_)
        if (year.from <= date && date <= year.to && !year.closed && !year.periods)
            return std::nullopt;  // open year whose periods were never needed
    PeriodSpan span = span_in_kept(date);
    return span.closed ? std::optional(span) : std::nullopt;
}

std::optional<Date> AccountingCalendar::first_open_date(Date date) {
    std::lock_guard lock(mutex_);
    load_years();
    for (int walked = 0; walked < max_spans_walked; ++walked) {
        PeriodSpan span = span_in_kept(date);
        if (!span.closed)
            return date;
        if (span.to == latest)
            return std::nullopt;
        date = day_after(span.to);
    }
    return std::nullopt;
}

PeriodSpan AccountingCalendar::refused(Date date) {
    std::lock_guard lock(mutex_);
    read_at_.reset();
    load_years();
    PeriodSpan span = span_in_kept(date);
    if (!span.closed) {
        refused_spans_.emplace_back(span.from, span.to);
        span.closed = span.refused_while_shown_open = true;
    }
    return span;
}

std::vector<PeriodSpan> AccountingCalendar::closed_spans() {
    std::lock_guard lock(mutex_);
    load_years();
    std::vector<PeriodSpan> spans;
    Date gap_from = earliest;
    for (Year& year : years_) {
        if (gap_from < year.from)
            spans.push_back(no_year(gap_from, day_before(year.from)));
        gap_from = day_after(year.to);
        if (year.closed) {
            spans.push_back({PeriodSpan::Kind::year, "accounting year " + year.name, year.from,
                             year.to, true, false});
            continue;
        }
        load_periods(year);
        for (const Period& period : *year.periods) {
            bool refused = is_refused(period.from, period.to);
            if (period.closed || refused)
                spans.push_back({PeriodSpan::Kind::period,
                                 year.name + " period " + std::to_string(period.number),
                                 period.from, period.to, true, refused && !period.closed});
        }
    }
    spans.push_back(no_year(gap_from, latest));
    return spans;
}

}  // namespace ferry::economic
