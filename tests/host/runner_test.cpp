// One pass of a pipeline, one document at a time: what the runner decides and records.
#include "runner_fixture.hpp"

using namespace ferry;
using namespace ferry::testing;
using sdk::State;
namespace fs = std::filesystem;

TEST_CASE_METHOD(RunnerFixture,
                 "new documents are delivered once and recorded with their history") {
    document("11223344_invoice_1", "date: 2026-02-01\nnet: 100.00\nvat: 25.00\n");
    document("11223344_invoice_2", "date: 2026-02-02\nnet: 200.00\nvat: 50.00\n");
    dir.write("inbox/readme.md", "not a document");

    PassSummary first = pass();
    CHECK(first.listed == 2);
    CHECK(first.ignored == 1);
    CHECK(first.delivered == 2);

    sdk::LedgerRecord record = record_of("11223344", "2");
    CHECK(record.state == State::delivered);
    CHECK(record.attempts == 1);
    CHECK(states(record) == std::vector{State::intent, State::delivered});
    // The journal line the sink named holds this document (which line depends on the threads).
    std::istringstream journal(ferry::testing::read_file(dir / "journal"));
    std::string line;
    for (int n = std::stoi(record.target.at("line")); n > 0; --n)
        std::getline(journal, line);
    CHECK_THAT(line, Catch::Contains("11223344/invoice/2\t"));
    CHECK(record.target.at("draft") == "2");  // recorded through progress() before delivery ended
    CHECK(record.gross->to_string() == "250.00");
    CHECK(record.date->to_string() == "2026-02-02");

    PassSummary second = pass();
    CHECK(second.delivered == 0);
    CHECK(journal_count("1") == 1);
    CHECK(journal_count("2") == 1);
}

TEST_CASE_METHOD(RunnerFixture,
                 "a document the source rejects is quarantined and the pass goes on") {
    document("11223344_invoice_1", "date: 2026-02-01\nreject: oioubl.totals.payable\n");
    document("11223344_invoice_2", "date: 2026-02-02\nnet: 10.00\n");
    PassSummary summary = pass();
    CHECK(summary.rejected == 1);
    CHECK(summary.delivered == 1);
    sdk::LedgerRecord rejected = record_of("11223344", "1");
    CHECK(rejected.state == State::rejected);
    CHECK(rejected.error_code == "oioubl.totals.payable");
    CHECK(rejected.error_text == "11223344_invoice_1.txt: rejected as asked");
    CHECK(journal_count("1") == 0);

    pass();
    CHECK(record_of("11223344", "1").attempts == 1);  // not read again while unchanged
}

TEST_CASE_METHOD(
    RunnerFixture,
    "a document of a kind the source did not declare is rejected and never delivered") {
    document("11223344_customer_7", "date: 2026-02-01\n");                 // listed as undeclared
    document("11223344_invoice_8", "date: 2026-02-01\nkind: customer\n");  // read as undeclared
    document("11223344_invoice_9", "date: 2026-02-02\nnet: 10.00\n");
    PassSummary summary = pass();
    CHECK(summary.rejected == 2);
    CHECK(summary.delivered == 1);

    auto pipeline = open();
    auto listed = pipeline->store().find({"11223344", sdk::DocumentKind::customer, "7"});
    REQUIRE(listed);
    CHECK(listed->state == State::rejected);
    CHECK(listed->error_code == "source.kind_undeclared");
    CHECK(listed->error_text ==
          "source-testdir gave a document of kind customer, which it does not declare (it "
          "declares invoice, credit-note); not read or delivered. The source plugin is at "
          "fault: its author must declare the kind or stop listing it");
    CHECK(listed->attempts == 0);  // never read
    sdk::LedgerRecord read = record_of("11223344", "8");
    CHECK(read.state == State::rejected);
    CHECK(read.error_code == "source.kind_undeclared");
    CHECK_THAT(ferry::testing::read_file(dir / "journal"),
               !Catch::Contains("/customer/") && !Catch::Contains("/invoice/8"));
    CHECK(journal_count("9") == 1);
    CHECK_THAT(log_text.str(), Catch::Contains("source.kind_undeclared"));

    CHECK(pass().rejected == 0);  // quarantined until the source changes it
}

TEST_CASE_METHOD(RunnerFixture,
                 "the sink's rejections and retries are recorded and retries wait their turn") {
    document("11223344_invoice_1", "date: 2026-02-01\n");
    document("11223344_invoice_2", "date: 2026-02-02\n");
    PassSummary summary = pass(", reject_numbers: [1], retry_numbers: [2]");
    CHECK(summary.rejected == 1);
    CHECK(summary.retry_later == 1);
    CHECK(record_of("11223344", "1").error_code == "recording.rejected");
    sdk::LedgerRecord waiting = record_of("11223344", "2");
    CHECK(waiting.state == State::retry_later);
    CHECK(waiting.next_attempt == now + std::chrono::minutes(1));

    pass(", retry_numbers: [2]");
    CHECK(record_of("11223344", "2").attempts == 1);  // not due yet

    now += std::chrono::minutes(2);
    pass(", retry_numbers: [2]");
    waiting = record_of("11223344", "2");
    CHECK(waiting.attempts == 2);
    CHECK(waiting.next_attempt == now + std::chrono::minutes(2));  // backs off

    now += std::chrono::minutes(5);
    pass();
    CHECK(record_of("11223344", "2").state == State::delivered);
    CHECK(record_of("11223344", "2").error_code.empty());
    CHECK(journal_count("2") == 1);
}

TEST_CASE_METHOD(RunnerFixture, "documents the source marks out of scope are recorded as skipped") {
    document("11223344_invoice_1", "date: 2025-12-31\n");
    document("11223344_invoice_2", "date: 2026-01-01\n");
    PassSummary summary = pass("", ", first_date: 2026-01-01");
    CHECK(summary.skipped == 1);
    CHECK(summary.delivered == 1);
    sdk::LedgerRecord skipped = record_of("11223344", "1");
    CHECK(skipped.state == State::skipped);
    CHECK(skipped.history.back().note == "dated before first_date 2026-01-01");
    CHECK(skipped.history.back().code == "testdir.before_first_date");
    CHECK(journal_count("1") == 0);
}

TEST_CASE_METHOD(RunnerFixture,
                 "a document the source cannot read now waits until the time the source gave") {
    document("11223344_invoice_1", "date: 2026-02-01\nretry: testdir.locked\nretry_after: 600\n");
    PassSummary summary = pass();
    CHECK(summary.retry_later == 1);
    CHECK(summary.rejected == 0);
    sdk::LedgerRecord waiting = record_of("11223344", "1");
    CHECK(waiting.state == State::retry_later);
    CHECK(waiting.error_code == "testdir.locked");
    CHECK(waiting.error_text == "11223344_invoice_1.txt: cannot be read now, as asked");
    CHECK(waiting.next_attempt == now + std::chrono::seconds(600));
    CHECK(waiting.history.back().code == "testdir.locked");

    now += std::chrono::minutes(9);
    CHECK(pass().retry_later == 0);
    CHECK(record_of("11223344", "1").attempts == 1);  // not before the source's time

    now += std::chrono::minutes(2);
    CHECK(pass().retry_later == 1);
    CHECK(record_of("11223344", "1").attempts == 2);
    CHECK(journal_count("1") == 0);
}

TEST_CASE_METHOD(RunnerFixture,
                 "a source's retry later without a time backs off as the host's retries do") {
    document("11223344_invoice_1", "date: 2026-02-01\nretry: testdir.locked\n");
    pass();
    CHECK(record_of("11223344", "1").next_attempt ==
          now + retry_backoff(record_of("11223344", "1").attempts));
    CHECK(record_of("11223344", "1").state == State::retry_later);
}

TEST_CASE_METHOD(RunnerFixture,
                 "a re-issued document is read again if rejected, never delivered twice") {
    document("11223344_invoice_1", "date: 2026-02-01\nreject: oioubl.id\n");
    document("11223344_invoice_2", "date: 2026-02-02\nnet: 1.00\n");
    pass();
    CHECK(record_of("11223344", "1").state == State::rejected);

    // The clinic fixes both files (NOVAX re-prints them: new size, new mtime).
    document("11223344_invoice_1", "date: 2026-02-01\nnet: 99.00\n");
    document("11223344_invoice_2", "date: 2026-02-02\nnet: 1000.00\n");
    PassSummary summary = pass();
    CHECK(summary.delivered == 1);
    CHECK(summary.changed_after_delivery == 1);
    CHECK(record_of("11223344", "1").state == State::delivered);
    sdk::LedgerRecord changed = record_of("11223344", "2");
    CHECK(changed.state == State::delivered);
    CHECK_FALSE(changed.changed_fingerprint.empty());
    CHECK(journal_count("2") == 1);

    summary = pass();
    CHECK(summary.changed_after_delivery == 0);  // flagged once, not on every pass
}

TEST_CASE_METHOD(RunnerFixture,
                 "after a crash between delivery and record, recovery asks the sink") {
    for (int n = 1; n <= 4; ++n)
        document("11223344_invoice_" + std::to_string(n),
                 "date: 2026-02-0" + std::to_string(n) + "\n");

    // The host dies after the first delivery reached the target, before it recorded the outcome:
    // the ledger refuses that record as a dead host would never write it. One document in
    // flight: only it is left in intent.
    host_settings = "in_flight: 1\n";
    CHECK_THROWS(pass("", "", ", refuse_saves_in: delivered"));
    sdk::LedgerRecord interrupted = record_of("11223344", "1");
    CHECK(interrupted.state == State::intent);
    CHECK(journal_count("1") == 1);

    PassSummary summary = pass();
    CHECK(summary.recovered == 1);
    CHECK(summary.delivered == 4);  // 1 recovered, 2 to 4 delivered
    sdk::LedgerRecord recovered = record_of("11223344", "1");
    CHECK(recovered.state == State::delivered);
    CHECK(states(recovered) == std::vector{State::intent, State::delivered});
    CHECK_THAT(recovered.history.back().note,
               Catch::StartsWith("recovered: the target already holds it"));
    for (const char* number : {"1", "2", "3", "4"}) {
        INFO(number);
        CHECK(journal_count(number) == 1);
    }
}

TEST_CASE_METHOD(RunnerFixture, "an intent the target knows nothing of is delivered again, once") {
    document("11223344_invoice_7", "date: 2026-02-01\n");
    {
        auto pipeline = open();
        sdk::LedgerRecord record;
        record.key = {"11223344", sdk::DocumentKind::invoice, "7"};
        record.attempts = 1;
        transition(record, State::intent, now, "attempt 1");
        pipeline->store().save(record);
    }
    PassSummary summary = pass();
    CHECK(summary.recovered == 1);
    CHECK(summary.delivered == 1);
    sdk::LedgerRecord record = record_of("11223344", "7");
    CHECK(states(record) ==
          std::vector{State::intent, State::seen, State::intent, State::delivered});
    CHECK(record.attempts == 2);
    CHECK(journal_count("7") == 1);
}

TEST_CASE_METHOD(RunnerFixture,
                 "an intent whose target cannot be asked stays in intent and nothing is sent") {
    document("11223344_invoice_7", "date: 2026-02-01\n");
    {
        auto pipeline = open();
        sdk::LedgerRecord record;
        record.key = {"11223344", sdk::DocumentKind::invoice, "7"};
        record.attempts = 1;
        transition(record, State::intent, now, "attempt 1");
        pipeline->store().save(record);
    }
    PassSummary blind = pass(", find_fails: true");
    CHECK(blind.unresolved == 1);
    CHECK(blind.recovered == 0);
    CHECK(blind.delivered == 0);
    CHECK(record_of("11223344", "7").state == State::intent);
    CHECK(journal_count("7") == 0);
    CHECK_THAT(log_text.str(),
               Catch::Contains("recovery.failed") &&
                   Catch::Contains("recording.unreadable: cannot read the journal"));

    PassSummary answered = pass();
    CHECK(answered.recovered == 1);
    CHECK(answered.delivered == 1);
    CHECK(journal_count("7") == 1);
}

TEST_CASE_METHOD(RunnerFixture, "a stop request ends the pass between documents") {
    document("11223344_invoice_1", "date: 2026-02-01\n");
    stop.request();
    PassSummary summary = pass();
    CHECK(summary.stopped);
    CHECK(summary.delivered == 0);
}

TEST_CASE_METHOD(RunnerFixture, "neither the ledger nor the log holds the customer's name or CPR") {
    document("11223344_invoice_1",
             "date: 2026-02-01\ncustomer: Jens Hansen\ncpr: 0101701234\nnet: 5.00\n");
    document("11223344_invoice_2",
             "date: 2026-02-01\ncustomer: Jens Hansen\ncpr: 0101701234\nreject: x.y\n");
    pass();
    std::string everything = at_rest();
    CHECK_THAT(everything, Catch::Contains("11223344/invoice/1"));
    CHECK_THAT(everything, !Catch::Contains("Jens") && !Catch::Contains("Hansen") &&
                               !Catch::Contains("0101701234"));
}

TEST_CASE_METHOD(RunnerFixture, "a sink's own error code is recorded as it threw it") {
    document("11223344_invoice_1", "date: 2026-02-01\n");
    PassSummary summary = pass(", fail_numbers: [1], fail_by: sdk_error");
    CHECK(summary.retry_later == 1);
    sdk::LedgerRecord record = record_of("11223344", "1");
    CHECK(record.state == State::retry_later);
    CHECK(record.error_code == "recording.customer");
    CHECK_THAT(log_text.str(), Catch::Contains("document.retry_later") &&
                                   Catch::Contains("recording.customer: customer"));
}

TEST_CASE_METHOD(RunnerFixture,
                 "throw 42 from deliver is a retry later and the next attempt delivers once") {
    document("11223344_invoice_1", "date: 2026-02-01\n");
    document("11223344_invoice_2", "date: 2026-02-02\n");
    // Each delivery reaches the target, then the sink throws what is no exception type at all.
    PassSummary thrown = pass(", die_after: 1, die_by: throw");
    CHECK(thrown.retry_later == 2);
    sdk::LedgerRecord record = record_of("11223344", "1");
    CHECK(record.state == State::retry_later);
    CHECK(record.error_code == "plugin.exception");
    CHECK_THAT(record.error_text, Catch::StartsWith("sink-recording: deliver() threw int"));

    now += std::chrono::minutes(5);
    PassSummary retried = pass();
    CHECK(retried.delivered == 2);
    CHECK(journal_count("1") == 1);
    CHECK(journal_count("2") == 1);
}

TEST_CASE_METHOD(RunnerFixture,
                 "a sink's words quoting the customer reach neither ledger nor log") {
    std::string fail_by =
        GENERATE(as<std::string>{}, "rejection", "retry", "sdk_error", "runtime_error");
    INFO("fail_by: " << fail_by);
    document("11223344_invoice_1",
             "date: 2026-02-01\ncustomer: Jens Hansen\ncpr: 0101701234\nstreet: Privatvej 17\n");
    pass(", fail_numbers: [1], fail_by: " + fail_by);
    sdk::LedgerRecord record = record_of("11223344", "1");
    CHECK(record.state == (fail_by == "rejection" ? State::rejected : State::retry_later));
    std::string everything = at_rest();
    CHECK_THAT(everything, Catch::Contains("11223344/invoice/1"));
    CHECK_THAT(everything, !Catch::Contains("Jens") && !Catch::Contains("Hansen") &&
                               !Catch::Contains("Privatvej") && !Catch::Contains("0101701234"));
    if (fail_by == "runtime_error")
        CHECK_THAT(record.error_text, Catch::Contains("threw std::runtime_error") &&
                                          Catch::Contains("text is withheld"));
    else
        CHECK(record.error_text ==
              "customer [personal data removed] of [personal data removed] "
              "(CPR [personal data removed]) refused");
}

TEST_CASE("the progress bar shows how far, how fast and how long to go") {
    using namespace std::chrono;
    CHECK(Progress::bar(523, 10000, seconds(42)) ==
          "[#...................]   523/10000  12.5 docs/s  ETA 12m41s");
    CHECK(Progress::bar(10000, 10000, seconds(100)) ==
          "[####################] 10000/10000  100.0 docs/s  ETA 0s");
    CHECK(Progress::bar(0, 10, seconds(1)) == "[....................]  0/10  0.0 docs/s  ETA ?");
}

TEST_CASE_METHOD(RunnerFixture, "the runner reports progress after every listed document") {
    document("11223344_invoice_1", "date: 2026-02-01\n");
    document("11223344_invoice_2", "date: 2026-02-02\n");
    auto pipeline = open();
    Runner runner(pipeline->parts(), pipeline->services());
    std::vector<std::pair<std::size_t, std::size_t>> reports;
    runner.on_progress(
        [&](std::size_t done, std::size_t total) { reports.emplace_back(done, total); });
    runner.run_pass();
    CHECK(reports == std::vector<std::pair<std::size_t, std::size_t>>{{1, 2}, {2, 2}});
}
