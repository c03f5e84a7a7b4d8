#include "emulator_kit/journal.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>

namespace emulator_kit {
namespace {

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& file) {
    throw std::runtime_error(what + " " + file.string() + ": " + std::strerror(errno));
}

void write_fully(int fd, const std::string& text, const std::filesystem::path& file) {
    std::size_t written = 0;
    while (written < text.size()) {
        ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            fail("cannot write state file", file);
        written += static_cast<std::size_t>(n);
    }
}

}  // namespace

Journal::Journal(const std::filesystem::path& file, bool fsync_each_append)
    : fsync_(fsync_each_append) {
    fd_ = ::open(file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ < 0)
        fail("cannot open state file", file);
}

Journal::~Journal() {
    if (fd_ >= 0)
        ::close(fd_);
}

void Journal::append(const nlohmann::json& line) {
    // One write() per line keeps lines whole in the page cache even if the process dies.
    write_fully(fd_, line.dump() + "\n", "state journal");
    if (fsync_ && ::fdatasync(fd_) != 0)
        fail("cannot sync state file", "state journal");
}

std::vector<nlohmann::json> Journal::read_all(const std::filesystem::path& file) {
    std::vector<nlohmann::json> lines;
    std::ifstream in(file);
    std::string text;
    while (std::getline(in, text)) {
        if (text.empty())
            continue;
        auto line = nlohmann::json::parse(text, nullptr, false);
        if (line.is_discarded()) {
            if (in.peek() == std::ifstream::traits_type::eof())
                break;  // torn last line
            throw std::runtime_error("state file " + file.string() + " is corrupt (line " +
                                     std::to_string(lines.size() + 1) + ")");
        }
        lines.push_back(std::move(line));
    }
    return lines;
}

void Journal::rewrite(const std::filesystem::path& file, const std::vector<nlohmann::json>& lines) {
    auto temporary = file;
    temporary += ".tmp";
    // Whatever stands at the temporary name (a symlink planted there, a file left by a crash)
    // is removed, and the new file is created afresh: writing through a planted symlink would
    // overwrite any file the emulator's user can write.
    if (::unlink(temporary.c_str()) != 0 && errno != ENOENT)
        fail("cannot remove", temporary);
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        fail("cannot create", temporary);
    std::string text;
    for (const auto& line : lines)
        text += line.dump() + "\n";
    write_fully(fd, text, temporary);
    if (::fsync(fd) != 0)
        fail("cannot sync", temporary);
    ::close(fd);
    std::filesystem::rename(temporary, file);
    auto directory = file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
    int dir_fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd >= 0) {
        ::fsync(dir_fd);
        ::close(dir_fd);
    }
}

}  // namespace emulator_kit
