// IANA time zones for schedules, from the system's tz database through Howard Hinnant's date
// library: GCC 12's standard library has no chrono time zones yet. The library takes each zone
// from its transitions and does not read the POSIX rule at the end of a TZif file, so past the
// last transition listed (2037 in Debian's tzdata, built "fat") a zone keeps the offset it had
// then: fine for schedules, which look days ahead.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "ferry/sdk/problem.hpp"

namespace date {
class time_zone;  // kept out of this header: only time_zone.cpp needs the library
}

namespace ferry {

using SysSeconds = std::chrono::sys_seconds;
using LocalSeconds = std::chrono::local_seconds;

class TimeZone {
  public:
    // e.g. "Europe/Copenhagen", one of the zones in /usr/share/zoneinfo (Debian's tzdata).
    static sdk::Result<TimeZone> load(const std::string& name);

    const std::string& name() const;
    LocalSeconds to_local(SysSeconds utc) const;
    std::string abbreviation(SysSeconds utc) const;

    // The instant a wall-clock time names: nullopt inside a spring-forward gap, the earlier
    // instant when the autumn hour repeats.
    std::optional<SysSeconds> to_utc(LocalSeconds local) const;

  private:
    explicit TimeZone(const date::time_zone& zone) : zone_(&zone) {}

    const date::time_zone* zone_;  // the library's, which keeps its zones for the program's life
};

}  // namespace ferry
