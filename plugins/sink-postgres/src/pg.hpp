// A thin hold on libpq: one connection, statements with text parameters, and errors as values
// that keep the server's SQLSTATE, so the sink can tell a blip from a table changed by hand.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

struct pg_conn;
struct pg_result;

namespace ferry::postgres {

// A failure with the server's SQLSTATE ("" when the connection itself failed) and its primary
// message, which names objects (tables, columns, roles), never row values.
struct PgFailure {
    std::string sqlstate;
    std::string message;
};

class PgError : public std::exception {
  public:
    explicit PgError(PgFailure failure) : failure_(std::move(failure)) {}
    const PgFailure& failure() const { return failure_; }
    const char* what() const noexcept override { return failure_.message.c_str(); }

  private:
    PgFailure failure_;
};

class PgRows {
  public:
    explicit PgRows(pg_result* result);
    int size() const;
    bool is_null(int row, int column) const;
    std::string text(int row, int column) const;

  private:
    std::shared_ptr<pg_result> result_;
};

using Parameters = std::vector<std::optional<std::string>>;

class PgConnection {
  public:
    // Keywords and values as libpq's PQconnectdbParams takes them; throws PgError.
    explicit PgConnection(const std::vector<std::pair<std::string, std::string>>& parameters);
    ~PgConnection();
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    // One statement; throws PgError.
    PgRows run(const std::string& sql, const Parameters& parameters = {});
    // Rows into `table` (an identifier as SQL text) by COPY, several times cheaper for the
    // server than INSERT for a period's thousands of entries; throws PgError.
    void copy_rows(const std::string& table, const std::vector<std::string>& columns,
                   const std::vector<Parameters>& rows);
    bool broken() const;

  private:
    pg_conn* connection_;
};

// BEGIN now, ROLLBACK unless commit() was called.
class Transaction {
  public:
    explicit Transaction(PgConnection& connection);
    ~Transaction();
    void commit();

  private:
    PgConnection& connection_;
    bool open_ = true;
};

// "a\"b" → "\"a\"\"b\"": an identifier as SQL text.
std::string quoted_identifier(const std::string& name);

}  // namespace ferry::postgres
