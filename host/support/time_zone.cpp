#include "support/time_zone.hpp"

#include <date/tz.h>

#include <fstream>
#include <string_view>

namespace ferry {

namespace {

// The library reads a zone's file on first use and throws then if the file is damaged; one that
// is not TZif at all trips an assertion instead (Debian builds it with assertions on). Reading it
// here makes either a problem TimeZone::load reports, never an abort or an exception later.
bool read_zone_file(const date::time_zone& zone, const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    char magic[4] = {};
    if (!in.read(magic, sizeof magic) || std::string_view(magic, sizeof magic) != "TZif")
        return false;
    try {
        zone.get_info(SysSeconds{});
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

}  // namespace

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
    std::string file = "/usr/share/zoneinfo/" + name;
    if (!read_zone_file(*zone, file))
        return sdk::Problem{"schedule.timezone", "cannot read time zone '" + name + "' from " +
                                                     file + "; reinstall tzdata"};
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
