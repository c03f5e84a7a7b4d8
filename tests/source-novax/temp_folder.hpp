// A temporary folder that removes itself, and ways to fill it with NOVAX files.
#pragma once

#include <stdlib.h>
#include <sys/time.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "ferry/sdk/date.hpp"

namespace ferry::novax::testing {

class TempFolder {
  public:
    TempFolder() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "ferry-novax-XXXXXX").string();
        if (!::mkdtemp(pattern.data()))
            throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~TempFolder() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempFolder(const TempFolder&) = delete;
    TempFolder& operator=(const TempFolder&) = delete;

    const std::filesystem::path& path() const { return path_; }

    std::filesystem::path write(const std::string& name, const std::string& bytes) const {
        std::filesystem::path file = path_ / name;
        std::ofstream(file, std::ios::binary) << bytes;
        return file;
    }

  private:
    std::filesystem::path path_;
};

// Sets a file's modification time to noon (local time) on `date`.
inline void set_mtime(const std::filesystem::path& file, sdk::Date date) {
    std::tm local{};
    local.tm_year = date.year - 1900;
    local.tm_mon = date.month - 1;
    local.tm_mday = date.day;
    local.tm_hour = 12;
    local.tm_isdst = -1;
    timeval times[2] = {{std::mktime(&local), 0}, {std::mktime(&local), 0}};
    ::utimes(file.c_str(), times);
}

}  // namespace ferry::novax::testing
