#include "time_zone.hpp"

#include <date/tz.h>

namespace ferry {

sdk::Result<TimeZone> TimeZone::load(const std::string& name) {
    // The library finds a name among the zone files it listed under /usr/share/zoneinfo, so a
    // name such as "../etc" never becomes a path; it throws for a name it does not have, and for
    // a missing tz database.
    const date::time_zone* zone = nullptr;
    try {
        zone = date::locate_zone(name);
    } catch (const std::exception&) {
        return sdk::Problem{"schedule.timezone",
                            "unknown time zone '" + name +
                                "' (not in the tz database in /usr/share/zoneinfo); use an IANA "
                                "name such as Europe/Copenhagen, and install tzdata"};
    }
    // The zone's file is read on first use and may throw then: use it here, where a damaged file
    // becomes a problem to report rather than an exception in the middle of a schedule.
    try {
        zone->get_info(SysSeconds{});
    } catch (const std::exception&) {
        return sdk::Problem{"schedule.timezone", "cannot read time zone '" + name +
                                                     "' from /usr/share/zoneinfo/" + name +
                                                     "; reinstall tzdata"};
    }
    return TimeZone(*zone);
}

const std::string& TimeZone::name() const {
    return zone_->name();
}

LocalSeconds TimeZone::to_local(SysSeconds utc) const {
    return LocalSeconds(utc.time_since_epoch() + zone_->get_info(utc).offset);
}

std::string TimeZone::abbreviation(SysSeconds utc) const {
    return zone_->get_info(utc).abbrev;
}

std::optional<SysSeconds> TimeZone::to_utc(LocalSeconds local) const {
    date::local_info info = zone_->get_info(date::local_seconds(local.time_since_epoch()));
    if (info.result == date::local_info::nonexistent)
        return std::nullopt;
    // When the hour repeats, `first` is the period before the change: the earlier instant.
    return SysSeconds(local.time_since_epoch() - info.first.offset);
}

}  // namespace ferry
