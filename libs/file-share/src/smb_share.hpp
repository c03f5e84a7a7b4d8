#pragma once

#include "share.hpp"

typedef struct _SMBCCTX SMBCCTX;

namespace ferry::files {

struct SmbClientLibrary;

// An SMB3 share through libsmbclient, with its own context so that servers never share
// credentials or connections. Messages name the server by its location, never the password.
class SmbShare : public Share {
  public:
    SmbShare(ServerAccess access, std::string code_prefix);
    ~SmbShare() override;
    SmbShare(const SmbShare&) = delete;
    SmbShare& operator=(const SmbShare&) = delete;

    std::optional<sdk::Problem> list(const std::function<void(const FileEntry&)>& visit) override;
    sdk::Result<FileContents> read(const std::string& name, std::size_t max_bytes) override;

  private:
    static void supply_credentials(SMBCCTX* context, const char* server, const char* share,
                                   char* domain, int domain_size, char* user, int user_size,
                                   char* password, int password_size);
    sdk::Problem problem(int error, const std::string& what) const;
    sdk::Problem file_problem(int error, const std::string& name) const;

    const SmbClientLibrary& smb_;
    ServerAccess access_;
    std::string code_prefix_;
    std::string url_;  // location without a trailing slash
    SMBCCTX* context_ = nullptr;
};

}  // namespace ferry::files
