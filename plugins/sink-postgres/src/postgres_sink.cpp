#include "postgres_sink.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "schema.hpp"

namespace ferry::postgres {

using sdk::Delivery;
using sdk::Problem;

namespace {

// Rows per INSERT: well under PostgreSQL's 65,535 parameters at any table's columns.
constexpr std::size_t rows_per_insert = 500;

std::string account_type(sdk::AccountType type) {
    switch (type) {
        case sdk::AccountType::profit_and_loss:
            return "profit_and_loss";
        case sdk::AccountType::balance_sheet:
            return "balance_sheet";
        case sdk::AccountType::heading:
            return "heading";
        case sdk::AccountType::total:
            return "total";
    }
    return "profit_and_loss";
}

std::string boolean(bool value) {
    return value ? "true" : "false";
}

// Rows into `table`, many to a statement, so a company's chart costs a round trip or two rather
// than one an account (the entries, thousands a period, go in by COPY). With `key`, a row already
// there (same key columns) takes the new row's other values. Parameters are untyped: each takes its
// column's type.
void insert_rows(PgConnection& db, const std::string& table,
                 const std::vector<std::string>& columns, const std::vector<Parameters>& rows,
                 const std::vector<std::string>& key = {}) {
    std::string into = "INSERT INTO " + table + " (";
    for (std::size_t c = 0; c < columns.size(); ++c)
        into += (c ? ", " : "") + columns[c];
    into += ") VALUES ";
    std::string on_conflict;
    if (!key.empty()) {
        on_conflict = " ON CONFLICT (";
        for (std::size_t c = 0; c < key.size(); ++c)
            on_conflict += (c ? ", " : "") + key[c];
        on_conflict += ") DO UPDATE SET ";
        bool first = true;
        for (const std::string& column : columns)
            if (std::find(key.begin(), key.end(), column) == key.end()) {
                on_conflict += (first ? "" : ", ") + column + " = excluded." + column;
                first = false;
            }
    }
    for (std::size_t first = 0; first < rows.size(); first += rows_per_insert) {
        std::size_t last = std::min(rows.size(), first + rows_per_insert);
        std::string sql = into;
        Parameters parameters;
        for (std::size_t r = first; r < last; ++r) {
            sql += r == first ? "(" : ", (";
            for (std::size_t c = 0; c < columns.size(); ++c)
                sql += (c ? ", $" : "$") + std::to_string(parameters.size() + c + 1);
            sql += ")";
            parameters.insert(parameters.end(), rows[r].begin(), rows[r].end());
        }
        db.run(sql + on_conflict, parameters);
    }
}

// What a delivery is known by on the target: the period, and how many entries it holds.
sdk::TargetRefs target_of(const std::string& year, const std::string& period,
                          const std::string& entries) {
    return {{"period", year + "/" + period}, {"entries", entries}};
}

// Nothing was ever delivered into a schema without the deliveries table; find() and held()
// answer from it without making it (a read-only sink never migrates).
bool has_deliveries(PgConnection& db, const std::string& schema) {
    return db.run(
                 "SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND "
                 "table_name = 'deliveries'",
                 {schema})
               .size() > 0;
}

// Why the batch itself cannot be written: the source's fault, not the database's.
std::optional<Problem> content_fault(const sdk::Document& document) {
    const std::string key = document.key.str();
    if (!document.accounting_period)
        return Problem{"postgres.kind", "document " + key +
                                            " is not an accounting period; sink-postgres writes "
                                            "accounting periods only"};
    const sdk::AccountingPeriod& period = *document.accounting_period;
    if (period.number < 1 || period.to < period.from || period.year.name.empty())
        return Problem{"postgres.period_invalid",
                       "document " + key +
                           ": the period has no year, a number below 1 or ends "
                           "before it begins"};
    for (const sdk::PostedEntry& entry : period.entries)
        if (entry.date < period.from || period.to < entry.date)
            return Problem{"postgres.entry_outside_period",
                           "document " + key + ": entry " + entry.number + " is dated " +
                               entry.date.to_string() + ", outside the period " +
                               period.from.to_string() + " to " + period.to.to_string() +
                               "; the source must deliver it with its own period"};
    return std::nullopt;
}

}  // namespace

PostgresSink::PostgresSink(PostgresConfig config, sdk::Access access)
    : config_(std::move(config)), access_(access) {}

std::string PostgresSink::table(const char* name) const {
    return quoted_identifier(config_.schema) + "." + name;
}

PgConnection& PostgresSink::connection() {
    if (!connection_) {
        std::vector<std::pair<std::string, std::string>> parameters = {
            {"host", config_.host},
            {"port", std::to_string(config_.port)},
            {"dbname", config_.database},
            {"user", config_.user},
            {"sslmode", config_.sslmode},
            {"connect_timeout", std::to_string(std::max<std::int64_t>(
                                    1, config_.connect_timeout.count_milliseconds() / 1000))},
            {"application_name", "ferry sink-postgres"},
            // Dates and numbers as the sink writes them, whatever the server's defaults.
            {"options", "-c DateStyle=ISO -c TimeZone=UTC -c lc_numeric=C"}};
        if (!config_.password.empty())
            parameters.emplace_back("password", config_.password);
        connection_ = std::make_unique<PgConnection>(parameters);
        migrated_ = false;
    }
    if (access_ == sdk::Access::read_write && !migrated_) {
        migrate(*connection_, config_.schema);
        migrated_ = true;
    }
    return *connection_;
}

void PostgresSink::forget_broken_connection() {
    if (connection_ && connection_->broken())
        connection_.reset();
}

Problem PostgresSink::problem_of(const PgFailure& failure) const {
    const std::string& state = failure.sqlstate;
    const std::string where = "PostgreSQL at " + config_.host + ":" + std::to_string(config_.port) +
                              ", database " + config_.database + ", user " + config_.user;
    if (state.empty()) {
        if (failure.message.find("password authentication failed") != std::string::npos)
            return {"postgres.login_refused",
                    where + ": the server refused the login (" + failure.message +
                        "). Check the password setting; Ferry tries again on the next pass"};
        if (failure.message.find("does not exist") != std::string::npos)
            return {"postgres.database_missing",
                    where + ": " + failure.message + ". Create it (createdb -O " + config_.user +
                        " " + config_.database + ") or correct the database setting"};
        return {"postgres.unreachable",
                where + ": cannot connect (" + failure.message +
                    "). Check that the server runs and the host and port settings; Ferry tries "
                    "again on the next pass"};
    }
    if (state == "42P01" || state == "42703" || state == "42804" || state == "42P10")
        return {"postgres.schema_changed",
                where + ": a table in schema " + config_.schema + " is not as Ferry made it (" +
                    failure.message +
                    "): changed by hand? `ferry check` lists every difference; restore the "
                    "table as the sink-postgres README describes"};
    if (state == "53100")
        return {"postgres.disk_full", where + ": the server's disk is full (" + failure.message +
                                          "). Free space on it; Ferry tries again"};
    if (state == "42501")
        return {"postgres.permission",
                where + ": " + failure.message + ". Let the role own schema " + config_.schema +
                    ", or GRANT it CREATE on the database so the sink can make the schema"};
    if (state == "3D000")
        return {"postgres.database_missing", where + ": " + failure.message};
    return {"postgres.unavailable",
            where + ": " + failure.message + " (SQLSTATE " + state + "); Ferry tries again"};
}

Delivery PostgresSink::deliver(const sdk::DeliveryRequest& request) {
    const sdk::Document& document = request.document;
    if (auto fault = content_fault(document))
        return Delivery::rejected(*fault);
    const sdk::AccountingPeriod& period = *document.accounting_period;
    const std::string& company = document.key.company;
    const std::string year = period.year.name;
    const std::string number = std::to_string(period.number);
    try {
        PgConnection& db = connection();
        Transaction transaction(db);
        insert_rows(db, table("accounting_years"),
                    {"company", "year", "from_date", "to_date", "closed"},
                    {{company, year, period.year.from.to_string(), period.year.to.to_string(),
                      boolean(period.year.closed)}},
                    {"company", "year"});
        insert_rows(
            db, table("periods"),
            {"company", "year", "period", "from_date", "to_date", "closed", "base_currency"},
            {{company, year, number, period.from.to_string(), period.to.to_string(),
              boolean(period.closed), period.base_currency}},
            {"company", "year", "period"});
        std::vector<Parameters> accounts;
        for (const sdk::Account& account : period.accounts)
            accounts.push_back({company, account.number, account.name, account_type(account.type),
                                boolean(account.barred)});
        insert_rows(db, table("accounts"),
                    {"company", "account_number", "name", "account_type", "barred"}, accounts,
                    {"company", "account_number"});
        std::vector<Parameters> values;
        for (const sdk::DimensionValue& value : period.dimension_values)
            values.push_back({company, value.dimension, value.number, value.name});
        insert_rows(db, table("dimension_values"), {"company", "dimension", "number", "name"},
                    values, {"company", "dimension", "number"});

        // The period's batch, replaced whole: a late posting or a re-read adds nothing twice.
        db.run(
            "DELETE FROM " + table("entries") + " WHERE company = $1 AND year = $2 AND period = $3",
            {company, year, number});
        std::map<std::string, int> shares;  // an entry split over departments: one row a share
        std::vector<Parameters> entries;
        for (const sdk::PostedEntry& entry : period.entries) {
            std::optional<std::string> department;
            nlohmann::json dimensions = nlohmann::json::object();
            for (const sdk::DimensionValue& value : entry.dimensions) {
                if (value.dimension == "department")
                    department = value.number;
                else
                    dimensions[value.dimension] = value.number;
            }
            std::optional<std::string> text;
            if (config_.entry_texts == EntryTexts::keep)
                text = entry.text;
            entries.push_back({company, year, number, entry.number,
                               std::to_string(shares[entry.number]++), entry.account,
                               entry.date.to_string(), entry.amount.to_string(), entry.currency,
                               entry.amount_in_currency.to_string(), entry.voucher_number, text,
                               department, dimensions.dump()});
        }
        db.copy_rows(table("entries"),
                     {"company", "year", "period", "entry_number", "share", "account_number",
                      "entry_date", "amount", "currency", "amount_in_currency", "voucher_number",
                      "entry_text", "department", "dimensions"},
                     entries);
        // Last: once it is written, find() says the period is held.
        insert_rows(db, table("deliveries"),
                    {"reference", "document_key", "document_date", "company", "year", "period",
                     "entries", "delivered_at"},
                    {{request.reference, document.key.str(), document.issue_date.to_string(),
                      company, year, number, std::to_string(period.entries.size()), "now"}},
                    {"reference"});
        transaction.commit();
        return Delivery::delivered(target_of(year, number, std::to_string(period.entries.size())));
    } catch (const PgError& e) {
        forget_broken_connection();
        return Delivery::retry_later(problem_of(e.failure()));
    } catch (const sdk::Error& e) {
        return Delivery::retry_later(e.problem());
    }
}

sdk::Found PostgresSink::find(const sdk::DocumentRef&, const std::string& reference) {
    try {
        PgConnection& db = connection();
        if (!has_deliveries(db, config_.schema))
            return {};
        PgRows rows = db.run(
            "SELECT year, period, entries FROM " + table("deliveries") + " WHERE reference = $1",
            {reference});
        if (rows.size() == 0)
            return {};
        return {sdk::Found::Status::delivered,
                target_of(rows.text(0, 0), rows.text(0, 1), rows.text(0, 2))};
    } catch (const PgError& e) {
        forget_broken_connection();
        Problem problem = problem_of(e.failure());
        throw sdk::Error(problem.code, problem.message);
    }
}

std::vector<Problem> PostgresSink::check() {
    std::vector<Problem> problems;
    try {
        PgConnection& db = connection();
        for (const std::string& difference : schema_differences(db, config_.schema))
            problems.push_back({"postgres.schema_changed",
                                difference + "; restore it as the sink-postgres README describes"});
        PgRows schema = db.run("SELECT 1 FROM pg_namespace WHERE nspname = $1", {config_.schema});
        // The schema is made on the first delivery: until then the role needs CREATE on the
        // database, then USAGE and CREATE on the schema.
        PgRows allowed =
            schema.size() ? db.run("SELECT has_schema_privilege(current_user, $1, 'USAGE,CREATE')",
                                   {config_.schema})
                          : db.run(
                                "SELECT has_database_privilege(current_user, current_database(), "
                                "'CREATE')");
        if (allowed.text(0, 0) != "t")
            problems.push_back(
                problem_of({"42501", "permission denied for schema " + config_.schema}));
    } catch (const PgError& e) {
        forget_broken_connection();
        problems.push_back(problem_of(e.failure()));
    }
    return problems;
}

sdk::Result<std::vector<sdk::HeldDocument>> PostgresSink::held(const std::string& reference_prefix,
                                                               sdk::Date from, sdk::Date to) {
    try {
        PgConnection& db = connection();
        std::vector<sdk::HeldDocument> held;
        if (!has_deliveries(db, config_.schema))
            return held;
        PgRows rows = db.run("SELECT reference, document_date, year, period, entries FROM " +
                                 table("deliveries") +
                                 " WHERE starts_with(reference, $1) AND document_date BETWEEN $2 "
                                 "AND $3 ORDER BY reference",
                             {reference_prefix, from.to_string(), to.to_string()});
        for (int row = 0; row < rows.size(); ++row)
            held.push_back({rows.text(row, 0),
                            sdk::Date::parse(rows.text(row, 1)).value_or(sdk::Date{}),
                            target_of(rows.text(row, 2), rows.text(row, 3), rows.text(row, 4)),
                            {},
                            {},
                            {}});
        return held;
    } catch (const PgError& e) {
        forget_broken_connection();
        return problem_of(e.failure());
    }
}

}  // namespace ferry::postgres
