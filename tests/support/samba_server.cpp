#include "samba_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <thread>

namespace ferry::novax::testing {
namespace {

namespace fs = std::filesystem;

void run(const std::string& command) {
    if (std::system(command.c_str()) != 0)
        throw std::runtime_error("samba test server: failed: " + command);
}

sockaddr_in loopback(int port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

bool accepts(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address = loopback(port);
    bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return ok;
}

std::string read_log(const fs::path& path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void ensure_unix_user() {
    if (std::system((std::string("id -u ") + SambaServer::user + " >/dev/null 2>&1").c_str()) == 0)
        return;
    // Another test process may create it at the same moment: accept "already exists".
    std::system((std::string("useradd --system --no-create-home --shell /usr/sbin/nologin ") +
                 SambaServer::user + " >/dev/null 2>&1")
                    .c_str());
    run(std::string("id -u ") + SambaServer::user + " >/dev/null");
}

}  // namespace

int SambaServer::unused_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address = loopback(0);
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

SambaServer::SambaServer(const fs::path& share_folder) {
    if (::geteuid() != 0)
        throw std::runtime_error("samba test server: must run as root");
    std::string pattern = (fs::temp_directory_path() / "ferry-samba-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
        throw std::runtime_error("samba test server: mkdtemp failed");
    root_ = pattern;
    for (const char* dir : {"private", "lock", "state", "cache", "pid", "ncalrpc", "log"})
        fs::create_directories(root_ / dir);
    // smbd reads the files as the share's user, who must be able to reach them.
    fs::permissions(root_, fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
    run("chmod -R a+rX '" + share_folder.string() + "'");
    ensure_unix_user();

    port_ = unused_port();
    fs::path conf = root_ / "smb.conf";
    std::ofstream(conf) << "[global]\n"
                        << "workgroup = " << domain << "\n"
                        << "netbios name = FERRYTEST\n"
                        << "server role = standalone server\n"
                        << "smb ports = " << port_ << "\n"
                        << "interfaces = 127.0.0.1\n"
                        << "bind interfaces only = yes\n"
                        << "disable netbios = yes\n"
                        << "server min protocol = SMB3\n"
                        << "private dir = " << (root_ / "private").string() << "\n"
                        << "lock directory = " << (root_ / "lock").string() << "\n"
                        << "state directory = " << (root_ / "state").string() << "\n"
                        << "cache directory = " << (root_ / "cache").string() << "\n"
                        << "pid directory = " << (root_ / "pid").string() << "\n"
                        << "ncalrpc dir = " << (root_ / "ncalrpc").string() << "\n"
                        << "log file = " << (root_ / "log" / "smbd.log").string() << "\n"
                        << "passdb backend = tdbsam:" << (root_ / "private" / "passdb.tdb").string()
                        << "\n"
                        << "map to guest = never\n"
                        << "load printers = no\n"
                        << "printcap name = /dev/null\n"
                        << "disable spoolss = yes\n"
                        << "\n[" << share << "]\n"
                        << "path = " << share_folder.string() << "\n"
                        << "read only = yes\n"
                        << "guest ok = no\n"
                        << "valid users = " << user << "\n";
    // The password goes through stdin, never on a command line that `ps` or an error would show.
    FILE* smbpasswd = ::popen(
        ("smbpasswd -c '" + conf.string() + "' -s -a " + user + " >/dev/null").c_str(), "w");
    if (!smbpasswd)
        throw std::runtime_error("samba test server: cannot start smbpasswd");
    std::fprintf(smbpasswd, "%s\n%s\n", password, password);
    if (::pclose(smbpasswd) != 0)
        throw std::runtime_error(
            "samba test server: smbpasswd could not set the test user's password");

    start();
}

void SambaServer::start() {
    fs::path conf = root_ / "smb.conf";
    pid_ = ::fork();
    if (pid_ == 0) {
        // Its own process group, so that stopping it also stops the per-client children.
        ::setpgid(0, 0);
        int log =
            ::open((root_ / "log" / "stdout.log").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        ::dup2(log, 1);
        ::dup2(log, 2);
        ::execlp("smbd", "smbd", "--foreground", "--no-process-group", "--debug-stdout", "-d", "1",
                 "-s", conf.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    for (int attempt = 0; attempt < 200; ++attempt) {
        if (accepts(port_))
            return;
        if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
            pid_ = -1;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::string log = read_log(root_ / "log" / "stdout.log");
    stop();
    throw std::runtime_error("samba test server: smbd did not start listening:\n" + log);
}

SambaServer::~SambaServer() {
    stop();
}

void SambaServer::kill_server() {
    if (pid_ > 0) {
        ::kill(-pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
        pid_ = -1;
    }
}

void SambaServer::restart() {
    kill_server();
    start();
}

void SambaServer::stop() {
    if (pid_ > 0) {
        ::kill(-pid_, SIGTERM);
        for (int attempt = 0; attempt < 100; ++attempt) {
            if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
                pid_ = -1;
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        if (pid_ > 0) {
            ::kill(-pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
        pid_ = -1;
    }
    std::error_code ignored;
    if (!root_.empty())
        std::filesystem::remove_all(root_, ignored);
    root_.clear();
}

std::string SambaServer::url(const std::string& share_name) const {
    return "smb://127.0.0.1:" + std::to_string(port_) + "/" + share_name;
}

}  // namespace ferry::novax::testing
