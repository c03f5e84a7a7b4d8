#include <catch2/catch.hpp>
#include <filesystem>

#include "economic-emulator/emulator_process.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

using namespace ferry::testing;
namespace fs = std::filesystem;

namespace {

struct Clinic {
    TempDir dir;
    ferry::test::EmulatorProcess emulator{{"--agreement", "grant-16356706:16356706", "--no-fsync"}};

    Clinic() {
        fs::create_directories(dir / "inbox");
        // Two of the clinic's documents, one that does not add up, one of a company not set up.
        copy("phive-1.17.2__OIOUBL_Invoice_v2p2.xml", "Novax_A00095678_16356706_Faktura.xml");
        copy("phive-1.17.2__OIOUBL_CreditNote_v2p2.xml", "Novax_A00095679_16356706_Kreditnote.xml");
        copy("gobl-parse__used-invoice_real.xml", "Novax_A00095678_16356700_Faktura.xml");
        copy("gobl-parse__happy-path_real.xml", "Novax_A00095678_16356700_Kreditnote.xml");
        dir.write("inbox/Thumbs.db", "not an invoice");
        dir.write("pipeline.yaml",
                  "pipeline: clinic\n"
                  "store: { plugin: store-lmdb, path: " +
                      (dir / "ledger").string() +
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

}  // namespace

TEST_CASE_METHOD(Clinic,
                 "NOVAX files are booked in e-conomic exactly once and bad ones are quarantined") {
    auto check = ferry("check");
    INFO(check.output);
    CHECK(check.exit_code == 0);

    auto pass = ferry("once");
    INFO(pass.output);
    REQUIRE(pass.exit_code == 0);
    CHECK_THAT(pass.output, Catch::Contains("clinic: listed 4, delivered 2, rejected 2"));

    nlohmann::json invoices = booked();
    REQUIRE(invoices.size() == 2);
    std::map<std::string, nlohmann::json> by_reference;
    for (const auto& invoice : invoices)
        by_reference[invoice["references"]["other"]] = invoice;
    auto invoice = by_reference.at("ferry:clinic:16356706/invoice/A00095678");
    auto credit = by_reference.at("ferry:clinic:16356706/credit-note/A00095679");
    // As e-conomic computed them from the lines, product groups and VAT zone.
    CHECK(invoice["netAmount"].get<double>() == Approx(5050.00));
    CHECK(invoice["vatAmount"].get<double>() == Approx(1262.50));
    CHECK(invoice["grossAmount"].get<double>() == Approx(6312.50));
    CHECK(credit["grossAmount"].get<double>() == Approx(-6312.50));

    auto status = ferry("status");
    CHECK_THAT(status.output, Catch::Contains("company 16356706: delivered 2"));
    CHECK_THAT(status.output,
               Catch::Contains("16356700/invoice/A00095678 rejected (oioubl.totals.line_sum)"));
    CHECK_THAT(status.output, Catch::Contains("16356700/credit-note/A00095678 rejected"));

    // A second pass books nothing again.
    auto again = ferry("once");
    CHECK_THAT(again.output, Catch::Contains("delivered 0, rejected 0"));
    CHECK(booked().size() == 2);
}
