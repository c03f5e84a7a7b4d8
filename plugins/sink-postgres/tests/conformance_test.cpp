// sink-postgres against the SDK's conformance kit: a real PostgreSQL for the whole program, a
// fresh database for each check, accounting periods for documents.
#include "ferry/sdk/testing/conformance.hpp"
#include "period_samples.hpp"
#include "postgres_server.hpp"

using namespace ferry::sdk;
using ferry::testing::PostgresServer;

namespace {

PostgresServer& server() {
    static PostgresServer instance;
    return instance;
}

int next_database = 0;

}  // namespace

struct PostgresDatabase : testing::SinkHarness {
    std::string name = "conformance" + std::to_string(++next_database);
    PostgresDatabase() { server().create_database(name, name, "conformance-password"); }

    std::filesystem::path plugin_file() const override { return FERRY_PLUGIN_FILE; }
    Settings settings(const SettingsTable& table) override {
        return with_password(table, "conformance-password");
    }
    std::optional<Settings> broken_settings(const SettingsTable& table) override {
        return with_password(table, "a-revoked-password");
    }
    // Periods of the kit's sample company, each with an entry text naming a patient.
    Document document(int n) override {
        return ferry::postgres::testing::period_document(1 + (n - 1) % 12, testing::sample_company,
                                                         2026 + (n - 1) / 12);
    }
    std::size_t documents_on_target() override {
        std::string tables = server().query_value(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'ferry' AND "
            "table_name = 'deliveries'",
            name);
        if (tables == "0")
            return 0;
        return std::stoul(server().query_value("SELECT count(*) FROM ferry.deliveries", name));
    }

  private:
    Settings with_password(const SettingsTable& table, const std::string& password) {
        testing::SettingsBuilder builder(table);
        return builder.set("port", std::to_string(server().port()))
            .set("database", name)
            .set("user", name)
            .set("password", password)
            .build();
    }
};

FERRY_SINK_CONFORMANCE("sink-postgres", PostgresDatabase)
