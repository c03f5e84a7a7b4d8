#include "local_share.hpp"

#include <dirent.h>
#include <sys/stat.h>

#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <fstream>
#include <memory>
#include <mutex>
#include <stop_token>
#include <thread>
#include <utility>
#include <vector>

namespace ferry::novax {
namespace {

sdk::Problem folder_problem(const std::filesystem::path& folder, std::error_code error) {
    std::string where = "folder " + folder.string();
    if (error == std::errc::no_such_file_or_directory || error == std::errc::not_a_directory)
        return {"novax.server.share_not_found",
                where +
                    ": does not exist or is not a folder; check the location setting and "
                    "that the share is mounted"};
    if (error == std::errc::permission_denied)
        return {"novax.server.denied", where + ": permission denied; let the Ferry user read it"};
    return {"novax.server.error", where + ": " + error.message()};
}

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
        if (::fstatat(::dirfd(folder), entry->d_name, &status, 0) != 0 || !S_ISREG(status.st_mode))
            continue;
        batch.push_back({entry->d_name, static_cast<std::uint64_t>(status.st_size),
                         static_cast<std::int64_t>(status.st_mtime)});
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
        return folder_problem(folder_, std::error_code(errno, std::generic_category()));
    BatchQueue queue;
    std::jthread reader([&](std::stop_token stop) { read_folder(folder.get(), queue, stop); });
    for (std::vector<FileEntry> batch; queue.pop(batch);)
        for (const FileEntry& file : batch)
            visit(file);
    reader.join();
    if (queue.error() != 0)
        return folder_problem(folder_, std::error_code(queue.error(), std::generic_category()));
    return std::nullopt;
}

sdk::Result<std::string> LocalShare::read(const std::string& name, std::size_t max_bytes) {
    std::filesystem::path path = folder_ / name;
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0 || !S_ISREG(status.st_mode))
        return sdk::Problem{"novax.file.unreadable",
                            path.string() + ": " + std::strerror(errno) +
                                "; it may have been moved since it was listed"};
    if (static_cast<std::uint64_t>(status.st_size) > max_bytes)
        return sdk::Problem{"novax.file.too_large",
                            path.string() + ": " + std::to_string(status.st_size) +
                                " bytes exceeds the limit of " + std::to_string(max_bytes) +
                                " bytes (setting max_file_mb)"};
    std::ifstream in(path, std::ios::binary);
    std::string bytes(static_cast<std::size_t>(status.st_size), '\0');
    if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size())))
        return sdk::Problem{"novax.file.unreadable", path.string() + ": could not be read whole"};
    return bytes;
}

}  // namespace ferry::novax
