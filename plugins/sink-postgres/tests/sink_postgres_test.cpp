// sink-postgres against a real PostgreSQL started for the test: batches written and replaced
// whole, find() from the database, the schema versioned, and every way the database can fail
// named as what a person does next.
#include <catch2/catch.hpp>

#include "period_samples.hpp"
#include "postgres_server.hpp"
#include "postgres_sink.hpp"

using namespace ferry;
using namespace ferry::postgres;
using namespace ferry::postgres::testing;
using ferry::testing::PostgresServer;

namespace {

// One server for the whole test program (starting one takes a second or two); a database of
// its own for each test.
PostgresServer& server() {
    static PostgresServer instance;
    return instance;
}

int next_database = 0;

struct Database {
    std::string name = "figures" + std::to_string(++next_database);
    std::string owner = name + "_writer";
    static constexpr const char* password = "writer-password-1";

    Database() { server().create_database(name, owner, password); }

    PostgresConfig config() const {
        PostgresConfig config;
        config.port = server().port();
        config.database = name;
        config.user = owner;
        config.password = password;
        return config;
    }
    std::string value(const std::string& sql) const { return server().query_value(sql, name); }
    void execute(const std::string& sql) const { server().execute(sql, name); }
};

sdk::Delivery deliver(sdk::Sink& sink, const sdk::Document& document) {
    sdk::DeliveryRequest request{
        document, "ferry:figures:" + document.key.str(), {}, [](const sdk::TargetRefs&) {}};
    return sink.deliver(request);
}

sdk::DocumentRef ref_of(const sdk::Document& document) {
    return {document.key, document.issue_date, "v1", document.key.number, {}};
}

}  // namespace

TEST_CASE("an accounting period is written whole and replaced whole") {
    Database db;
    PostgresSink sink(db.config(), sdk::Access::read_write);
    sdk::Document march = period_document(3);
    sdk::Delivery first = deliver(sink, march);
    INFO(first.problem.message);
    REQUIRE(first.status == sdk::Delivery::Status::delivered);
    CHECK(first.target.at("period") == "2026/3");
    CHECK(first.target.at("entries") == "4");
    CHECK(db.value("SELECT count(*) FROM ferry.entries") == "4");
    CHECK(db.value("SELECT sum(amount) FROM ferry.entries") == "0.00");
    CHECK(db.value("SELECT amount FROM ferry.account_totals WHERE account_number = '1010' AND "
                   "department = '2'") == "-400.00");
    CHECK(db.value("SELECT name FROM ferry.accounts WHERE account_number = '5600'") == "Debitorer");
    CHECK(db.value("SELECT count(*) FROM ferry.dimension_values") == "2");
    CHECK(db.value("SELECT string_agg(share::text, ',' ORDER BY department) FROM ferry.entries "
                   "WHERE entry_number = '3002'") == "0,1");

    // A late posting into the same period: the batch is replaced, nothing counted twice.
    march.accounting_period->entries.push_back(entry("3004", "5820", "100.00"));
    march.accounting_period->entries.push_back(entry("3005", "5600", "-100.00"));
    sdk::Delivery again = deliver(sink, march);
    REQUIRE(again.status == sdk::Delivery::Status::delivered);
    CHECK(again.target.at("entries") == "6");
    CHECK(db.value("SELECT count(*) FROM ferry.entries") == "6");
    CHECK(db.value("SELECT entries FROM ferry.deliveries") == "6");

    // Another period of the same company leaves March alone.
    REQUIRE(deliver(sink, period_document(4)).status == sdk::Delivery::Status::delivered);
    CHECK(db.value("SELECT count(*) FROM ferry.entries WHERE period = 3") == "6");
    CHECK(db.value("SELECT count(*) FROM ferry.entries WHERE period = 4") == "4");
}

TEST_CASE("entry texts stay out of the database unless the bookkeeper keeps them") {
    Database db;
    sdk::Document march = period_document(3);
    PostgresSink dropping(db.config(), sdk::Access::read_write);
    REQUIRE(deliver(dropping, march).status == sdk::Delivery::Status::delivered);
    CHECK(db.value("SELECT count(*) FROM ferry.entries WHERE entry_text IS NOT NULL") == "0");

    PostgresConfig keep = db.config();
    keep.entry_texts = EntryTexts::keep;
    PostgresSink keeping(keep, sdk::Access::read_write);
    REQUIRE(deliver(keeping, march).status == sdk::Delivery::Status::delivered);
    CHECK(db.value("SELECT entry_text FROM ferry.entries WHERE account_number = '5600'") ==
          "Faktura Karen Hansen");

    // Entries go in by COPY, whose text format gives tabs, line ends and backslashes meaning.
    march.accounting_period->entries[0].text = "Rykker\t1\nC:\\gebyr\\N";
    REQUIRE(deliver(keeping, march).status == sdk::Delivery::Status::delivered);
    CHECK(db.value("SELECT entry_text FROM ferry.entries WHERE entry_number = '" +
                   march.accounting_period->entries[0].number + "' AND share = 0") ==
          "Rykker\t1\nC:\\gebyr\\N");
    CHECK(db.value("SELECT count(*) FROM ferry.entries WHERE department IS NULL") != "0");
}

TEST_CASE("a delivery that fails halfway leaves the period's old batch") {
    Database db;
    PostgresSink sink(db.config(), sdk::Access::read_write);
    sdk::Document march = period_document(3);
    REQUIRE(deliver(sink, march).status == sdk::Delivery::Status::delivered);
    // The server fails the fifth entry of the next batch, after the old rows were deleted.
    db.execute(
        "CREATE FUNCTION fail_fifth() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF "
        "NEW.entry_number = '3005' THEN RAISE EXCEPTION 'no space' USING ERRCODE = "
        "'disk_full'; END IF; RETURN NEW; END $$");
    db.execute(
        "CREATE TRIGGER fail_fifth BEFORE INSERT ON ferry.entries FOR EACH ROW EXECUTE "
        "FUNCTION fail_fifth()");
    march.accounting_period->entries.push_back(entry("3004", "5820", "100.00"));
    march.accounting_period->entries.push_back(entry("3005", "5600", "-100.00"));
    sdk::Delivery failed = deliver(sink, march);
    CHECK(failed.status == sdk::Delivery::Status::retry_later);
    CHECK(failed.problem.code == "postgres.disk_full");
    CHECK_THAT(failed.problem.message, Catch::Contains("Free space"));
    CHECK(db.value("SELECT count(*) FROM ferry.entries") == "4");
    CHECK(db.value("SELECT entries FROM ferry.deliveries") == "4");

    db.execute("DROP TRIGGER fail_fifth ON ferry.entries");
    REQUIRE(deliver(sink, march).status == sdk::Delivery::Status::delivered);
    CHECK(db.value("SELECT count(*) FROM ferry.entries") == "6");
}

TEST_CASE("find() answers from the database, also for a restarted sink") {
    Database db;
    sdk::Document march = period_document(3);
    const std::string reference = "ferry:figures:" + march.key.str();
    {
        PostgresSink before(db.config(), sdk::Access::read_write);
        CHECK(before.find(ref_of(march), reference).status == sdk::Found::Status::absent);
        REQUIRE(deliver(before, march).status == sdk::Delivery::Status::delivered);
    }
    PostgresSink after(db.config(), sdk::Access::read_write);
    sdk::Found found = after.find(ref_of(march), reference);
    CHECK(found.status == sdk::Found::Status::delivered);
    CHECK(found.target.at("entries") == "4");
    CHECK(after.find(ref_of(march), reference + "x").status == sdk::Found::Status::absent);
    auto held = after.held("ferry:figures:", {2026, 3, 1}, {2026, 3, 31});
    REQUIRE(held);
    REQUIRE(held.value().size() == 1);
    CHECK(held.value()[0].reference == reference);
}

TEST_CASE("the schema is versioned and a newer one is refused") {
    Database db;
    PostgresSink sink(db.config(), sdk::Access::read_write);
    REQUIRE(deliver(sink, period_document(3)).status == sdk::Delivery::Status::delivered);
    CHECK(db.value("SELECT max(version) FROM ferry.schema_version") == "1");
    CHECK(sink.check().empty());

    db.execute("INSERT INTO ferry.schema_version (version) VALUES (2)");
    PostgresSink older(db.config(), sdk::Access::read_write);
    sdk::Delivery refused = deliver(older, period_document(4));
    CHECK(refused.status == sdk::Delivery::Status::retry_later);
    CHECK(refused.problem.code == "postgres.schema_newer");
    CHECK_THAT(refused.problem.message, Catch::Contains("Upgrade Ferry"));
    PostgresSink checking(db.config(), sdk::Access::read_only);
    auto problems = checking.check();
    REQUIRE(problems.size() == 1);
    CHECK_THAT(problems[0].message, Catch::Contains("newer Ferry"));
}

TEST_CASE("a table changed by hand is named, by check() and by a delivery") {
    Database db;
    PostgresSink sink(db.config(), sdk::Access::read_write);
    REQUIRE(deliver(sink, period_document(3)).status == sdk::Delivery::Status::delivered);
    db.execute("ALTER TABLE ferry.entries DROP COLUMN department CASCADE");
    db.execute("ALTER TABLE ferry.periods ALTER COLUMN closed TYPE text");
    auto problems = sink.check();
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].code == "postgres.schema_changed");
    std::string both = problems[0].message + " | " + problems[1].message;
    CHECK_THAT(both, Catch::Contains("column ferry.entries.department is missing") &&
                         Catch::Contains("column ferry.periods.closed is text, not boolean"));
    sdk::Delivery refused = deliver(sink, period_document(3));
    CHECK(refused.status == sdk::Delivery::Status::retry_later);
    CHECK(refused.problem.code == "postgres.schema_changed");
}

TEST_CASE("a wrong password, a missing database and a server away are retried, never rejected") {
    Database db;
    PostgresConfig wrong = db.config();
    wrong.password = "not-the-password";
    PostgresSink refused(wrong, sdk::Access::read_write);
    sdk::Delivery login = deliver(refused, period_document(3));
    CHECK(login.status == sdk::Delivery::Status::retry_later);
    CHECK(login.problem.code == "postgres.login_refused");
    CHECK(login.problem.message.find("not-the-password") == std::string::npos);
    CHECK(refused.check().at(0).code == "postgres.login_refused");

    PostgresConfig missing = db.config();
    missing.database = "no_such_database";
    PostgresSink nowhere(missing, sdk::Access::read_write);
    sdk::Delivery database = deliver(nowhere, period_document(3));
    CHECK(database.status == sdk::Delivery::Status::retry_later);
    CHECK(database.problem.code == "postgres.database_missing");
    CHECK_THAT(database.problem.message, Catch::Contains("createdb"));

    PostgresConfig away = db.config();
    away.port = 1;
    away.connect_timeout = sdk::Duration::seconds(1);
    PostgresSink unreachable(away, sdk::Access::read_write);
    sdk::Delivery down = deliver(unreachable, period_document(3));
    CHECK(down.status == sdk::Delivery::Status::retry_later);
    CHECK(down.problem.code == "postgres.unreachable");
    sdk::Document march = period_document(3);
    // find() must never answer "absent" for a database it could not read.
    CHECK_THROWS_AS(unreachable.find(ref_of(march), "ferry:figures:" + march.key.str()),
                    sdk::Error);
}

TEST_CASE("an entry dated outside its period rejects the document, the database untouched") {
    Database db;
    PostgresSink sink(db.config(), sdk::Access::read_write);
    sdk::Document march = period_document(3);
    march.accounting_period->entries[1].date = {2026, 4, 1};
    sdk::Delivery rejected = deliver(sink, march);
    CHECK(rejected.status == sdk::Delivery::Status::rejected);
    CHECK(rejected.problem.code == "postgres.entry_outside_period");
    CHECK(db.value("SELECT count(*) FROM information_schema.tables WHERE table_schema = "
                   "'ferry'") == "0");
}

TEST_CASE("the sum per account per period per department is read from the index") {
    Database db;
    PostgresSink sink(db.config(), sdk::Access::read_write);
    REQUIRE(deliver(sink, period_document(3)).status == sdk::Delivery::Status::delivered);
    db.execute("ANALYZE ferry.entries");
    std::string plan = db.value(
        "SET enable_seqscan = off; EXPLAIN (FORMAT JSON) SELECT sum(amount) FROM ferry.entries "
        "WHERE company "
        "= '12345678' AND account_number = '1010' AND year = '2026' AND period = 3 GROUP BY "
        "department");
    CHECK_THAT(plan, Catch::Contains("entries_by_account"));
}
