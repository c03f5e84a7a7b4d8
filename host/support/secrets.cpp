#include "support/secrets.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace ferry {

namespace {

constexpr off_t largest_secret_file = 64 * 1024;

sdk::Problem file_problem(const std::string& code, const std::string& path,
                          const std::string& what) {
    return sdk::Problem{code, fmt::format("secret file {} {}", path, what)};
}

// Checks what `fd` opened, not what the path names now, so the checks and the read are about
// the same file.
sdk::Result<std::string> read_opened_secret(int fd, const std::string& path) {
    struct stat info {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode))
        return file_problem("config.secret_file_type", path,
                            "is not a regular file; put the secret alone in a plain file");
    if (info.st_uid != 0 && info.st_uid != ::geteuid())
        return file_problem(
            "config.secret_file_owner", path,
            fmt::format("is owned by uid {}, not by root or the user Ferry runs as (uid {}); "
                        "run Ferry as the user that owns it (e.g. `runuser -u ferry -- ferry "
                        "...`), or chown it to the user that runs Ferry",
                        info.st_uid, ::geteuid()));
    if (info.st_mode & (S_IRWXG | S_IRWXO))
        return file_problem(
            "config.secret_file_permissions", path,
            fmt::format("is accessible by group or others (mode {:04o}); run chmod 600 {}",
                        info.st_mode & 07777, path));
    if (info.st_size > largest_secret_file)
        return file_problem("config.secret_file_size", path,
                            fmt::format("holds {} bytes, more than the {} a secret may have; "
                                        "put the secret alone in the file",
                                        info.st_size, largest_secret_file));
    std::string value(static_cast<std::size_t>(largest_secret_file) + 1, '\0');
    std::size_t used = 0;
    while (used < value.size()) {
        ssize_t n = ::read(fd, value.data() + used, value.size() - used);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return file_problem("config.secret_file_missing", path,
                                fmt::format("cannot be read ({})", std::strerror(errno)));
        if (n == 0)
            break;
        used += static_cast<std::size_t>(n);
    }
    if (used > static_cast<std::size_t>(largest_secret_file))
        return file_problem("config.secret_file_size", path,
                            fmt::format("grew beyond the {} bytes a secret may have while it was "
                                        "read; put the secret alone in the file",
                                        largest_secret_file));
    value.resize(used);
    while (!value.empty() && (value.back() == '\n' || value.back() == '\r'))
        value.pop_back();
    return value;
}

// Symlinks are followed (/etc/ferry/x -> /run/secrets/x is common). O_NONBLOCK keeps a FIFO
// or a device from holding up validation or a reload; only regular files are read.
sdk::Result<std::string> read_secret_file(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return file_problem("config.secret_file_missing", path,
                            fmt::format("cannot be opened ({}); check the path and that the user "
                                        "Ferry runs as may read it",
                                        std::strerror(errno)));
    auto value = read_opened_secret(fd, path);
    ::close(fd);
    return value;
}

sdk::Result<std::string> resolve(const std::string& kind, const std::string& argument) {
    if (kind == "env") {
        const char* value = std::getenv(argument.c_str());
        if (!value)
            return sdk::Problem{"config.env_missing",
                                "environment variable " + argument + " is not set"};
        return std::string(value);
    }
    if (kind == "file")
        return read_secret_file(argument);
    return sdk::Problem{"config.reference_kind",
                        "unknown reference ${" + kind + ":...}; use ${env:NAME} or ${file:PATH}"};
}

}  // namespace
bool has_references(const std::string& text) {
    return text.find("${") != std::string::npos;
}

sdk::Result<std::string> substitute_references(const std::string& text) {
    std::string result;
    std::size_t position = 0;
    while (true) {
        std::size_t start = text.find("${", position);
        if (start == std::string::npos)
            break;
        std::size_t end = text.find('}', start);
        std::size_t colon = text.find(':', start);
        if (end == std::string::npos || colon == std::string::npos || colon > end)
            return sdk::Problem{"config.reference_syntax",
                                "malformed reference; write ${env:NAME} or ${file:PATH}"};
        result += text.substr(position, start - position);
        auto value = resolve(text.substr(start + 2, colon - start - 2),
                             text.substr(colon + 1, end - colon - 1));
        if (!value)
            return value.problem();
        result += value.value();
        position = end + 1;
    }
    return result + text.substr(position);
}

}  // namespace ferry
