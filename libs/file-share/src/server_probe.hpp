// Why an SMB server cannot be reached, found without libsmbclient: for a server that is not
// there, libsmbclient often says only "Invalid argument", which sends a person looking at the
// wrong thing.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace ferry::files {

// For "smb://[user@]host[:port]/share/...": nullopt when the host's name resolves and its SMB
// port accepts a connection within `timeout`; otherwise what failed, e.g. "the name fileserver
// does not resolve (Name or service not known)".
std::optional<std::string> why_unreachable(const std::string& smb_url,
                                           std::chrono::milliseconds timeout);

}  // namespace ferry::files
