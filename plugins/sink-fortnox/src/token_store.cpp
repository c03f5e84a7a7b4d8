#include "token_store.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "ferry/sdk/problem.hpp"

namespace ferry::fortnox {

namespace {

[[noreturn]] void fail(const std::string& path, const std::string& what) {
    throw sdk::Error("fortnox.token_file", "token file " + path + ": " + what);
}

std::string system_error() {
    return std::strerror(errno);
}

void write_all(int fd, const std::string& text, const std::string& path) {
    std::size_t written = 0;
    while (written < text.size()) {
        ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            fail(path, "cannot write: " + system_error() + "; check the disk and permissions");
        written += static_cast<std::size_t>(n);
    }
}

void sync_folder(const std::filesystem::path& folder, const std::string& path) {
    int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        fail(path, "cannot open its folder to sync it: " + system_error());
    int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0)
        fail(path, "cannot sync its folder: " + system_error());
}

}  // namespace

std::optional<StoredToken> read_token_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        if (!std::filesystem::exists(path))
            return std::nullopt;
        fail(path, "cannot be read; check that Ferry's user owns it");
    }
    std::stringstream text;
    text << in.rdbuf();
    try {
        nlohmann::json json = nlohmann::json::parse(text.str());
        StoredToken token;
        token.access_token = json.value("access_token", "");
        token.access_expires_at = json.value("access_expires_at", std::int64_t{0});
        token.refresh_token = json.value("refresh_token", "");
        token.scope = json.value("scope", "");
        token.refreshed_at = json.value("refreshed_at", std::int64_t{0});
        token.code_sha256 = json.value("authorization_code_sha256", "");
        token.revoked = json.value("revoked", false);
        return token;
    } catch (const nlohmann::json::exception&) {
        fail(path,
             "is not a Ferry token file (not the JSON Ferry writes); move it away and "
             "authorise again (README: first authorisation)");
    }
}

void write_token_file(const std::string& path, const StoredToken& token) {
    nlohmann::json json = {{"access_token", token.access_token},
                           {"access_expires_at", token.access_expires_at},
                           {"refresh_token", token.refresh_token},
                           {"scope", token.scope},
                           {"refreshed_at", token.refreshed_at},
                           {"authorization_code_sha256", token.code_sha256},
                           {"revoked", token.revoked}};
    const std::string text = json.dump(2) + "\n";
    const std::filesystem::path target(path);
    std::random_device random;
    const std::string temporary =
        path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(random());
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        fail(path, "cannot create " + temporary + ": " + system_error() +
                       "; check that the folder exists and Ferry may write there");
    try {
        write_all(fd, text, path);
        if (::fchmod(fd, 0600) != 0 || ::fsync(fd) != 0)
            fail(path, "cannot sync " + temporary + ": " + system_error());
    } catch (...) {
        ::close(fd);
        ::unlink(temporary.c_str());
        throw;
    }
    ::close(fd);
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        std::string error = system_error();
        ::unlink(temporary.c_str());
        fail(path, "cannot replace it: " + error);
    }
    sync_folder(target.parent_path(), path);
}

TokenFileLock::TokenFileLock(const std::string& token_path) {
    const std::string path = token_path + ".lock";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ < 0)
        fail(token_path, "cannot open its lock file " + path + ": " + system_error());
    while (::flock(fd_, LOCK_EX) != 0) {
        if (errno == EINTR)
            continue;
        std::string error = system_error();
        ::close(fd_);
        fail(token_path, "cannot lock " + path + ": " + error);
    }
}

TokenFileLock::~TokenFileLock() {
    if (fd_ >= 0)
        ::close(fd_);  // releases the lock
}

std::string sha256_hex(const std::string& text) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_Digest(text.data(), text.size(), digest, &size, EVP_sha256(), nullptr);
    static const char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < size; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 15];
    }
    return out;
}

}  // namespace ferry::fortnox
