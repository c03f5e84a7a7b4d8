#include "ledger_folder.hpp"

#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#include <pwd.h>

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <set>

#include "ferry/sdk/problem.hpp"
#include "ledger_error.hpp"

namespace ferry::store_lmdb {
namespace {

void tighten(const std::string& path, mode_t current, mode_t wanted, sdk::HostServices& host) {
    if ((current & 07777) == wanted)
        return;
    if (::chmod(path.c_str(), wanted) != 0)
        throw ledger_error(errno, "secure", path);
    char modes[64];
    std::snprintf(modes, sizeof modes, "from %04o to %04o", unsigned(current & 07777),
                  unsigned(wanted));
    host.log(sdk::LogLevel::warning, "ledger.permissions.repaired",
             path + " was readable by others; changed its mode " + modes);
}

// True when the folder holds something this store did not write: it is not the ledger's own.
// A folder that cannot be listed says nothing here; opening the ledger in it reports why.
bool holds_other_files(const std::string& path) {
    static const std::set<std::string> ledger_files = {"data.mdb", "lock.mdb", "writer.lock"};
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(path, error))
        if (!ledger_files.contains(entry.path().filename().string()))
            return true;
    return false;
}

// A missing folder that the running user may not create (the package's /var/lib/ferry on a
// system where it was removed): say which folder to create and for whom, since no ownership
// change of the ledger itself can help.
sdk::Error cannot_create(const std::string& folder, const std::string& ledger) {
    std::string within = std::filesystem::path(folder).parent_path().string();
    std::string user = "with id " + std::to_string(::geteuid());
    struct passwd entry {
    }, *found = nullptr;
    char names[1024];
    if (::getpwuid_r(::geteuid(), &entry, names, sizeof names, &found) == 0 && found)
        user = found->pw_name;
    return sdk::Error("ledger.folder_missing",
                      "cannot create the ledger " + ledger + ": the folder " + folder +
                          " does not exist and user " + user + " may not create it in " + within +
                          ". Create it once as root for the user that runs Ferry, "
                          "e.g. `install -d -m 0700 -o ferry -g ferry " +
                          folder + "`");
}

}  // namespace

void make_private_folder(const std::string& path, sdk::HostServices& host) {
    for (std::size_t slash = path.find('/', 1); slash != std::string::npos;
         slash = path.find('/', slash + 1)) {
        std::string parent = path.substr(0, slash);
        if (::mkdir(parent.c_str(), 0700) != 0 && errno != EEXIST)
            throw errno == EACCES ? cannot_create(parent, path)
                                  : ledger_error(errno, "create the folder of", path);
    }
    if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST)
        throw errno == EACCES ? cannot_create(path, path) : ledger_error(errno, "create", path);
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0)
        throw ledger_error(errno, "open", path);
    if (!S_ISDIR(info.st_mode))
        throw sdk::Error("ledger.not_a_folder", "the ledger " + path +
                                                    " is not a folder; store.path must name a "
                                                    "folder (Ferry creates it if missing)");
    // A folder other people or programs use (/tmp, /var/lib, a home folder) is never made
    // private: that would lock them out. Only the ledger's own folder is repaired.
    bool needs_change = (info.st_mode & 07777) != 0700 || info.st_uid != ::geteuid();
    if (needs_change && holds_other_files(path))
        throw sdk::Error(
            "ledger.shared_folder",
            "the ledger folder " + path +
                " is shared: it holds other files and is open to others or owned by "
                "another user. Give each pipeline's ledger a folder of its own, e.g. " +
                path + "/ledger (Ferry creates it, mode 0700)");
    tighten(path, info.st_mode, 0700, host);
}

void make_private_file(const std::string& path, sdk::HostServices& host) {
    struct stat info {};
    if (::stat(path.c_str(), &info) == 0)
        tighten(path, info.st_mode, 0600, host);
}

std::string_view network_file_system(long magic) {
    switch (static_cast<unsigned long>(magic) & 0xFFFFFFFFu) {
        case NFS_SUPER_MAGIC:
            return "NFS";
        case SMB_SUPER_MAGIC:
        case CIFS_SUPER_MAGIC:
        case SMB2_SUPER_MAGIC:
            return "SMB/CIFS";
        case AFS_SUPER_MAGIC:
            return "AFS";
        case CEPH_SUPER_MAGIC:
            return "CephFS";
    }
    return "";
}

void require_local_disk(const std::string& path) {
    struct statfs info {};
    if (::statfs(path.c_str(), &info) != 0)
        throw ledger_error(errno, "open", path);
    std::string_view network = network_file_system(static_cast<long>(info.f_type));
    if (!network.empty())
        throw sdk::Error("ledger.network_fs",
                         "the ledger " + path + " is on a network file system (" +
                             std::string(network) +
                             "), where LMDB's locks do not hold across machines and two hosts "
                             "could book the same invoice. Put store.path on a local disk.");
}

std::size_t file_size(const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 ? static_cast<std::size_t>(info.st_size) : 0;
}

void require_existing_ledger(const std::string& folder) {
    struct stat info {};
    if (::stat((folder + "/data.mdb").c_str(), &info) != 0)
        throw ledger_error(errno, "open", folder);
    if (info.st_size == 0)
        throw ledger_error(ENOENT, "open", folder);
}

}  // namespace ferry::store_lmdb
