#include "smb_share.hpp"

#include <fcntl.h>
#include <libsmbclient.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace ferry::novax {
namespace {

// A dead server must fail within seconds, not stall the whole pass.
constexpr int timeout_ms = 5000;

void copy_bounded(char* target, int size, const std::string& value) {
    if (size <= 0)
        return;
    std::size_t length = std::min(value.size(), static_cast<std::size_t>(size - 1));
    std::memcpy(target, value.data(), length);
    target[length] = '\0';
}

struct FileCloser {
    SMBCCTX* context;
    SMBCFILE* file;
    ~FileCloser() {
        if (file)
            smbc_getFunctionClose(context)(context, file);
    }
};

struct DirectoryCloser {
    SMBCCTX* context;
    SMBCFILE* directory;
    ~DirectoryCloser() {
        if (directory)
            smbc_getFunctionClosedir(context)(context, directory);
    }
};

}  // namespace

SmbShare::SmbShare(ServerAccess access) : access_(std::move(access)), url_(access_.location) {
    while (url_.size() > 6 && url_.back() == '/')
        url_.pop_back();
    context_ = smbc_new_context();
    if (!context_)
        throw sdk::Error("novax.smb.init", url_ + ": libsmbclient could not create a context");
    smbc_setDebug(context_, 0);
    smbc_setOptionUserData(context_, this);
    smbc_setFunctionAuthDataWithContext(context_, &SmbShare::supply_credentials);
    smbc_setOptionUseKerberos(context_, 0);
    smbc_setOptionFallbackAfterKerberos(context_, 1);
    // A wrong password must fail, not silently fall back to a guest session.
    smbc_setOptionNoAutoAnonymousLogin(context_, 1);
    smbc_setOptionProtocols(context_, "SMB3_00", "SMB3");
    smbc_setTimeout(context_, timeout_ms);
    if (!smbc_init_context(context_)) {
        int error = errno;
        smbc_free_context(context_, 1);
        context_ = nullptr;
        throw sdk::Error("novax.smb.init",
                         url_ + ": libsmbclient could not start (" + std::strerror(error) + ")");
    }
}

SmbShare::~SmbShare() {
    if (context_)
        smbc_free_context(context_, 1);
}

void SmbShare::supply_credentials(SMBCCTX* context, const char*, const char*, char* domain,
                                  int domain_size, char* user, int user_size, char* password,
                                  int password_size) {
    auto* self = static_cast<SmbShare*>(smbc_getOptionUserData(context));
    copy_bounded(domain, domain_size, self->access_.domain);
    copy_bounded(user, user_size, self->access_.username);
    copy_bounded(password, password_size, self->access_.password);
}

sdk::Problem SmbShare::problem(int error, const std::string& what) const {
    std::string where = "server " + url_ + ": " + what + ": ";
    switch (error) {
        case EACCES:
        case EPERM:
            return {"novax.server.auth",
                    where +
                        "logon refused or access denied; check domain, username and password "
                        "(user " +
                        access_.domain + "\\" + access_.username +
                        ") and that the user may read the share"};
        case ENOENT:
        case ENODEV:
        case ENXIO:
        case ENOTDIR:
            return {"novax.server.share_not_found",
                    where + "no such share or folder; check the location setting"};
        case ECONNREFUSED:
        case ETIMEDOUT:
        case EHOSTUNREACH:
        case ENETUNREACH:
        case EHOSTDOWN:
        case ECONNRESET:
        case EIO:
            return {"novax.server.unreachable",
                    where + "the server does not answer (" + std::strerror(error) +
                        "); check that it is running and reachable on the network"};
        default:
            return {"novax.server.error", where + std::strerror(error)};
    }
}

sdk::Result<std::vector<FileEntry>> SmbShare::list() {
    errno = 0;
    SMBCFILE* directory = smbc_getFunctionOpendir(context_)(context_, url_.c_str());
    if (!directory)
        return problem(errno, "listing the folder");
    DirectoryCloser closer{context_, directory};
    auto next = smbc_getFunctionReaddirPlus2(context_);
    std::vector<FileEntry> files;
    struct stat status {};
    while (const libsmb_file_info* info = next(context_, directory, &status)) {
        if (!info->name || !S_ISREG(status.st_mode))
            continue;
        files.push_back({info->name, static_cast<std::uint64_t>(info->size),
                         static_cast<std::int64_t>(info->mtime_ts.tv_sec)});
    }
    return files;
}

sdk::Result<std::string> SmbShare::read(const std::string& name, std::size_t max_bytes) {
    std::string url = url_ + "/" + name;
    errno = 0;
    SMBCFILE* file = smbc_getFunctionOpen(context_)(context_, url.c_str(), O_RDONLY, 0);
    if (!file) {
        sdk::Problem failure = problem(errno, name);
        if (failure.code == "novax.server.share_not_found")
            failure.code = "novax.file.unreadable";
        return failure;
    }
    FileCloser closer{context_, file};
    std::string bytes;
    char buffer[64 * 1024];
    auto read_some = smbc_getFunctionRead(context_);
    for (;;) {
        ssize_t count = read_some(context_, file, buffer, sizeof buffer);
        if (count < 0)
            return problem(errno, name);
        if (count == 0)
            break;
        if (bytes.size() + static_cast<std::size_t>(count) > max_bytes)
            return sdk::Problem{"novax.file.too_large",
                                "server " + url_ + ": " + name + ": exceeds the limit of " +
                                    std::to_string(max_bytes) + " bytes (setting max_file_mb)"};
        bytes.append(buffer, static_cast<std::size_t>(count));
    }
    return bytes;
}

}  // namespace ferry::novax
