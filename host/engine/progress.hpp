// How far a long pass has come: a bar with rate and ETA on a terminal, a log line every half
// minute otherwise. Short passes (under two seconds) show nothing.
#pragma once

#include <chrono>
#include <string>

#include "support/event_log.hpp"

namespace ferry {

class Progress {
  public:
    using Clock = std::chrono::steady_clock;

    Progress(EventLog& log, std::string pipeline, bool terminal);

    // `done` of `total` documents looked at so far.
    void update(std::size_t done, std::size_t total);
    void finish();

    // "[#########...........]  523/10000  12.4 docs/s  ETA 12m46s"
    static std::string bar(std::size_t done, std::size_t total, Clock::duration elapsed);

  private:
    EventLog& log_;
    std::string pipeline_;
    bool terminal_;
    Clock::time_point started_ = Clock::now();
    Clock::time_point last_shown_{};
    bool shown_ = false;
};

}  // namespace ferry
