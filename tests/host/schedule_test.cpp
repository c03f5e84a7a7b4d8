#include <catch2/catch.hpp>

#include "config/schedule.hpp"

using namespace ferry;
using namespace std::chrono;

namespace {

TimeZone copenhagen() {
    return TimeZone::load("Europe/Copenhagen").value();
}

SysSeconds utc(int y, unsigned m, unsigned d, int hh, int mm) {
    return sys_days(year(y) / m / d) + hours(hh) + minutes(mm);
}

Window window(const char* days, int from_h, int from_m, int to_h, int to_m, int every_minutes) {
    return {*parse_days(days), hours(from_h) + minutes(from_m), hours(to_h) + minutes(to_m),
            minutes(every_minutes)};
}

}  // namespace

TEST_CASE("days are read as ranges and lists, Monday first") {
    CHECK(*parse_days("mon-fri") ==
          std::array<bool, 7>{true, true, true, true, true, false, false});
    CHECK(*parse_days("sat,sun") ==
          std::array<bool, 7>{false, false, false, false, false, true, true});
    CHECK(*parse_days("fri-mon") ==
          std::array<bool, 7>{true, false, false, false, true, true, true});
    CHECK_FALSE(parse_days("weekdays"));
    CHECK_FALSE(parse_days("mon-"));
}

TEST_CASE("time zones convert both ways, with the gap and the repeated hour") {
    TimeZone zone = copenhagen();
    CHECK(zone.to_local(utc(2026, 1, 15, 12, 0)).time_since_epoch() ==
          (utc(2026, 1, 15, 13, 0)).time_since_epoch());  // CET = UTC+1
    CHECK(zone.abbreviation(utc(2026, 7, 1, 12, 0)) == "CEST");
    // 2026-03-29 02:30 does not exist in Copenhagen.
    CHECK_FALSE(zone.to_utc(local_days(year(2026) / 3 / 29) + hours(2) + minutes(30)));
    // 2026-10-25 02:30 happens twice; the first is 00:30 UTC.
    CHECK(*zone.to_utc(local_days(year(2026) / 10 / 25) + hours(2) + minutes(30)) ==
          utc(2026, 10, 25, 0, 30));
    CHECK_FALSE(TimeZone::load("Mars/Olympus_Mons"));
}

TEST_CASE("a zone name that is a path is an unknown time zone, named in the problem") {
    for (const char* name : {"../etc", "/etc/passwd", "Europe/../Europe/Copenhagen", ""}) {
        auto zone = TimeZone::load(name);
        REQUIRE_FALSE(zone);
        CHECK(zone.problem().code == "schedule.timezone");
        CHECK_THAT(zone.problem().message,
                   Catch::StartsWith("unknown time zone '" + std::string(name) + "'"));
    }
}

TEST_CASE("a clinic's week: busy days every 15 minutes, nights and weekends every 2 hours") {
    Schedule schedule(copenhagen(),
                      {window("mon-fri", 7, 0, 18, 0, 15), window("mon-sun", 18, 0, 7, 0, 120)});
    // Friday 2026-03-06 17:50 CET (16:50 UTC): the day window is done, the night one starts at
    // 18:00.
    CHECK(schedule.local_text(*schedule.next_run(utc(2026, 3, 6, 16, 50))) ==
          "Fri 2026-03-06 18:00 CET");
    // Friday 09:05 → 09:15.
    CHECK(schedule.local_text(*schedule.next_run(utc(2026, 3, 6, 8, 5))) ==
          "Fri 2026-03-06 09:15 CET");
    // Saturday 10:00 is in no window: idle until 18:00.
    CHECK(schedule.local_text(*schedule.next_run(utc(2026, 3, 7, 9, 0))) ==
          "Sat 2026-03-07 18:00 CET");
    // Saturday 23:30 → Sunday 00:00 (18:00 + 3 × 2 h), past midnight in Saturday's window.
    CHECK(schedule.local_text(*schedule.next_run(utc(2026, 3, 7, 22, 30))) ==
          "Sun 2026-03-08 00:00 CET");
    // Monday 06:30: the night window's grid gives 06:00 (past), then the day window at 07:00.
    CHECK(schedule.local_text(*schedule.next_run(utc(2026, 3, 9, 5, 30))) ==
          "Mon 2026-03-09 07:00 CET");
}

TEST_CASE("an interval of 0 idles until the next window") {
    Schedule schedule(copenhagen(),
                      {window("mon-sun", 12, 0, 13, 0, 0), window("mon-sun", 0, 0, 0, 0, 30)});
    CHECK(schedule.local_text(*schedule.next_run(utc(2026, 3, 6, 10, 50))) ==
          "Fri 2026-03-06 13:00 CET");
    CHECK(schedule.local_text(*schedule.next_run(utc(2026, 3, 6, 12, 10))) ==
          "Fri 2026-03-06 13:30 CET");
}

TEST_CASE("weekday-only schedules skip the weekend") {
    Schedule schedule(copenhagen(), {window("mon-fri", 8, 0, 16, 0, 60)});
    CHECK(schedule.local_text(*schedule.next_run(utc(2026, 3, 6, 15, 30))) ==
          "Mon 2026-03-09 08:00 CET");
}

TEST_CASE("daylight-saving changes keep wall-clock times and never run the repeated hour twice") {
    Schedule schedule(copenhagen(), {window("mon-sun", 0, 0, 0, 0, 30)});
    // Spring forward: after 01:45 CET comes 03:00 CEST (02:00 and 02:30 do not exist).
    SysSeconds spring = *schedule.next_run(utc(2026, 3, 29, 0, 45));
    CHECK(schedule.local_text(spring) == "Sun 2026-03-29 03:00 CEST");
    CHECK(spring == utc(2026, 3, 29, 1, 0));

    Schedule hourly(copenhagen(), {window("mon-sun", 0, 0, 0, 0, 60)});
    // Fall back: 02:00 happens twice; it runs at the first, then at 03:00 CET.
    SysSeconds first = *hourly.next_run(utc(2026, 10, 24, 23, 30));
    CHECK(first == utc(2026, 10, 25, 0, 0));
    SysSeconds second = *hourly.next_run(first);
    CHECK(hourly.local_text(second) == "Sun 2026-10-25 03:00 CET");
    CHECK(second == utc(2026, 10, 25, 2, 0));
}

TEST_CASE("the default schedule runs every 15 minutes") {
    sdk::Settings settings;
    settings.values["timezone"].text = "Europe/Copenhagen";
    settings.values["windows"];  // declared, none given: as the host hands it over
    Schedule schedule = Schedule::from_settings(settings);
    CHECK(*schedule.next_run(utc(2026, 3, 6, 10, 7)) == utc(2026, 3, 6, 10, 15));
}

TEST_CASE("the service starts with a pass only inside a window that runs passes") {
    Schedule schedule(copenhagen(), {window("mon-fri", 12, 0, 13, 0, 0),  // lunch: a pause
                                     window("mon-fri", 7, 0, 18, 0, 15)});
    CHECK(schedule.runs_passes_at(utc(2026, 3, 6, 8, 5)));          // Friday 09:05 CET
    CHECK_FALSE(schedule.runs_passes_at(utc(2026, 3, 6, 11, 30)));  // Friday 12:30, the pause
    CHECK_FALSE(schedule.runs_passes_at(utc(2026, 3, 7, 9, 0)));    // Saturday: no window
}
