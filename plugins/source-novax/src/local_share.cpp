#include "local_share.hpp"

#include <dirent.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>

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

}  // namespace

// Names are looked up relative to the open folder: a folder of years of documents is listed
// every pass, and walking the full path again for each of them doubled the listing's cost.
sdk::Result<std::vector<FileEntry>> LocalShare::list() {
    DIR* folder = ::opendir(folder_.c_str());
    if (!folder)
        return folder_problem(folder_, std::error_code(errno, std::generic_category()));
    std::vector<FileEntry> files;
    while (const dirent* entry = ::readdir(folder)) {
        struct stat status {};
        if (::fstatat(::dirfd(folder), entry->d_name, &status, 0) != 0 || !S_ISREG(status.st_mode))
            continue;
        files.push_back({entry->d_name, static_cast<std::uint64_t>(status.st_size),
                         static_cast<std::int64_t>(status.st_mtime)});
    }
    ::closedir(folder);
    return files;
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
