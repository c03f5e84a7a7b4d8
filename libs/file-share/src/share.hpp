// A place another system writes its files to: a local or mounted folder, or an SMB share.
//
// Read-only by construction: the interface has no way to write, rename or delete. Problems carry
// the codes of the plugin that opened the share, `<code_prefix>.server.*` for the server's
// failures and `<code_prefix>.file.*` for one file's, so each plugin's README documents its own.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ferry/sdk/problem.hpp"

namespace ferry::files {

struct FileEntry {
    std::string name;  // plain file name, no folder
    std::uint64_t size = 0;
    std::int64_t mtime = 0;      // seconds since the Unix epoch
    bool leaves_folder = false;  // a symbolic link to somewhere outside the folder: never read
};

// A file as read: its bytes, and its modification time when it was opened, so that a reader
// can tell a file that changed since it was listed (still being written) from the listed one.
struct FileContents {
    std::string bytes;
    std::int64_t mtime = 0;  // seconds since the Unix epoch
};

struct ServerAccess {
    std::string location;  // folder path or smb://host[:port]/share[/path]
    std::string domain;
    std::string username;
    std::string password;  // never printed
};

class Share {
  public:
    virtual ~Share() = default;

    // Passes each file directly in the folder (not in sub-folders) to `visit` as it is found:
    // names, sizes and times only. A problem: the folder could not be listed (to its end).
    virtual std::optional<sdk::Problem> list(
        const std::function<void(const FileEntry&)>& visit) = 0;

    // The whole file, or why not: <code_prefix>.file.too_large when it is bigger than `max_bytes`
    // (the file cannot be used as it is); a server failure (is_server_failure: the server or its
    // folder does not answer, so none of its files can be read now); any other problem: this
    // file cannot be read now (locked, denied, moved since it was listed).
    virtual sdk::Result<FileContents> read(const std::string& name, std::size_t max_bytes) = 0;
};

// Whether a problem of Share::read is the server's rather than the file's.
bool is_server_failure(const sdk::Problem& problem);

bool is_smb_location(const std::string& location);

// Why `location` cannot work (empty, or an smb:// URL without a share or with credentials),
// without touching the network; nullopt when it may.
std::optional<std::string> location_problem(const std::string& location);

// Throws sdk::Error (<code_prefix>.settings.location) for a location that cannot work.
std::unique_ptr<Share> open_share(const ServerAccess& access, const std::string& code_prefix);

}  // namespace ferry::files
