// Bad-input campaign: the hostile corpus and the samples source-novax rejects, mixed into a
// generated valid set. Every bad file is rejected with its reason code, every good one booked,
// ferry never crashes, and `ferry status` lists exactly those rejections.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>

#include "campaign.hpp"
#include "hostile_corpus.hpp"
#include "support/smtp_server.hpp"

using namespace ferry::campaign;
namespace corpus = ferry::novax::testing;

namespace {

void write(const std::filesystem::path& file, const std::string& bytes) {
    std::ofstream(file, std::ios::binary) << bytes;
}

// Each hostile file gets its own document number, rewritten wherever the sample states it
// (same length, so a truncation still cuts at the same place).
std::string renumbered(std::string bytes, const std::string& number) {
    for (auto at = bytes.find(corpus::hostile_number); at != std::string::npos;
         at = bytes.find(corpus::hostile_number, at + number.size()))
        bytes.replace(at, number.size(), number);
    return bytes;
}

}  // namespace

TEST_CASE(
    "bad-input campaign: every bad file is rejected with its reason and every good one "
    "booked",
    "[campaign]") {
    const std::size_t files = size_from_env("FERRY_CAMPAIGN_FILES", 60, 20);
    // The clinic's mail goes to a real SMTP server, so the privacy scan covers mails too.
    ferry::testing::SmtpServer smtp;
    ::setenv("E2E_SMTP_PASSWORD", ferry::testing::SmtpServer::password, 1);
    Clinic clinic("  retry_base: 10ms\n", smtp.notify_settings((smtp.dir / "notified").string()));
    auto documents = clinic.generate(files, seed_from_env() + 2);

    // document key -> expected reason code
    std::map<std::string, std::string> bad;
    std::size_t index = 0;
    for (const auto& file : corpus::hostile_corpus(1024 * 1024 + 1)) {
        char number[16];
        std::snprintf(number, sizeof number, "H%08zu", ++index);
        write(clinic.inbox() / ("Novax_" + std::string(number) + "_" + clinic_cvr + "_Faktura.xml"),
              renumbered(file.bytes, number));
        bad[std::string(clinic_cvr) + "/invoice/" + number] = file.code;
    }
    // The samples the novax README lists as rejected (another clinic's CVR; both are numbered
    // A00095678, so the second is renumbered).
    std::filesystem::copy_file(corpus::samples_dir() / "gobl-parse__used-invoice_real.xml",
                               clinic.inbox() / "Novax_A00095678_16356700_Faktura.xml");
    bad["16356700/invoice/A00095678"] = "oioubl.totals.line_sum";
    write(clinic.inbox() / "Novax_A00095677_16356700_Faktura.xml",
          renumbered(
              corpus::read_file(corpus::samples_dir() / "gobl-parse__prices-advanced_real.xml"),
              "A00095677"));
    bad["16356700/invoice/A00095677"] = "oioubl.line.amount";

    auto first = clinic.ferry("once");
    INFO(first.output);
    CHECK(first.exit_code == 0);
    auto figures = pass_figures(first.output);
    REQUIRE(figures);
    CHECK(figures->rejected == bad.size());
    std::size_t passes = 1 + clinic.settle();

    auto status = clinic.ferry("status --json");
    REQUIRE(status.exit_code == 0);
    auto ledger = nlohmann::json::parse(status.output);
    std::map<std::string, std::string> listed;
    for (const auto& failure : ledger["failures"]) {
        CHECK(failure["state"] == "rejected");
        listed[failure["document"].get<std::string>()] = failure["code"].get<std::string>();
    }
    CHECK(listed == bad);
    CHECK(ledger["companies"][clinic_cvr]["delivered"] == files);
    CHECK(ledger["companies"][clinic_cvr]["rejected"] == bad.size() - 2);
    CHECK(ledger["companies"]["16356700"]["rejected"] == 2);

    auto text_status = clinic.ferry("status");
    for (const auto& [document, code] : bad)
        CHECK_THAT(text_status.output, Catch::Contains(document + " rejected (" + code + ")"));

    // The service's first pass of the day mails the failures: every rejection, no person.
    auto service = clinic.ferry("run --once");
    INFO(service.output);
    CHECK(service.exit_code == 0);
    REQUIRE(ferry::testing::eventually([&] { return !smtp.messages().empty(); }));
    std::vector<std::string> mails;
    for (const auto& mail : smtp.messages())
        mails.push_back(mail["content"].get<std::string>());
    for (const auto& [document, code] : bad)
        CHECK_THAT(mails.front(), Catch::Contains(code));

    Reconciliation result = reconcile(clinic.emulator_state(), documents);
    auto hits = privacy_hits(clinic, personal_data_of(documents), mails);
    report("bad-input campaign: " + std::to_string(files) + " good files and " +
               std::to_string(bad.size()) + " bad ones, " + std::to_string(listed.size()) +
               " rejections listed by ferry status, " + std::to_string(passes) + " passes, " +
               std::to_string(mails.size()) + " mail(s), privacy hits " +
               std::to_string(hits.size()),
           result, clinic);
    CHECK(result.exact());
    CHECK(result.booked == files);
    CHECK(hits.empty());
}
