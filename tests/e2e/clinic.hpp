// The e2e fixture: a clinic's NOVAX folder, a pipeline through store-lmdb and sink-economic,
// and the e-conomic emulator on loopback, driven through the ferry binary.
#pragma once

#include <catch2/catch.hpp>
#include <filesystem>

#include "economic-emulator/emulator_process.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

namespace ferry::testing {

namespace fs = std::filesystem;

struct Clinic {
    TempDir dir;
    ferry::test::EmulatorProcess emulator{{"--agreement", "grant-16356706:16356706", "--no-fsync"}};

    // `host_settings` adds pipeline keys of the host's own (schedule:, notify:), as YAML lines.
    explicit Clinic(const std::string& host_settings = {}) {
        fs::create_directories(dir / "inbox");
        // Two of the clinic's documents, one that does not add up, one of a company not set up.
        copy("phive-1.17.2__OIOUBL_Invoice_v2p2.xml", "Novax_A00095678_16356706_Faktura.xml");
        copy("phive-1.17.2__OIOUBL_CreditNote_v2p2.xml", "Novax_A00095679_16356706_Kreditnote.xml");
        copy("gobl-parse__used-invoice_real.xml", "Novax_A00095678_16356700_Faktura.xml");
        copy("gobl-parse__happy-path_real.xml", "Novax_A00095678_16356700_Kreditnote.xml");
        dir.write("inbox/Thumbs.db", "not an invoice");
        write_pipeline(host_settings);
    }

    void write_pipeline(const std::string& host_settings) {
        dir.write("pipeline.yaml",
                  "pipeline: clinic\n" + host_settings +
                      "store: { plugin: store-lmdb, path: " + (dir / "ledger").string() +
                      ", durability: nosync }\n"
                      "source:\n  plugin: source-novax\n  servers:\n    - { location: " +
                      (dir / "inbox").string() +
                      " }\n"
                      "sink:\n  plugin: sink-economic\n  base_url: " +
                      emulator.base_url() +
                      "\n"
                      "  app_secret_token: \"${env:E2E_APP_SECRET}\"\n"
                      "  retry_base_ms: 10\n"
                      "  companies:\n    - { cvr: \"16356706\", agreement_grant_token: "
                      "\"${env:E2E_GRANT}\" }\n");
    }

    void copy_over(const std::string& sample, const std::string& name) {
        fs::copy_file(fs::path(FERRY_OIOUBL_SAMPLES_DIR) / sample, dir / ("inbox/" + name),
                      fs::copy_options::overwrite_existing);
    }

    void copy(const std::string& sample, const std::string& name) {
        fs::copy_file(fs::path(FERRY_OIOUBL_SAMPLES_DIR) / sample, dir / ("inbox/" + name));
    }

    CommandResult ferry(const std::string& arguments) {
        return run_command(std::string("E2E_APP_SECRET=") + ferry::test::emulator_app_secret +
                           " E2E_GRANT=grant-16356706 " + FERRY_BINARY + " --plugin-path " +
                           FERRY_PLUGIN_DIR + " " + arguments + " " +
                           (dir / "pipeline.yaml").string());
    }

    nlohmann::json booked() {
        auto state =
            emulator.request("GET", "/__emulator/agreements/grant-16356706/state", {}, {}).json();
        return state["booked"];
    }
};

}  // namespace ferry::testing
