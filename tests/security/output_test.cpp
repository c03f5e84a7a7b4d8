// Issue 14, item 1: bytes that are not UTF-8 (a Latin-1 file name in the inbox, a Latin-1
// error code) reach the ledger through a real pass, and every output of the real binary still
// works: it exits as it should and its JSON is valid UTF-8, the odd byte shown as U+FFFD.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "output_probes.hpp"
#include "support/child_process.hpp"
#include "support/run_command.hpp"
#include "support/smtp_server.hpp"
#include "support/temp_dir.hpp"
#include "test_pipeline.hpp"

using namespace ferry::testing;
using nlohmann::json;

namespace {

struct Latin1Ledger {
    TempDir dir;
    std::string pipeline = write_test_pipeline(dir, lmdb_store(dir / "ledger"));

    Latin1Ledger() {
        // Rejected by the source: number, error code and error text all carry the byte.
        dir.write("inbox/11223344_invoice_7" + latin1_ae + ".txt",
                  "date: 2026-02-01\nreject: oioubl.bad" + latin1_ae + "\n");
        // Delivered: the company carries it.
        dir.write("inbox/1122334" + latin1_ae + "_invoice_8.txt", "date: 2026-02-02\n");
        dir.write("inbox/11223344_invoice_9.txt", "date: 2026-02-03\n");
        REQUIRE(ferry("once " + pipeline).exit_code == 0);
    }

    // Standard output alone, so the JSON is not mixed with what goes to standard error.
    CommandResult ferry(const std::string& arguments) {
        return run_command("{ " + ferry_command(arguments) + " 2>/dev/null; }");
    }
};

// Valid UTF-8 JSON by an outside judge, the odd byte replaced, not dropped.
json parsed(const CommandResult& result) {
    INFO(result.output);
    CHECK(is_utf8(result.output));
    CHECK(result.output.find(replacement) != std::string::npos);
    return json::parse(result.output);
}

}  // namespace

TEST_CASE_METHOD(Latin1Ledger, "status --json survives Latin-1 bytes in the ledger") {
    auto status = ferry("status --json " + pipeline);
    REQUIRE(status.exit_code == 0);
    json out = parsed(status);
    REQUIRE(out["failures"].size() == 1);
    CHECK(out["failures"][0]["document"] == "11223344/invoice/7" + replacement);
    CHECK(out["failures"][0]["code"] == "oioubl.bad" + replacement);
    CHECK(out["companies"].contains("1122334" + replacement));

    auto documents = ferry("status --json --documents " + pipeline);
    REQUIRE(documents.exit_code == 0);
    CHECK(parsed(documents)["documents"].size() == 3);
}

TEST_CASE_METHOD(Latin1Ledger, "report gaps --json survives Latin-1 bytes in the ledger") {
    auto gaps = ferry("report gaps --json " + pipeline);
    REQUIRE(gaps.exit_code == 0);
    CHECK(parsed(gaps)["pipeline"] == "clinic");
}

TEST_CASE_METHOD(Latin1Ledger, "report reconcile --json survives Latin-1 bytes in the ledger") {
    auto reconcile = ferry("report reconcile --json --from 2026-01-01 --to 2026-12-31 " + pipeline);
    INFO(reconcile.output);
    REQUIRE((reconcile.exit_code == 0 || reconcile.exit_code == 1));  // 1: the report is partial
    CHECK(parsed(reconcile)["pipeline"] == "clinic");
}

TEST_CASE_METHOD(Latin1Ledger, "ledger export writes Latin-1 bytes as valid UTF-8 JSON lines") {
    auto exported = ferry("ledger export " + pipeline);
    REQUIRE(exported.exit_code == 0);
    INFO(exported.output);
    CHECK(is_utf8(exported.output));
    std::istringstream lines(exported.output);
    std::size_t count = 0;
    for (std::string line; std::getline(lines, line); ++count)
        CHECK(json::parse(line).is_object());
    CHECK(count == 3);
}

TEST_CASE_METHOD(Latin1Ledger, "status and explain print documents named with Latin-1 bytes") {
    auto status = ferry("status --documents " + pipeline);
    CHECK(status.exit_code == 0);
    CHECK_THAT(status.output, Catch::Contains("11223344/invoice/7"));
    auto explain = ferry("explain " + pipeline + " \"11223344/invoice/7" + latin1_ae + "\"");
    CHECK(explain.exit_code == 0);
    CHECK_THAT(explain.output, Catch::Contains("rejected after 1 attempt(s)"));
    auto gaps = ferry("report gaps " + pipeline);
    CHECK(gaps.exit_code == 0);
    auto reconcile = ferry("report reconcile --from 2026-01-01 --to 2026-12-31 " + pipeline);
    CHECK((reconcile.exit_code == 0 || reconcile.exit_code == 1));
}

TEST_CASE("the text and JSON logs and the mail stay valid UTF-8 with Latin-1 bytes in the inbox") {
    SmtpServer smtp;
    ::setenv("E2E_SMTP_PASSWORD", SmtpServer::password, 1);
    TempDir dir;
    dir.write("inbox/11223344_invoice_7" + latin1_ae + ".txt",
              "date: 2026-02-01\nreject: oioubl.bad" + latin1_ae + "\n");
    dir.write("inbox/1122334" + latin1_ae + "_invoice_8.txt", "date: 2026-02-02\n");
    std::string pipeline = write_test_pipeline(
        dir, lmdb_store(dir / "ledger"), smtp.notify_settings((dir / "notify.state").string()));

    auto json_pass = run_command(ferry_command("--log-format json run --once " + pipeline));
    INFO(json_pass.output);
    CHECK(json_pass.exit_code == 0);
    CHECK(is_utf8(json_pass.output));
    std::istringstream lines(json_pass.output);
    for (std::string line; std::getline(lines, line);)
        CHECK_NOTHROW(json::parse(line));

    dir.write("inbox/11223344_invoice_7" + latin1_ae + ".txt",
              "date: 2026-02-01\nreject: oioubl.bad" + latin1_ae + "\nreprinted: yes\n");
    auto text_pass = run_command(ferry_command("run --once " + pipeline));
    INFO(text_pass.output);
    CHECK(text_pass.exit_code == 0);
    CHECK(is_utf8(text_pass.output));
    CHECK_THAT(text_pass.output, Catch::Contains("\\xe6"));

    REQUIRE(eventually([&] { return smtp.message(1).has_value(); }));
    for (const auto& message : smtp.messages()) {
        std::string mail = message["content"];
        INFO(mail);
        CHECK(is_utf8(mail));
        CHECK_THAT(mail, Catch::Contains("invoice/7\\xe6 rejected"));
    }
}
