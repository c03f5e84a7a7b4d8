// sink-fortnox against the SDK's conformance kit: the Fortnox emulator on loopback, a fresh one
// per check, the kit's patient invoices in SEK for the emulator's clinic.
#include <filesystem>

#include "ferry/sdk/testing/conformance.hpp"
#include "fortnox-emulator/fortnox_emulator_process.hpp"

using namespace ferry::sdk;
namespace emu = ferry::test::fortnox;

struct FortnoxCompany : testing::SinkHarness {
    emu::FortnoxEmulator emulator;
    std::filesystem::path folder = std::filesystem::temp_directory_path() /
                                   ("sink-fortnox-conformance-" + std::to_string(::getpid()) + "-" +
                                    std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    std::string code = emulator.authorization_code();

    FortnoxCompany() { std::filesystem::create_directories(folder); }
    ~FortnoxCompany() override { std::filesystem::remove_all(folder); }

    std::filesystem::path plugin_file() const override { return FERRY_PLUGIN_FILE; }
    Settings settings(const SettingsTable& table) override {
        testing::SettingsBuilder builder(table);
        return builder.set("client_id", emu::default_client_id)
            .set("client_secret", emu::default_client_secret)
            .set("api_url", emulator.api_url())
            .set("auth_url", emulator.auth_url())
            .set("redirect_uri", "http://localhost/ferry-callback")
            .set("retry_base", "20ms")
            .set("retry_max", "200ms")
            .add("tenants", {{"organisation_number", emu::default_tenant},
                             {"token_file", (folder / "tokens.json").string()},
                             {"authorization_code", code}})
            .build();
    }
    // A company that never authorised Ferry: no token file and no code.
    std::optional<Settings> broken_settings(const SettingsTable& table) override {
        testing::SettingsBuilder builder(table);
        return builder.set("client_id", emu::default_client_id)
            .set("client_secret", emu::default_client_secret)
            .set("api_url", emulator.api_url())
            .set("auth_url", emulator.auth_url())
            .add("tenants", {{"organisation_number", emu::default_tenant},
                             {"token_file", (folder / "never.json").string()}})
            .build();
    }
    Document document(int n) override {
        Document document = testing::sample_invoice(std::to_string(1000 + n), emu::default_tenant);
        document.currency = "SEK";
        document.supplier.cvr.clear();
        document.supplier.registration_number = emu::default_tenant;
        document.supplier.registration_scheme = "0007";
        return document;
    }
    std::size_t documents_on_target() override { return emulator.tenant_invoices().size(); }
};

FERRY_SINK_CONFORMANCE("sink-fortnox", FortnoxCompany)
