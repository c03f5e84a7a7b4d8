// An append-only file of JSON lines: each line is one committed change, written (and optionally
// fsync'd) before the client hears about it, so a SIGKILL never loses an answered request.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <vector>

namespace emulator_kit {

class Journal {
  public:
    Journal(const std::filesystem::path& file, bool fsync_each_append);
    ~Journal();
    Journal(const Journal&) = delete;
    Journal& operator=(const Journal&) = delete;

    void append(const nlohmann::json& line);

    // Every complete line; a torn last line (crash mid-write) is dropped.
    static std::vector<nlohmann::json> read_all(const std::filesystem::path& file);
    // Replaces the file atomically: temp file, fsync, rename, fsync of the directory.
    static void rewrite(const std::filesystem::path& file,
                        const std::vector<nlohmann::json>& lines);

  private:
    int fd_ = -1;
    bool fsync_;
};

}  // namespace emulator_kit
