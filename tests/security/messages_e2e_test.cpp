// Through the ferry binary with every real part (source-novax on a local folder, store-lmdb,
// sink-economic and its emulator, a real SMTP server): invoices carrying a patient's name, CPR
// number and a forged log line where codes belong leave none of it in the log (text or JSON),
// the ledger (`explain`, `ledger export`) or the mail.
#include <catch2/catch.hpp>

#include <fstream>

#include "e2e/clinic.hpp"
#include "hostile_corpus.hpp"
#include "poison.hpp"
#include "support/smtp_server.hpp"

using namespace ferry::testing;
using namespace std::chrono_literals;
using ferry::security::poison_xml;
using ferry::security::require_clean;
namespace novax_testing = ferry::novax::testing;

namespace {

std::string numbered(const std::string& number) {
    return novax_testing::replaced(novax_testing::base_invoice(), "<cbc:ID>A00095678</cbc:ID>",
                                   "<cbc:ID>" + number + "</cbc:ID>");
}

struct PoisonedClinic : ClinicPipeline {
    PoisonedClinic() : ClinicPipeline({"16356706"}) {
        std::string poison(poison_xml);
        // A name and CPR number in an amount's currencyID.
        dir.write("inbox/Novax_A00095678_16356706_Faktura.xml",
                  novax_testing::replaced(numbered("A00095678"), "currencyID =\"DKK\"",
                                          "currencyID =\"" + poison + "\""));
        // ... as the document currency.
        dir.write("inbox/Novax_A00095679_16356706_Faktura.xml",
                  novax_testing::replaced(numbered("A00095679"), "DocumentCurrencyCode>DKK<",
                                          "DocumentCurrencyCode>" + poison + "<"));
        // ... where libxml2 would quote it: an element name, the encoding, raw bytes.
        dir.write("inbox/Novax_A00095680_16356706_Faktura.xml",
                  novax_testing::replaced(numbered("A00095680"), "</Invoice>",
                                          "<JensHansen0101011234></Invoice>"));
        dir.write("inbox/Novax_A00095681_16356706_Faktura.xml",
                  novax_testing::replaced(numbered("A00095681"), "encoding=\"UTF-8\"",
                                          "encoding=\"" + poison + "\""));
        dir.write("inbox/Novax_A00095682_16356706_Faktura.xml",
                  novax_testing::replaced(numbered("A00095682"), "DKK<",
                                          "Jens Hansen 010101-1234 \xE6\xF8\xE5<"));
        ::setenv("E2E_SMTP_PASSWORD", SmtpServer::password, 1);
    }

    CommandResult ferry_on(const std::string& command, const std::string& arguments = "") {
        std::string environment = std::string("E2E_APP_SECRET=") +
                                  ferry::test::emulator_app_secret +
                                  " E2E_GRANT_16356706=grant-16356706";
        return run_command(environment + " " + FERRY_BINARY + " --plugin-path " + FERRY_PLUGIN_DIR +
                           " " + command + " " + (dir / "pipeline.yaml").string() + " " +
                           arguments);
    }

    // The files again with a new modification time, so the next pass reads them anew.
    void reprint() {
        for (const auto& entry : fs::directory_iterator(dir / "inbox"))
            fs::last_write_time(entry.path(), fs::last_write_time(entry.path()) + 1h);
    }
};

// Every line is a log line (time first, or a JSON object) or the pass summary `once` prints.
void require_one_line_per_event(const std::string& log) {
    std::istringstream lines(log);
    for (std::string line; std::getline(lines, line);)
        if (!line.empty()) {
            CHECK_THAT(line, !Catch::StartsWith("2026-01-01T00:00:00+0000"));
            CHECK_THAT(line, Catch::Matches("\\d{4}-\\d\\d-\\d\\dT.*|\\{.*\\}|clinic: .*"));
        }
}

}  // namespace

TEST_CASE_METHOD(PoisonedClinic, "no document text reaches the log the ledger or the mail") {
    SmtpServer smtp;
    write_pipeline(smtp.notify_settings((dir / "notify.state").string()));

    auto json_pass = ferry_on("--log-format json once");
    INFO(json_pass.output);
    CHECK(json_pass.exit_code == 0);
    CHECK_THAT(json_pass.output, Catch::Contains("oioubl.currency.mismatch") &&
                                     Catch::Contains("oioubl.currency.unknown") &&
                                     Catch::Contains("oioubl.xml.malformed"));
    require_clean(json_pass.output);
    require_one_line_per_event(json_pass.output);

    reprint();
    auto text_pass = ferry_on("run --once");
    INFO(text_pass.output);
    CHECK(text_pass.exit_code == 0);
    CHECK_THAT(text_pass.output, Catch::Contains("document.rejected") &&
                                     Catch::Contains("notify.sent") &&
                                     Catch::Contains("not well-formed XML at line"));
    require_clean(text_pass.output);
    require_one_line_per_event(text_pass.output);

    for (const char* number : {"A00095678", "A00095679", "A00095680", "A00095681", "A00095682"}) {
        auto explained = ferry_on("explain", number);
        INFO(explained.output);
        CHECK(explained.exit_code == 0);
        CHECK_THAT(explained.output, Catch::Contains("rejected"));
        require_clean(explained.output);
    }
    auto exported = ferry_on("ledger export -o " + (dir / "ledger.jsonl").string());
    REQUIRE(exported.exit_code == 0);
    std::string ledger = read_file(dir / "ledger.jsonl");
    CHECK_THAT(ledger, Catch::Contains("oioubl.currency.unknown"));
    require_clean(ledger);

    REQUIRE(eventually([&] { return smtp.message(1).has_value(); }));
    std::string mail = (*smtp.message(1))["content"];
    INFO(mail);
    CHECK_THAT(mail, Catch::Contains("16356706/invoice/A00095678 rejected since") &&
                         Catch::Contains("oioubl.currency.mismatch") &&
                         Catch::Contains("oioubl.xml.malformed"));
    // Codes, not texts: not even the element path of a rejection is mailed.
    CHECK_THAT(mail, !Catch::Contains("cbc:"));
    require_clean(mail);
}
