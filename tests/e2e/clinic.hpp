// The e2e fixtures: a clinic's NOVAX folder, a pipeline through store-lmdb and sink-economic,
// and the e-conomic emulator on loopback with one agreement per company, driven through the
// ferry binary.
#pragma once

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>

#include "economic-emulator/emulator_process.hpp"
#include "support/child_process.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

namespace ferry::testing {

namespace fs = std::filesystem;

// The emulator's options plus one agreement per company: grant-<cvr> for <cvr>.
inline std::vector<std::string> with_agreements(const std::vector<std::string>& companies,
                                                std::vector<std::string> options) {
    for (const auto& cvr : companies)
        options.insert(options.end(), {"--agreement", "grant-" + cvr + ":" + cvr});
    return options;
}

struct ClinicPipeline {
    // Company c's agreement grant token is grant-c; the pipeline reads it from E2E_GRANT_c.
    explicit ClinicPipeline(std::vector<std::string> companies,
                            std::vector<std::string> emulator_options = {"--no-fsync"})
        : companies(std::move(companies)),
          emulator(with_agreements(this->companies, std::move(emulator_options))) {
        fs::create_directories(dir / "inbox");
    }

    const std::vector<std::string> companies;
    TempDir dir;
    test::EmulatorProcess emulator;

    // A public sample in the inbox under a NOVAX name (replacing a file of that name).
    void add(const std::string& sample, const std::string& name) {
        fs::copy_file(fs::path(FERRY_OIOUBL_SAMPLES_DIR) / sample, dir / ("inbox/" + name),
                      fs::copy_options::overwrite_existing);
    }

    // Two of the clinic's documents, one that does not add up, one of a company not set up,
    // and a file that is not a document.
    void add_clinic_samples() {
        add("phive-1.17.2__OIOUBL_Invoice_v2p2.xml", "Novax_A00095678_16356706_Faktura.xml");
        add("phive-1.17.2__OIOUBL_CreditNote_v2p2.xml", "Novax_A00095679_16356706_Kreditnote.xml");
        add("gobl-parse__used-invoice_real.xml", "Novax_A00095678_16356700_Faktura.xml");
        add("gobl-parse__happy-path_real.xml", "Novax_A00095678_16356700_Kreditnote.xml");
        dir.write("inbox/Thumbs.db", "not an invoice");
    }

    // `host_settings`: pipeline keys of the host's own (schedule:, notify:), as YAML lines.
    // `sink_settings`: extra lines under `sink:`, indented by two spaces.
    void write_pipeline(const std::string& host_settings = "",
                        const std::string& sink_settings = "") {
        std::string yaml = "pipeline: clinic\n" + host_settings +
                           "store: { plugin: store-lmdb, path: " + (dir / "ledger").string() +
                           ", durability: nosync }\n"
                           // Tests write files whole: a malformed one is bad input at once.
                           "source:\n  plugin: source-novax\n  settle: 0s\n"
                           "  servers:\n    - { location: " +
                           (dir / "inbox").string() +
                           " }\n"
                           "sink:\n  plugin: sink-economic\n  base_url: " +
                           emulator.base_url() +
                           "\n  app_secret_token: \"${env:E2E_APP_SECRET}\"\n"
                           "  retry_base: 10ms\n" +
                           sink_settings + "  companies:\n";
        for (const auto& cvr : companies)
            yaml += "    - { cvr: \"" + cvr + "\", agreement_grant_token: \"${env:E2E_GRANT_" +
                    cvr + "}\", defaults: { provider_number: 7788 } }\n";
        dir.write("pipeline.yaml", yaml);
    }

    CommandResult ferry(const std::string& arguments) { return ferry(arguments, ""); }

    // `ferry <command> PIPELINE <after>`, for commands that take a DOCUMENT after the pipeline.
    CommandResult ferry(const std::string& command, const std::string& after) {
        std::string environment = std::string("E2E_APP_SECRET=") + test::emulator_app_secret;
        for (const auto& cvr : companies)
            environment += " E2E_GRANT_" + cvr + "=grant-" + cvr;
        return run_command(environment + " " + FERRY_BINARY + " --plugin-path " + FERRY_PLUGIN_DIR +
                           " " + command + " " + (dir / "pipeline.yaml").string() + " " + after);
    }

    // `ferry once` as a process the test can kill or run beside; its output goes to
    // background.log.
    std::unique_ptr<ChildProcess> ferry_in_background() {
        std::vector<std::string> argv = {"/usr/bin/env"};
        argv.push_back(std::string("E2E_APP_SECRET=") + test::emulator_app_secret);
        for (const auto& cvr : companies)
            argv.push_back("E2E_GRANT_" + cvr + "=grant-" + cvr);
        argv.insert(argv.end(), {FERRY_BINARY, "--plugin-path", FERRY_PLUGIN_DIR, "once",
                                 (dir / "pipeline.yaml").string()});
        return std::make_unique<ChildProcess>(argv, (dir / "background.log").string());
    }

    // What company `cvr`'s agreement holds (drafts, booked, counts).
    nlohmann::json state(const std::string& cvr) {
        return emulator.request("GET", "/__emulator/agreements/grant-" + cvr + "/state", {}, {})
            .json();
    }
};

// Company 16356706's clinic with the clinic samples.
struct Clinic : ClinicPipeline {
    explicit Clinic(const std::string& host_settings = {}) : ClinicPipeline({"16356706"}) {
        add_clinic_samples();
        write_pipeline(host_settings);
    }

    nlohmann::json booked() {
        nlohmann::json company = state("16356706");
        return company["booked"];
    }
};

// The clinic's sample with two lines of 5000.02 and 2 × 25.01, VAT rounded once over the 25 %
// subtotal (5050.04 → 1262.51) as OIOUBL does; e-conomic's per-line VAT comes to 1262.52.
inline std::string rounded_per_rate_invoice() {
    std::ifstream in(fs::path(FERRY_OIOUBL_SAMPLES_DIR) / "phive-1.17.2__OIOUBL_Invoice_v2p2.xml");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (auto [from, to] : {std::pair{">5050.00<", ">5050.04<"},
                            {">1262.50<", ">1262.51<"},
                            {">6312.50<", ">6312.55<"},
                            {">5000.00<", ">5000.02<"},
                            {">1250.00<", ">1250.01<"},
                            {">50.00<", ">50.02<"},
                            {">12.50<", ">12.51<"},
                            {">25.00<", ">25.01<"}})
        for (std::size_t at; (at = text.find(from)) != std::string::npos;)
            text.replace(at, std::string(from).size(), to);
    return text;
}

}  // namespace ferry::testing
