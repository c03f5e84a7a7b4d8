#include "smb_share.hpp"

#include "server_probe.hpp"
#include "smbclient_library.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace ferry::files {
namespace {

// A dead server must fail within seconds, not stall the whole pass.
constexpr int timeout_ms = 5000;

// How libsmbclient reports a server that went away or never answered.
bool is_connection_failure(int error) {
    switch (error) {
        case ECONNREFUSED:
        case ECONNRESET:
        case ECONNABORTED:
        case ENOTCONN:
        case EPIPE:
        case ETIMEDOUT:
        case EHOSTUNREACH:
        case EHOSTDOWN:
        case ENETUNREACH:
        case ENETDOWN:
        case ENETRESET:
        case EIO:
            return true;
        default:
            return false;
    }
}

void copy_bounded(char* target, int size, const std::string& value) {
    if (size <= 0)
        return;
    std::size_t length = std::min(value.size(), static_cast<std::size_t>(size - 1));
    std::memcpy(target, value.data(), length);
    target[length] = '\0';
}

struct FileCloser {
    const SmbClientLibrary& smb;
    SMBCCTX* context;
    SMBCFILE* file;
    ~FileCloser() {
        if (file)
            smb.smbc_getFunctionClose(context)(context, file);
    }
};

struct DirectoryCloser {
    const SmbClientLibrary& smb;
    SMBCCTX* context;
    SMBCFILE* directory;
    ~DirectoryCloser() {
        if (directory)
            smb.smbc_getFunctionClosedir(context)(context, directory);
    }
};

}  // namespace

SmbShare::SmbShare(ServerAccess access, std::string code_prefix)
    : smb_(smbclient(code_prefix)),
      access_(std::move(access)),
      code_prefix_(std::move(code_prefix)),
      url_(access_.location) {
    while (url_.size() > 6 && url_.back() == '/')
        url_.pop_back();
    context_ = smb_.smbc_new_context();
    if (!context_)
        throw sdk::Error(code_prefix_ + ".smb.init",
                         url_ + ": libsmbclient could not create a context");
    smb_.smbc_setDebug(context_, 0);
    smb_.smbc_setOptionUserData(context_, this);
    smb_.smbc_setFunctionAuthDataWithContext(context_, &SmbShare::supply_credentials);
    smb_.smbc_setOptionUseKerberos(context_, 0);
    smb_.smbc_setOptionFallbackAfterKerberos(context_, 1);
    // A wrong password must fail, not silently fall back to a guest session.
    smb_.smbc_setOptionNoAutoAnonymousLogin(context_, 1);
    smb_.smbc_setOptionProtocols(context_, "SMB3_00", "SMB3");
    smb_.smbc_setTimeout(context_, timeout_ms);
    if (!smb_.smbc_init_context(context_)) {
        int error = errno;
        smb_.smbc_free_context(context_, 1);
        context_ = nullptr;
        throw sdk::Error(code_prefix_ + ".smb.init",
                         url_ + ": libsmbclient could not start (" + std::strerror(error) + ")");
    }
}

SmbShare::~SmbShare() {
    if (context_)
        smb_.smbc_free_context(context_, 1);
}

void SmbShare::supply_credentials(SMBCCTX* context, const char*, const char*, char* domain,
                                  int domain_size, char* user, int user_size, char* password,
                                  int password_size) {
    // Called by the library, so it is loaded and no load error can need a code.
    auto* self = static_cast<SmbShare*>(smbclient({}).smbc_getOptionUserData(context));
    copy_bounded(domain, domain_size, self->access_.domain);
    copy_bounded(user, user_size, self->access_.username);
    copy_bounded(password, password_size, self->access_.password);
}

sdk::Problem SmbShare::problem(int error, const std::string& what) const {
    std::string where = "server " + url_ + ": " + what + ": ";
    switch (error) {
        case EACCES:
        case EPERM:
            return {code_prefix_ + ".server.auth",
                    where +
                        "logon refused or access denied; check domain, username and password "
                        "(user " +
                        access_.domain + "\\" + access_.username +
                        ") and that the user may read the share"};
        case ENOENT:
        case ENODEV:
        case ENXIO:
        case ENOTDIR:
            return {code_prefix_ + ".server.share_not_found",
                    where + "no such share or folder; check the location setting"};
        default:
            if (is_connection_failure(error))
                return {code_prefix_ + ".server.unreachable",
                        where + "the server does not answer (" + std::strerror(error) +
                            "); check that it is running and reachable on the network"};
            // libsmbclient answers a server it never reached with errors such as EINVAL.
            if (auto reason = why_unreachable(url_, std::chrono::milliseconds(timeout_ms)))
                return {code_prefix_ + ".server.unreachable", where + *reason};
            return {code_prefix_ + ".server.error", where + std::strerror(error)};
    }
}

// Reading one file: only a connection that failed is the server's; the rest is the file's, and
// passes (a lock held while a program writes it, a permission fixed, a file renamed back).
sdk::Problem SmbShare::file_problem(int error, const std::string& name) const {
    if (is_connection_failure(error))
        return problem(error, name);
    std::string where = "server " + url_ + ": " + name + ": ";
    if (error == EBUSY || error == EAGAIN || error == ETXTBSY)
        return {code_prefix_ + ".file.busy",
                where + "in use by another program (" + std::strerror(error) +
                    "), probably still being written; read at a later pass"};
    return {code_prefix_ + ".file.unreadable",
            where + "cannot be read (" + std::strerror(error) +
                "); check that the user may read it; read at a later pass"};
}

std::optional<sdk::Problem> SmbShare::list(const std::function<void(const FileEntry&)>& visit) {
    errno = 0;
    SMBCFILE* directory = smb_.smbc_getFunctionOpendir(context_)(context_, url_.c_str());
    if (!directory)
        return problem(errno, "listing the folder");
    DirectoryCloser closer{smb_, context_, directory};
    auto next = smb_.smbc_getFunctionReaddirPlus2(context_);
    struct stat status {};
    while (const libsmb_file_info* info = next(context_, directory, &status)) {
        if (!info->name || !S_ISREG(status.st_mode))
            continue;
        visit({info->name, static_cast<std::uint64_t>(info->size),
               static_cast<std::int64_t>(info->mtime_ts.tv_sec)});
    }
    return std::nullopt;
}

sdk::Result<FileContents> SmbShare::read(const std::string& name, std::size_t max_bytes) {
    std::string url = url_ + "/" + name;
    errno = 0;
    SMBCFILE* file = smb_.smbc_getFunctionOpen(context_)(context_, url.c_str(), O_RDONLY, 0);
    if (!file)
        return file_problem(errno, name);
    FileCloser closer{smb_, context_, file};
    struct stat status {};
    if (smb_.smbc_getFunctionFstat(context_)(context_, file, &status) < 0)
        return file_problem(errno, name);
    std::string bytes;
    char buffer[64 * 1024];
    auto read_some = smb_.smbc_getFunctionRead(context_);
    for (;;) {
        ssize_t count = read_some(context_, file, buffer, sizeof buffer);
        if (count < 0)
            return file_problem(errno, name);
        if (count == 0)
            break;
        if (bytes.size() + static_cast<std::size_t>(count) > max_bytes)
            return sdk::Problem{code_prefix_ + ".file.too_large",
                                "server " + url_ + ": " + name + ": exceeds the limit of " +
                                    std::to_string(max_bytes) + " bytes (setting max_file_mb)"};
        bytes.append(buffer, static_cast<std::size_t>(count));
    }
    return FileContents{std::move(bytes), static_cast<std::int64_t>(status.st_mtime)};
}

}  // namespace ferry::files
