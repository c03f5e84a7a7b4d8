#include "writer_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string_view>

#include "ferry/sdk/problem.hpp"
#include "ledger_error.hpp"

namespace ferry::store_lmdb {
namespace {

std::string holder_pid(int fd) {
    char text[32] = {};
    ssize_t size = pread(fd, text, sizeof text - 1, 0);
    std::string_view pid(text, size > 0 ? static_cast<std::size_t>(size) : 0);
    while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' '))
        pid.remove_suffix(1);
    return pid.empty() ? "unknown" : std::string(pid);
}

}  // namespace

WriterLock::WriterLock(const std::string& folder) {
    std::string path = folder + "/writer.lock";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ < 0)
        throw ledger_error(errno, "lock", folder);
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        int error = errno;
        std::string pid = error == EWOULDBLOCK ? holder_pid(fd_) : "";
        ::close(fd_);
        fd_ = -1;
        if (error != EWOULDBLOCK)
            throw ledger_error(error, "lock", folder);
        throw sdk::Error("ledger.locked",
                         "ledger " + folder + " is in use by another Ferry process (pid " + pid +
                             "); stop it, or use a read-only command such as `ferry status`");
    }
    ::fchmod(fd_, 0600);
    std::string pid = std::to_string(::getpid()) + "\n";
    // The pid is only for the message a second process prints, so a failure here is harmless.
    if (::ftruncate(fd_, 0) == 0) {
        [[maybe_unused]] ssize_t written = ::pwrite(fd_, pid.data(), pid.size(), 0);
    }
}

WriterLock::~WriterLock() {
    if (fd_ >= 0)
        ::close(fd_);
}

}  // namespace ferry::store_lmdb
