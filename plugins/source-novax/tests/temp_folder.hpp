// A temporary folder that removes itself, and ways to fill it with NOVAX files.
#pragma once

#include <sys/time.h>

#include <ctime>

#include <filesystem>
#include <string>

#include "../support/temp_dir.hpp"
#include "ferry/sdk/date.hpp"

namespace ferry::novax::testing {

// Files are written readable by others: the Samba server that shares the folder in the SMB
// tests reads them as its own user.
class TempFolder : public ferry::testing::TempDir {
  public:
    std::filesystem::path write(const std::string& name, const std::string& bytes) const {
        return TempDir::write(name, bytes, 0644);
    }
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
