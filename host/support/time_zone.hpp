// IANA time zones for schedules. GCC 12's standard library has no chrono time zones, so the
// zone's current rule is read from the TZif file's POSIX footer (what applies to future times).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "ferry/sdk/problem.hpp"

namespace ferry {

using SysSeconds = std::chrono::sys_seconds;
using LocalSeconds = std::chrono::local_seconds;

class TimeZone {
  public:
    // e.g. "Europe/Copenhagen", from /usr/share/zoneinfo (or $TZDIR).
    static sdk::Result<TimeZone> load(const std::string& name);

    const std::string& name() const { return name_; }
    LocalSeconds to_local(SysSeconds utc) const;
    std::string abbreviation(SysSeconds utc) const;

    // The instant a wall-clock time names: nullopt inside a spring-forward gap, the earlier
    // instant when the autumn hour repeats.
    std::optional<SysSeconds> to_utc(LocalSeconds local) const;

    struct Rules;  // the zone's current POSIX rule; defined in time_zone.cpp

  private:
    std::string name_;
    std::shared_ptr<const Rules> rules_;
};

}  // namespace ferry
