#include "postgres_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

namespace ferry::testing {

namespace fs = std::filesystem;

namespace {

int free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

passwd user_entry() {
    if (::getpwnam(PostgresServer::os_user) == nullptr)
        // Another test process may create it at the same moment: "already exists" is fine.
        std::system((std::string("useradd --system --no-create-home --shell /usr/sbin/nologin ") +
                     PostgresServer::os_user + " >/dev/null 2>&1")
                        .c_str());
    passwd* entry = ::getpwnam(PostgresServer::os_user);
    if (!entry)
        throw std::runtime_error("postgres test server: cannot create the user ferrypg");
    return *entry;
}

// Starts `argv` as the unprivileged user with its output in `log`; the child's pid.
pid_t spawn_as(const passwd& user, const std::vector<std::string>& argv, const fs::path& log) {
    pid_t pid = ::fork();
    if (pid == 0) {
        int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
        ::dup2(out, STDOUT_FILENO);
        ::dup2(out, STDERR_FILENO);
        if (::setgroups(0, nullptr) != 0 || ::setgid(user.pw_gid) != 0 ||
            ::setuid(user.pw_uid) != 0)
            ::_exit(126);
        std::vector<char*> args;
        for (const auto& arg : argv)
            args.push_back(const_cast<char*>(arg.c_str()));
        args.push_back(nullptr);
        ::execv(args[0], args.data());
        ::_exit(127);
    }
    return pid;
}

std::string read_text(const fs::path& path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Debian installs the server's programs per major version, outside PATH.
fs::path server_bin() {
    for (const auto& version : fs::directory_iterator("/usr/lib/postgresql"))
        if (fs::exists(version.path() / "bin" / "postgres"))
            return version.path() / "bin";
    throw std::runtime_error(
        "postgres test server: no /usr/lib/postgresql/*/bin/postgres; install Debian's "
        "postgresql package (scripts/install-deps does)");
}

struct Connection {
    explicit Connection(const std::string& conninfo) : pg(PQconnectdb(conninfo.c_str())) {
        PQsetNoticeProcessor(
            pg, [](void*, const char*) {}, nullptr);  // no NOTICE on stderr
    }
    ~Connection() { PQfinish(pg); }
    bool ok() const { return PQstatus(pg) == CONNECTION_OK; }
    PGconn* pg;
};

}  // namespace

PostgresServer::PostgresServer(bool durable) : durable_(durable) {
    if (::geteuid() != 0)
        throw std::runtime_error("postgres test server: must run as root");
    bin_ = server_bin();
    std::string pattern = (fs::temp_directory_path() / "ferry-postgres-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
        throw std::runtime_error("postgres test server: mkdtemp failed");
    root_ = pattern;
    passwd user = user_entry();
    if (::chown(root_.c_str(), user.pw_uid, user.pw_gid) != 0)
        throw std::runtime_error("postgres test server: cannot hand the folder to ferrypg");
    fs::permissions(root_, fs::perms::owner_all);
    std::ofstream(root_ / "password") << superuser_password << "\n";
    ::chown((root_ / "password").c_str(), user.pw_uid, user.pw_gid);

    pid_t init = spawn_as(
        user,
        {(bin_ / "initdb").string(), "--pgdata", (root_ / "data").string(), "--username", superuser,
         "--pwfile", (root_ / "password").string(), "--auth-local", "scram-sha-256", "--auth-host",
         "scram-sha-256", "--encoding", "UTF8", "--no-locale", "--no-sync"},
        root_ / "initdb.log");
    int status = 0;
    ::waitpid(init, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw std::runtime_error("postgres test server: initdb failed:\n" +
                                 read_text(root_ / "initdb.log"));
    port_ = free_port();
    start();
}

PostgresServer::~PostgresServer() {
    stop();
    std::error_code ignored;
    fs::remove_all(root_, ignored);
}

void PostgresServer::start() {
    passwd user = user_entry();
    std::vector<std::string> argv{(bin_ / "postgres").string(),
                                  "-D",
                                  (root_ / "data").string(),
                                  "-p",
                                  std::to_string(port_),
                                  "-k",
                                  root_.string(),
                                  "-c",
                                  "listen_addresses=127.0.0.1"};
    // fsync off: a test's cluster need not survive a power cut, and its disk is shared.
    if (!durable_)
        argv.insert(argv.end(), {"-c", "fsync=off", "-c", "synchronous_commit=off", "-c",
                                 "full_page_writes=off"});
    pid_ = spawn_as(user, argv, root_ / "server.log");
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
        if (Connection(conninfo("postgres")).ok())
            return;
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::string log = read_text(root_ / "server.log");
    stop();
    throw std::runtime_error("postgres test server: did not start:\n" + log);
}

void PostgresServer::stop() {
    if (pid_ <= 0)
        return;
    ::kill(pid_, SIGINT);  // fast shutdown: open sessions are ended
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    int status = 0;
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, &status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    pid_ = -1;
}

std::string PostgresServer::conninfo(const std::string& database) const {
    return "host=127.0.0.1 port=" + std::to_string(port_) + " dbname=" + database +
           " user=" + superuser + " password=" + superuser_password + " connect_timeout=5";
}

namespace {

using Result = std::unique_ptr<PGresult, decltype(&PQclear)>;

// Runs `sql` on a connection of its own; throws with the server's message when it fails.
Result run(const std::string& conninfo, const std::string& sql) {
    Connection connection(conninfo);
    if (!connection.ok())
        throw std::runtime_error(std::string("postgres test server: ") +
                                 PQerrorMessage(connection.pg));
    Result result(PQexec(connection.pg, sql.c_str()), &PQclear);
    auto status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        throw std::runtime_error("postgres test server: " + sql + ": " +
                                 PQresultErrorMessage(result.get()));
    return result;
}

}  // namespace

void PostgresServer::execute(const std::string& sql, const std::string& database) const {
    run(conninfo(database), sql);
}

std::string PostgresServer::query_value(const std::string& sql, const std::string& database) const {
    Result result = run(conninfo(database), sql);
    if (PQntuples(result.get()) == 0 || PQgetisnull(result.get(), 0, 0))
        return {};
    return PQgetvalue(result.get(), 0, 0);
}

void PostgresServer::create_database(const std::string& name, const std::string& owner,
                                     const std::string& password) const {
    execute("CREATE ROLE \"" + owner + "\" LOGIN PASSWORD '" + password + "'");
    execute("CREATE DATABASE \"" + name + "\" OWNER \"" + owner + "\"");
}

}  // namespace ferry::testing
