#include "engine/progress.hpp"

#include <fmt/format.h>

#include <cstdio>

namespace ferry {
using namespace std::chrono;

namespace {

std::string duration_text(seconds left) {
    auto h = duration_cast<hours>(left);
    auto m = duration_cast<minutes>(left - h);
    auto s = left - h - m;
    if (h.count())
        return fmt::format("{}h{:02}m", h.count(), m.count());
    if (m.count())
        return fmt::format("{}m{:02}s", m.count(), s.count());
    return fmt::format("{}s", s.count());
}

}  // namespace

Progress::Progress(EventLog& log, std::string pipeline, bool terminal)
    : log_(log), pipeline_(std::move(pipeline)), terminal_(terminal) {}

std::string Progress::bar(std::size_t done, std::size_t total, Clock::duration elapsed) {
    constexpr std::size_t width = 20;
    std::size_t filled = total ? done * width / total : width;
    double rate =
        duration<double>(elapsed).count() > 0 ? done / duration<double>(elapsed).count() : 0;
    std::string eta =
        rate > 0 ? duration_text(seconds(static_cast<long>((total - done) / rate))) : "?";
    return fmt::format("[{}{}] {:>{}}/{}  {:.1f} docs/s  ETA {}", std::string(filled, '#'),
                       std::string(width - filled, '.'), done, std::to_string(total).size(), total,
                       rate, eta);
}

void Progress::update(std::size_t done, std::size_t total) {
    auto now = Clock::now();
    if (now - started_ < seconds(2))
        return;
    auto interval = terminal_ ? milliseconds(250) : milliseconds(seconds(30));
    if (shown_ && now - last_shown_ < interval)
        return;
    last_shown_ = now, shown_ = true;
    std::string text = bar(done, total, now - started_);
    if (terminal_)
        std::fprintf(stderr, "\r%s %s ", pipeline_.c_str(), text.c_str());
    else
        log_.info(pipeline_, "pass.progress", text);
}

void Progress::finish() {
    if (shown_ && terminal_)
        std::fprintf(stderr, "\n");
}

}  // namespace ferry
