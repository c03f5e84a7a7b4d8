#include "local_share.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <stop_token>
#include <thread>
#include <utility>
#include <vector>

namespace ferry::files {
namespace {

sdk::Problem folder_problem(const std::string& code_prefix, const std::filesystem::path& folder,
                            std::error_code error) {
    std::string where = "folder " + folder.string();
    if (error == std::errc::no_such_file_or_directory || error == std::errc::not_a_directory)
        return {code_prefix + ".server.share_not_found",
                where +
                    ": does not exist or is not a folder; check the location setting and "
                    "that the share is mounted"};
    if (error == std::errc::permission_denied)
        return {code_prefix + ".server.denied",
                where + ": permission denied; let the Ferry user read it"};
    return {code_prefix + ".server.error", where + ": " + error.message()};
}

// Opens `name` in `folder` following symbolic links only while they stay inside it, in the
// kernel's one lookup, so no rename between a check and the open can lead outside. Kernels
// before 5.6 lack openat2: there no link is followed at all.
int open_beneath(int folder, const char* name, int flags) {
    open_how how{};
    how.flags = static_cast<std::uint64_t>(flags | O_CLOEXEC);
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    long fd = ::syscall(SYS_openat2, folder, name, &how, sizeof how);
    if (fd < 0 && errno == ENOSYS)
        fd = ::openat(folder, name, flags | O_CLOEXEC | O_NOFOLLOW);
    return static_cast<int>(fd);
}

bool leaves_folder(int error) {
    return error == EXDEV || error == ELOOP;
}

class FileDescriptor {
  public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    ~FileDescriptor() {
        if (fd_ >= 0)
            ::close(fd_);
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    int get() const { return fd_; }

  private:
    int fd_;
};

// Batches of files from the folder's reader to the caller; at most two wait, so memory stays
// that of a few thousand files whatever the folder holds.
class BatchQueue {
  public:
    // False when the caller stopped listing (it threw).
    bool push(std::vector<FileEntry> batch, std::stop_token stop) {
        std::unique_lock lock(mutex_);
        if (!changed_.wait(lock, stop, [&] { return batches_.size() < 2; }))
            return false;
        batches_.push_back(std::move(batch));
        changed_.notify_all();
        return true;
    }
    void finish(int error) {
        std::lock_guard lock(mutex_);
        finished_ = true;
        error_ = error;
        changed_.notify_all();
    }
    // False once the reader has finished and every batch was taken.
    bool pop(std::vector<FileEntry>& batch) {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return !batches_.empty() || finished_; });
        if (batches_.empty())
            return false;
        batch = std::move(batches_.front());
        batches_.pop_front();
        changed_.notify_all();
        return true;
    }
    int error() const {
        std::lock_guard lock(mutex_);
        return error_;
    }

  private:
    mutable std::mutex mutex_;
    std::condition_variable_any changed_;
    std::deque<std::vector<FileEntry>> batches_;
    bool finished_ = false;
    int error_ = 0;
};

// Names are looked up relative to the open folder: a folder of years of documents is listed
// every pass, and walking the full path again for each of them doubled the listing's cost.
void read_folder(DIR* folder, BatchQueue& queue, std::stop_token stop) {
    constexpr std::size_t batch_size = 1024;
    std::vector<FileEntry> batch;
    for (;;) {
        errno = 0;
        const dirent* entry = ::readdir(folder);
        if (!entry)
            break;
        struct stat status {};
        if (::fstatat(::dirfd(folder), entry->d_name, &status, AT_SYMLINK_NOFOLLOW) != 0)
            continue;
        bool outside = false;
        if (S_ISLNK(status.st_mode)) {
            FileDescriptor target(open_beneath(::dirfd(folder), entry->d_name, O_PATH));
            outside = target.get() < 0 && leaves_folder(errno);
            if (!outside && (target.get() < 0 || ::fstat(target.get(), &status) != 0))
                continue;
        }
        if (!outside && !S_ISREG(status.st_mode))
            continue;
        batch.push_back({entry->d_name, outside ? 0 : static_cast<std::uint64_t>(status.st_size),
                         outside ? 0 : static_cast<std::int64_t>(status.st_mtime), outside});
        if (batch.size() == batch_size && !queue.push(std::exchange(batch, {}), stop))
            return;
    }
    int error = errno;
    if (!batch.empty() && !queue.push(std::move(batch), stop))
        return;
    queue.finish(error);
}

}  // namespace

// Listing hands files over in batches from a thread that reads the folder to the caller's
// thread, which decides about them meanwhile: in a folder of years of documents, one stat()
// per file is half of an idle pass, and the ledger look-ups are the other half.
std::optional<sdk::Problem> LocalShare::list(const std::function<void(const FileEntry&)>& visit) {
    std::unique_ptr<DIR, int (*)(DIR*)> folder(::opendir(folder_.c_str()), &::closedir);
    if (!folder)
        return folder_problem(code_prefix_, folder_,
                              std::error_code(errno, std::generic_category()));
    BatchQueue queue;
    std::jthread reader([&](std::stop_token stop) { read_folder(folder.get(), queue, stop); });
    for (std::vector<FileEntry> batch; queue.pop(batch);)
        for (const FileEntry& file : batch)
            visit(file);
    reader.join();
    if (queue.error() != 0)
        return folder_problem(code_prefix_, folder_,
                              std::error_code(queue.error(), std::generic_category()));
    return std::nullopt;
}

sdk::Result<FileContents> LocalShare::read(const std::string& name, std::size_t max_bytes) {
    FileDescriptor folder(::open(folder_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (folder.get() < 0)
        return folder_problem(code_prefix_, folder_,
                              std::error_code(errno, std::generic_category()));
    std::string where = (folder_ / name).string() + ": ";
    // Non-blocking: a file another program holds a mandatory lock on must not stall the pass.
    FileDescriptor file(open_beneath(folder.get(), name.c_str(), O_RDONLY | O_NONBLOCK));
    if (file.get() < 0 && leaves_folder(errno))
        return sdk::Problem{code_prefix_ + ".file.link_outside",
                            where +
                                "a symbolic link that leads out of the folder; Ferry does not "
                                "follow it. Put the file itself into the folder"};
    struct stat status {};
    if (file.get() < 0 || ::fstat(file.get(), &status) != 0)
        return sdk::Problem{code_prefix_ + ".file.unreadable",
                            where + std::strerror(errno) +
                                "; check that Ferry's user may read it; read at a later pass"};
    if (!S_ISREG(status.st_mode))
        return sdk::Problem{code_prefix_ + ".file.unreadable",
                            where +
                                "no longer a file; it may have been replaced since it was "
                                "listed; read at a later pass"};
    if (static_cast<std::uint64_t>(status.st_size) > max_bytes)
        return sdk::Problem{code_prefix_ + ".file.too_large",
                            where + std::to_string(status.st_size) +
                                " bytes exceeds the limit of " + std::to_string(max_bytes) +
                                " bytes (setting max_file_mb)"};
    std::string bytes(static_cast<std::size_t>(status.st_size), '\0');
    std::size_t done = 0;
    while (done < bytes.size()) {
        ssize_t count = ::read(file.get(), bytes.data() + done, bytes.size() - done);
        if (count < 0 && errno == EINTR)
            continue;
        if (count < 0)
            return sdk::Problem{code_prefix_ + ".file.unreadable",
                                where + std::strerror(errno) + "; read at a later pass"};
        if (count == 0)
            return sdk::Problem{code_prefix_ + ".file.busy",
                                where +
                                    "became shorter while it was read, probably being "
                                    "written; read at a later pass"};
        done += static_cast<std::size_t>(count);
    }
    return FileContents{std::move(bytes), static_cast<std::int64_t>(status.st_mtime)};
}

}  // namespace ferry::files
