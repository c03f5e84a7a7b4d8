// A company's accounting years and periods as e-conomic shows them, plus the periods it refused
// to book into although it shows them open (barred: the legacy API has no field for that).
// Read lazily (the years, then a year's periods when a date falls in it) and kept for
// `fresh_for`, so a backlog costs a few requests per company, not a few per document.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "economic_api.hpp"
#include "ferry/sdk/date.hpp"

namespace ferry::economic {

// The stretch of dates around one date that e-conomic books, or refuses to book, as one.
struct PeriodSpan {
    enum class Kind { period, year, no_year };
    Kind kind = Kind::period;
    std::string name;  // "2025 period 3", "accounting year 2025", "no accounting year"
    sdk::Date from, to;
    bool closed = false;
    // Closed only because e-conomic refused a date in it while showing it open.
    bool refused_while_shown_open = false;
};

class AccountingCalendar {
  public:
    AccountingCalendar(EconomicApi& api, std::chrono::seconds fresh_for)
        : api_(api), fresh_for_(fresh_for) {}

    // The span holding `date`; reads what it lacks (throws ApiFailure when e-conomic fails).
    PeriodSpan span_of(sdk::Date date);
    // The span holding `date` when what is kept, without reading, shows it closed.
    std::optional<PeriodSpan> known_closed(sdk::Date date);
    // The first date from `date` on that e-conomic books; nullopt when no later year is open.
    std::optional<sdk::Date> first_open_date(sdk::Date date);
    // After e-conomic refused `date` as barred: reads afresh, and remembers the span as closed
    // if e-conomic shows it open. Returns the span.
    PeriodSpan refused(sdk::Date date);
    // Every closed span, including the dates before the first and after the last year.
    std::vector<PeriodSpan> closed_spans();

  private:
    struct Period {
        int number = 0;
        sdk::Date from, to;
        bool closed = false;
    };
    struct Year {
        std::string name;
        sdk::Date from, to;
        bool closed = false;
        std::string periods_path;
        std::optional<std::vector<Period>> periods;  // read when needed
    };

    void load_years();  // when not read yet or older than fresh_for_
    void load_periods(Year& year);
    PeriodSpan span_in_kept(sdk::Date date);  // years loaded; reads the year's periods
    bool is_refused(sdk::Date from, sdk::Date to) const;

    EconomicApi& api_;
    std::chrono::seconds fresh_for_;
    std::mutex mutex_;
    std::optional<std::chrono::steady_clock::time_point> read_at_;
    std::vector<Year> years_;  // by fromDate
    std::vector<std::pair<sdk::Date, sdk::Date>> refused_spans_;
};

// "2025 period 3 (2025-03-01..2025-03-31)", "no accounting year (after 2026-12-31)".
std::string describe(const PeriodSpan& span);

}  // namespace ferry::economic
