// When `ferry run` starts a pass: weekly windows in a time zone, as a clinic plans its week.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "ferry/sdk/settings.hpp"
#include "support/time_zone.hpp"

namespace ferry {

struct Window {
    std::array<bool, 7> days{};  // Monday first
    std::chrono::minutes from{0};
    std::chrono::minutes to{24 * 60};  // to <= from: the window runs past midnight
    std::chrono::minutes every{15};    // 0: no passes while this window rules (a pause)
};

class Schedule {
  public:
    // Without windows: every 15 minutes, all week.
    static Schedule from_settings(const sdk::Settings& schedule);
    Schedule(TimeZone zone, std::vector<Window> windows);

    // The first planned pass strictly after `after`. A moment belongs to the first window
    // (in file order) that contains it; passes fall on that window's grid (from + k × every)
    // in local time, so they stay at the same wall-clock times across daylight-saving changes.
    std::optional<SysSeconds> next_run(SysSeconds after) const;

    // Whether `moment` falls in a window that runs passes (not a pause, not outside every
    // window): `ferry run` then starts with a pass instead of waiting for the grid.
    bool runs_passes_at(SysSeconds moment) const;

    const TimeZone& zone() const { return zone_; }
    std::string local_text(SysSeconds moment) const;  // "Mon 2026-03-30 07:15 CEST"

  private:
    std::optional<std::size_t> ruling_window(LocalSeconds moment) const;

    TimeZone zone_;
    std::vector<Window> windows_;
};

// "mon-fri", "sat,sun", "mon-sun", "tue" → days; nullopt on anything else.
std::optional<std::array<bool, 7>> parse_days(const std::string& text);

}  // namespace ferry
