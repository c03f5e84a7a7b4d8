#include "pg.hpp"

#include <libpq-fe.h>

namespace ferry::postgres {

namespace {

// libpq's messages end with a newline, and a connection failure may hold several lines.
std::string one_line(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
        text.pop_back();
    for (char& c : text)
        if (c == '\n' || c == '\t')
            c = ' ';
    return text;
}

PgFailure failure_of(const PGresult* result, PGconn* connection) {
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    // The primary message names objects; the detail (which can quote a row's values) is left out.
    return {state ? state : "", one_line(primary ? primary : PQerrorMessage(connection))};
}

}  // namespace

PgRows::PgRows(pg_result* result) : result_(result, &PQclear) {}

int PgRows::size() const {
    return PQntuples(result_.get());
}

bool PgRows::is_null(int row, int column) const {
    return PQgetisnull(result_.get(), row, column);
}

std::string PgRows::text(int row, int column) const {
    return PQgetvalue(result_.get(), row, column);
}

PgConnection::PgConnection(const std::vector<std::pair<std::string, std::string>>& parameters) {
    std::vector<const char*> keys, values;
    for (const auto& [key, value] : parameters)
        keys.push_back(key.c_str()), values.push_back(value.c_str());
    keys.push_back(nullptr), values.push_back(nullptr);
    connection_ = PQconnectdbParams(keys.data(), values.data(), 0);
    if (PQstatus(connection_) != CONNECTION_OK) {
        PgFailure failure{"", one_line(PQerrorMessage(connection_))};
        PQfinish(connection_);
        throw PgError(failure);
    }
    // Silences NOTICEs ("relation already exists, skipping") that libpq prints to stderr.
    PQsetNoticeProcessor(
        connection_, [](void*, const char*) {}, nullptr);
}

PgConnection::~PgConnection() {
    PQfinish(connection_);
}

bool PgConnection::broken() const {
    return PQstatus(connection_) != CONNECTION_OK;
}

PgRows PgConnection::run(const std::string& sql, const Parameters& parameters) {
    std::vector<const char*> values;
    for (const auto& parameter : parameters)
        values.push_back(parameter ? parameter->c_str() : nullptr);
    PGresult* result = PQexecParams(connection_, sql.c_str(), static_cast<int>(values.size()),
                                    nullptr, values.data(), nullptr, nullptr, 0);
    auto status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        PgFailure failure = failure_of(result, connection_);
        PQclear(result);
        throw PgError(failure);
    }
    return PgRows(result);
}

namespace {

// A value in COPY's text format: backslash escapes for what separates fields and rows.
void append_copy_text(std::string& line, const std::optional<std::string>& value) {
    if (!value) {
        line += "\\N";
        return;
    }
    for (char c : *value) {
        switch (c) {
            case '\\':
                line += "\\\\";
                break;
            case '\t':
                line += "\\t";
                break;
            case '\n':
                line += "\\n";
                break;
            case '\r':
                line += "\\r";
                break;
            default:
                line += c;
        }
    }
}

}  // namespace

void PgConnection::copy_rows(const std::string& table, const std::vector<std::string>& columns,
                             const std::vector<Parameters>& rows) {
    std::string sql = "COPY " + table + " (";
    for (std::size_t c = 0; c < columns.size(); ++c)
        sql += (c ? ", " : "") + columns[c];
    PGresult* started = PQexec(connection_, (sql + ") FROM STDIN").c_str());
    if (PQresultStatus(started) != PGRES_COPY_IN) {
        PgFailure failure = failure_of(started, connection_);
        PQclear(started);
        throw PgError(failure);
    }
    PQclear(started);
    std::string chunk;
    bool sent = true;
    for (std::size_t r = 0; r < rows.size() && sent; ++r) {
        for (std::size_t c = 0; c < rows[r].size(); ++c) {
            if (c)
                chunk += '\t';
            append_copy_text(chunk, rows[r][c]);
        }
        chunk += '\n';
        if (chunk.size() >= 64 * 1024 || r + 1 == rows.size()) {
            sent = PQputCopyData(connection_, chunk.data(), static_cast<int>(chunk.size())) == 1;
            chunk.clear();
        }
    }
    PQputCopyEnd(connection_, sent ? nullptr : "the connection failed while sending rows");
    PgFailure failure;
    bool failed = false;
    while (PGresult* result = PQgetResult(connection_)) {
        if (PQresultStatus(result) != PGRES_COMMAND_OK && !failed) {
            failure = failure_of(result, connection_);
            failed = true;
        }
        PQclear(result);
    }
    if (failed || !sent)
        throw PgError(failed ? failure : PgFailure{"", "the connection failed while sending rows"});
}

Transaction::Transaction(PgConnection& connection) : connection_(connection) {
    connection_.run("BEGIN");
}

Transaction::~Transaction() {
    if (!open_ || connection_.broken())
        return;
    try {
        connection_.run("ROLLBACK");
    } catch (const PgError&) {
        // The connection went away: the server rolled back already.
    }
}

void Transaction::commit() {
    connection_.run("COMMIT");
    open_ = false;
}

std::string quoted_identifier(const std::string& name) {
    std::string quoted = "\"";
    for (char c : name)
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

}  // namespace ferry::postgres
