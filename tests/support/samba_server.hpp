// A real Samba server on 127.0.0.1, started by the test that needs it and stopped with it:
// a free port, its own smb.conf and databases in a temporary folder, one read-only share
// `Faktura` over a folder of files, and one user allowed to read it. Reusable by any test
// that needs an SMB share (needs root to create the Unix user, as in CI).
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>

namespace ferry::novax::testing {

class SambaServer {
  public:
    static constexpr const char* domain = "HOSTING";
    static constexpr const char* user = "ferrynovax";
    static constexpr const char* password = "Fakt-ura-2026";
    static constexpr const char* share = "Faktura";

    // Serves `share_folder` (copied nowhere: the folder itself, made world-readable).
    explicit SambaServer(const std::filesystem::path& share_folder);
    ~SambaServer();
    SambaServer(const SambaServer&) = delete;
    SambaServer& operator=(const SambaServer&) = delete;

    int port() const { return port_; }
    // "smb://127.0.0.1:<port>/<share>"
    std::string url(const std::string& share_name = share) const;

    // A port on 127.0.0.1 that nothing listens on (for "server not answering").
    static int unused_port();

    // Kills smbd as a reboot would (its clients' connections die with it), and starts it again
    // on the same port with the same share and user.
    void kill_server();
    void restart();

  private:
    void start();
    void stop();

    std::filesystem::path root_;
    int port_ = 0;
    pid_t pid_ = -1;
};

}  // namespace ferry::novax::testing
