// A real PostgreSQL server on 127.0.0.1, started by the test that needs it and stopped with it:
// Debian's server binaries, a private cluster in a temporary folder, run as an unprivileged
// user (PostgreSQL refuses root), password authentication over TCP as a client would use it.
// Needs root to create that user and hand it the folder, as in CI.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>

namespace ferry::testing {

class PostgresServer {
  public:
    static constexpr const char* os_user = "ferrypg";
    static constexpr const char* superuser = "postgres";
    static constexpr const char* superuser_password = "pg-super-2026";

    // durable: fsync on, as a production server runs, for benchmarks; tests run without, as
    // their cluster need not survive a power cut.
    explicit PostgresServer(bool durable = false);
    ~PostgresServer();
    PostgresServer(const PostgresServer&) = delete;
    PostgresServer& operator=(const PostgresServer&) = delete;

    int port() const { return port_; }
    // The postmaster, whose children's CPU time is counted in its own once they end.
    pid_t pid() const { return pid_; }

    // Runs SQL as the superuser in `database`; throws std::runtime_error with the server's
    // message when it fails.
    void execute(const std::string& sql, const std::string& database = "postgres") const;
    // The first column of the first row of a query, as text ("" for NULL or no row).
    std::string query_value(const std::string& sql, const std::string& database = "postgres") const;

    // A login role with a password, owning a new database of the same name.
    void create_database(const std::string& name, const std::string& owner,
                         const std::string& password) const;

  private:
    void start();
    void stop();
    std::string conninfo(const std::string& database) const;

    std::filesystem::path root_;
    std::filesystem::path bin_;
    bool durable_ = false;
    int port_ = 0;
    pid_t pid_ = -1;
};

}  // namespace ferry::testing
