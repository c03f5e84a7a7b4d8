// The ledger commands and crash recovery through the real binary and the real LMDB store.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/child_process.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

using namespace ferry::testing;
using namespace std::chrono_literals;

namespace {

struct LedgerFixture {
    TempDir dir;

    std::string pipeline(const std::string& sink_extra = "", const std::string& ledger = "ledger") {
        return dir
            .write("p-" + ledger + ".yaml",
                   "pipeline: clinic\n"
                   "store: { plugin: store-lmdb, path: " +
                       (dir / ledger).string() +
                       " }\n"
                       "source: { plugin: source-testdir, path: " +
                       (dir / "inbox").string() +
                       " }\n"
                       "sink: { plugin: sink-recording, journal: " +
                       (dir / "journal").string() + sink_extra + " }\n")
            .string();
    }

    CommandResult ferry(const std::string& arguments) {
        return run_command(std::string(FERRY_BINARY) + " --plugin-path " + FERRY_TEST_PLUGIN_DIR +
                           ":" + FERRY_PLUGIN_DIR + " " + arguments);
    }

    std::size_t journal_count(const std::string& number) {
        std::istringstream journal(read_file(dir / "journal"));
        std::size_t count = 0;
        for (std::string line; std::getline(journal, line);)
            count += line.substr(0, line.find('\t')) == "ferry:clinic:11223344/invoice/" + number;
        return count;
    }
};

}  // namespace

TEST_CASE_METHOD(LedgerFixture, "status, explain, retry and skip work on the ledger a pass left") {
    dir.write("inbox/11223344_invoice_1.txt", "date: 2026-02-01\n");
    dir.write("inbox/11223344_invoice_2.txt", "date: 2026-02-02\nreject: oioubl.totals.payable\n");
    dir.write("inbox/11223344_invoice_3.txt", "date: 2026-02-03\n");
    std::string file = pipeline(", reject_numbers: [3]");
    REQUIRE(ferry("once " + file).exit_code == 0);

    auto status = ferry("status " + file);
    CHECK(status.exit_code == 0);
    CHECK_THAT(status.output, Catch::Contains("company 11223344: delivered 1 rejected 2"));
    CHECK_THAT(status.output,
               Catch::Contains("11223344/invoice/2 rejected (oioubl.totals.payable)"));

    auto json = nlohmann::json::parse(ferry("status --json " + file).output);
    CHECK(json["companies"]["11223344"]["delivered"] == 1);
    CHECK(json["failures"].size() == 2);

    auto explain = ferry("explain " + file + " 2");
    CHECK(explain.exit_code == 0);
    CHECK_THAT(explain.output, Catch::Contains("11223344/invoice/2: rejected after 1 attempt(s)"));
    CHECK_THAT(explain.output, Catch::Contains("intent") && Catch::Contains("attempt 1"));
    CHECK(ferry("explain " + file + " 99").exit_code == 1);

    // The clinic fixes invoice 3 in e-conomic's way; the operator asks for it again.
    REQUIRE(ferry("retry " + file + " 11223344/invoice/3").exit_code == 0);
    REQUIRE(ferry("skip " + file + " 2 --reason \"booked by hand\"").exit_code == 0);
    CHECK(ferry("skip " + file + " 1 --reason oops").exit_code == 1);  // delivered: refused
    REQUIRE(ferry("once " + file).exit_code == 0);  // 3 is rejected again (the sink still says no)
    explain = ferry("explain " + file + " 11223344/invoice/3");
    CHECK_THAT(explain.output, Catch::Contains("retry requested by hand") &&
                                   Catch::Contains("rejected after 2 attempt(s)"));
    CHECK_THAT(ferry("explain " + file + " 2").output,
               Catch::Contains("skipped by hand: booked by hand"));
}

TEST_CASE_METHOD(LedgerFixture, "the ledger exports and imports as JSON lines, field for field") {
    dir.write("inbox/11223344_invoice_1.txt", "date: 2026-02-01\nnet: 10.00\nvat: 2.50\n");
    dir.write("inbox/11223344_invoice_2.txt", "date: 2026-02-02\nreject: x.y\n");
    std::string file = pipeline();
    REQUIRE(ferry("once " + file).exit_code == 0);
    std::string exported = (dir / "export.jsonl").string();
    REQUIRE(ferry("ledger export " + file + " -o " + exported).exit_code == 0);

    std::string other = pipeline("", "moved");
    auto imported = ferry("ledger import " + other + " " + exported);
    CHECK(imported.exit_code == 0);
    CHECK_THAT(imported.output, Catch::Contains("imported 2 record(s)"));
    REQUIRE(ferry("ledger export " + other + " -o " + (dir / "again.jsonl").string()).exit_code ==
            0);
    CHECK(read_file(exported) == read_file(dir / "again.jsonl"));
    CHECK_THAT(read_file(exported), Catch::Contains("\"gross\":\"12.50\""));

    dir.write("bad.jsonl", "{\"not\": \"a record\"}\n");
    CHECK(ferry("ledger import " + other + " " + (dir / "bad.jsonl").string()).exit_code == 1);
}

TEST_CASE_METHOD(LedgerFixture, "a host killed between delivery and record books nothing twice") {
    for (int n = 1; n <= 5; ++n)
        dir.write("inbox/11223344_invoice_" + std::to_string(n) + ".txt",
                  "date: 2026-02-0" + std::to_string(n) + "\n");
    // The process dies (_exit, as if killed) right after the 2nd delivery reached the target.
    CHECK(ferry("once " + pipeline(", die_after: 2")).exit_code == 86);
    CHECK_THAT(ferry("status " + pipeline()).output,
               Catch::Contains("interrupted deliveries not yet resolved"));
    auto again = ferry("once " + pipeline());
    CHECK(again.exit_code == 0);
    // Which documents were in flight when it died depends on the threads: each is recovered.
    CHECK_THAT(again.output, Catch::Contains("document.recovered 11223344/invoice/"));
    for (const char* number : {"1", "2", "3", "4", "5"}) {
        INFO(number);
        CHECK(journal_count(number) == 1);
    }
}

TEST_CASE_METHOD(LedgerFixture,
                 "while a service holds the ledger, changes are refused and reading works") {
    dir.write("inbox/11223344_invoice_1.txt", "date: 2026-02-01\nreject: x.y\n");
    std::string file = pipeline();
    REQUIRE(ferry("once " + file).exit_code == 0);
    ChildProcess service({FERRY_BINARY, "--plugin-path",
                          std::string(FERRY_TEST_PLUGIN_DIR) + ":" + FERRY_PLUGIN_DIR, "run", file},
                         (dir / "service.log").string());
    REQUIRE(eventually(
        [&] { return read_file(dir / "service.log").find("schedule.next") != std::string::npos; }));
    auto refused = ferry("retry " + file + " --rejected");
    CHECK(refused.exit_code == 1);
    CHECK_THAT(refused.output, Catch::Contains("pid " + std::to_string(service.pid())));
    CHECK(ferry("status " + file).exit_code == 0);
    service.signal(SIGTERM);
    CHECK(service.wait(10s) == 0);
    CHECK(ferry("retry " + file + " --rejected").exit_code == 0);
}
