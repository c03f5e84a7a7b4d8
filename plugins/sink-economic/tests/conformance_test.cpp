// sink-economic against the SDK's conformance kit: the e-conomic emulator on loopback, a fresh
// one per check, with one agreement for the kit's sample company.
#include "ferry/sdk/testing/conformance.hpp"
#include "economic-emulator/emulator_process.hpp"

using namespace ferry::sdk;

struct EconomicAgreement : testing::SinkHarness {
    static constexpr const char* grant = "conformance-grant-token";
    ferry::test::EmulatorProcess emulator{
        {"--agreement", std::string(grant) + ":" + testing::sample_company}};

    std::filesystem::path plugin_file() const override { return FERRY_PLUGIN_FILE; }
    Settings settings(const SettingsTable& table) override {
        testing::SettingsBuilder builder(table);
        return builder.set("base_url", emulator.base_url())
            .set("app_secret_token", ferry::test::emulator_app_secret)
            .set("retry_base", "20ms")
            .set("retry_max", "200ms")
            .add("companies", {{"cvr", testing::sample_company}, {"agreement_grant_token", grant}})
            .build();
    }
    // An agreement grant token e-conomic does not know.
    std::optional<Settings> broken_settings(const SettingsTable& table) override {
        testing::SettingsBuilder builder(table);
        return builder.set("base_url", emulator.base_url())
            .set("app_secret_token", ferry::test::emulator_app_secret)
            .add("companies", {{"cvr", testing::sample_company},
                               {"agreement_grant_token", "revoked-grant-token"}})
            .build();
    }
    // Patients' invoices go to the collective customer of the clinic's provider number.
    Document document(int n) override {
        Document document = SinkHarness::document(n);
        document.references.provider_number = "123456";
        return document;
    }
    std::size_t documents_on_target() override {
        auto state = emulator.get("/__emulator/agreements/" + std::string(grant) + "/state").json();
        return state["drafts"].size() + state["booked"].size();
    }
};

FERRY_SINK_CONFORMANCE("sink-economic", EconomicAgreement)
