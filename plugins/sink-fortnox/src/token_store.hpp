// A Fortnox company's OAuth tokens on disk: one JSON file per company, mode 0600, replaced
// atomically (temporary file, fsync, rename, fsync of the folder), so that a process killed at
// any instant leaves either the old tokens or the new ones, never neither. Fortnox's refresh
// tokens are single use: the new one is on disk before anything uses the answer that carried it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace ferry::fortnox {

struct StoredToken {
    std::string access_token;
    std::int64_t access_expires_at = 0;  // seconds since the epoch
    std::string refresh_token;
    std::string scope;
    std::int64_t refreshed_at = 0;  // when Fortnox issued refresh_token
    // The SHA-256 of the authorization code exchanged last, so a code is never sent twice.
    std::string code_sha256;
    // Fortnox refused refresh_token (invalid_grant): only a new authorisation helps.
    bool revoked = false;
};

// The tokens in `path`, or nullopt when there is no such file. Throws sdk::Error
// ("fortnox.token_file") when it cannot be read or is not a token file.
std::optional<StoredToken> read_token_file(const std::string& path);

// Replaces `path` atomically and durably with `token`, mode 0600. Throws sdk::Error
// ("fortnox.token_file") when it cannot.
void write_token_file(const std::string& path, const StoredToken& token);

// An exclusive flock on `path` + ".lock" (created 0600), held while it lives: the service and
// `ferry check` never refresh the same company's token at once.
class TokenFileLock {
  public:
    explicit TokenFileLock(const std::string& token_path);
    ~TokenFileLock();
    TokenFileLock(const TokenFileLock&) = delete;
    TokenFileLock& operator=(const TokenFileLock&) = delete;

  private:
    int fd_ = -1;
};

// Lower-case hex SHA-256 of `text`.
std::string sha256_hex(const std::string& text);

}  // namespace ferry::fortnox
