#include "schema.hpp"

#include <ferry/sdk/problem.hpp>
#include <map>
#include <utility>

namespace ferry::postgres {

namespace {

// Version n's statements, with {s} for the quoted schema. Dates are dates, amounts numeric
// to the øre, and the entries are keyed so that a period's batch is replaced whole.
const std::vector<std::vector<std::string>>& migrations() {
    static const std::vector<std::vector<std::string>> all = {
        {
            // Version 1.
            "CREATE TABLE {s}.deliveries (reference text PRIMARY KEY, document_key text NOT "
            "NULL, document_date date NOT NULL, company text NOT NULL, year text NOT NULL, "
            "period integer NOT NULL, entries integer NOT NULL, delivered_at timestamptz NOT "
            "NULL DEFAULT now())",
            "CREATE TABLE {s}.accounts (company text NOT NULL, account_number text NOT NULL, "
            "name text NOT NULL, account_type text NOT NULL, barred boolean NOT NULL, "
            "PRIMARY KEY (company, account_number))",
            "CREATE TABLE {s}.accounting_years (company text NOT NULL, year text NOT NULL, "
            "from_date date NOT NULL, to_date date NOT NULL, closed boolean NOT NULL, "
            "PRIMARY KEY (company, year))",
            "CREATE TABLE {s}.periods (company text NOT NULL, year text NOT NULL, period "
            "integer NOT NULL, from_date date NOT NULL, to_date date NOT NULL, closed boolean "
            "NOT NULL, base_currency text NOT NULL, PRIMARY KEY (company, year, period), "
            "FOREIGN KEY (company, year) REFERENCES {s}.accounting_years)",
            "CREATE TABLE {s}.dimension_values (company text NOT NULL, dimension text NOT "
            "NULL, number text NOT NULL, name text NOT NULL, PRIMARY KEY (company, dimension, "
            "number))",
            "CREATE TABLE {s}.entries (company text NOT NULL, year text NOT NULL, period "
            "integer NOT NULL, entry_number text NOT NULL, share integer NOT NULL, "
            "account_number text NOT NULL, entry_date date NOT NULL, amount numeric(19,2) NOT "
            "NULL, currency text NOT NULL, amount_in_currency numeric(19,2) NOT NULL, "
            "voucher_number text NOT NULL, entry_text text, department text, dimensions jsonb "
            "NOT NULL DEFAULT '{}', PRIMARY KEY (company, year, period, entry_number, share), "
            "FOREIGN KEY (company, year, period) REFERENCES {s}.periods ON DELETE CASCADE)",
            // "Sum per account per period per department" reads this index alone.
            "CREATE INDEX entries_by_account ON {s}.entries (company, account_number, year, "
            "period, department) INCLUDE (amount)",
            "CREATE VIEW {s}.account_totals AS SELECT company, year, period, account_number, "
            "department, sum(amount) AS amount, count(*) AS entries FROM {s}.entries GROUP BY "
            "company, year, period, account_number, department",
        },
    };
    return all;
}

std::string with_schema(const std::string& statement, const std::string& schema) {
    std::string out = statement;
    const std::string quoted = quoted_identifier(schema);
    for (std::size_t at; (at = out.find("{s}")) != std::string::npos;)
        out.replace(at, 3, quoted);
    return out;
}

// Every column of every table as version schema_version makes it: name → type.
const std::map<std::string, std::map<std::string, std::string>>& expected_columns() {
    static const std::map<std::string, std::map<std::string, std::string>> tables = {
        {"deliveries",
         {{"reference", "text"},
          {"document_key", "text"},
          {"document_date", "date"},
          {"company", "text"},
          {"year", "text"},
          {"period", "integer"},
          {"entries", "integer"},
          {"delivered_at", "timestamp with time zone"}}},
        {"accounts",
         {{"company", "text"},
          {"account_number", "text"},
          {"name", "text"},
          {"account_type", "text"},
          {"barred", "boolean"}}},
        {"accounting_years",
         {{"company", "text"},
          {"year", "text"},
          {"from_date", "date"},
          {"to_date", "date"},
          {"closed", "boolean"}}},
        {"periods",
         {{"company", "text"},
          {"year", "text"},
          {"period", "integer"},
          {"from_date", "date"},
          {"to_date", "date"},
          {"closed", "boolean"},
          {"base_currency", "text"}}},
        {"dimension_values",
         {{"company", "text"}, {"dimension", "text"}, {"number", "text"}, {"name", "text"}}},
        {"entries",
         {{"company", "text"},
          {"year", "text"},
          {"period", "integer"},
          {"entry_number", "text"},
          {"share", "integer"},
          {"account_number", "text"},
          {"entry_date", "date"},
          {"amount", "numeric"},
          {"currency", "text"},
          {"amount_in_currency", "numeric"},
          {"voucher_number", "text"},
          {"entry_text", "text"},
          {"department", "text"},
          {"dimensions", "jsonb"}}},
    };
    return tables;
}

int current_version(PgConnection& connection, const std::string& schema) {
    PgRows rows = connection.run("SELECT coalesce(max(version), 0) FROM " +
                                 quoted_identifier(schema) + ".schema_version");
    return std::stoi(rows.text(0, 0));
}

}  // namespace

void migrate(PgConnection& connection, const std::string& schema) {
    const std::string quoted = quoted_identifier(schema);
    Transaction transaction(connection);
    // Two hosts starting at once must not both create the tables.
    connection.run("SELECT pg_advisory_xact_lock(hashtext($1))", {"ferry.sink-postgres." + schema});
    connection.run("CREATE SCHEMA IF NOT EXISTS " + quoted);
    connection.run("CREATE TABLE IF NOT EXISTS " + quoted +
                   ".schema_version (version integer PRIMARY KEY, migrated_at timestamptz NOT "
                   "NULL DEFAULT now())");
    int version = current_version(connection, schema);
    if (version > schema_version)
        throw sdk::Error("postgres.schema_newer",
                         "schema " + schema + " is at version " + std::to_string(version) +
                             ", made by a newer Ferry; this sink-postgres knows version " +
                             std::to_string(schema_version) + ". Upgrade Ferry");
    for (int next = version + 1; next <= schema_version; ++next) {
        for (const std::string& statement : migrations()[next - 1])
            connection.run(with_schema(statement, schema));
        connection.run("INSERT INTO " + quoted + ".schema_version (version) VALUES ($1)",
                       {std::to_string(next)});
    }
    transaction.commit();
}

std::vector<std::string> schema_differences(PgConnection& connection, const std::string& schema) {
    std::vector<std::string> differences;
    PgRows exists = connection.run(
        "SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = "
        "'schema_version'",
        {schema});
    if (exists.size() == 0)
        return differences;  // made on the first delivery
    int version = current_version(connection, schema);
    if (version > schema_version) {
        differences.push_back("schema " + schema + " is at version " + std::to_string(version) +
                              ", made by a newer Ferry; this sink-postgres writes version " +
                              std::to_string(schema_version) + ": upgrade Ferry");
        return differences;
    }
    if (version < schema_version)
        return differences;  // migrated on the next delivery: no fault
    PgRows columns = connection.run(
        "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE "
        "table_schema = $1",
        {schema});
    std::map<std::string, std::map<std::string, std::string>> found;
    for (int row = 0; row < columns.size(); ++row)
        found[columns.text(row, 0)][columns.text(row, 1)] = columns.text(row, 2);
    for (const auto& [table, wanted] : expected_columns()) {
        auto have = found.find(table);
        if (have == found.end()) {
            differences.push_back("table " + schema + "." + table + " is missing");
            continue;
        }
        for (const auto& [column, type] : wanted) {
            auto column_found = have->second.find(column);
            if (column_found == have->second.end())
                differences.push_back("column " + schema + "." + table + "." + column +
                                      " is missing");
            else if (column_found->second != type)
                differences.push_back("column " + schema + "." + table + "." + column + " is " +
                                      column_found->second + ", not " + type);
        }
    }
    return differences;
}

}  // namespace ferry::postgres
