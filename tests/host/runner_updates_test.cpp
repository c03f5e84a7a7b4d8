// A document of a kind that follows its source (a customer, an accounting period) changed after
// delivery is delivered again as an update, and an interrupted update is delivered again, never
// taken as done; an invoice re-issued after delivery is still only shown to a person.
#include <sys/stat.h>

#include "runner_fixture.hpp"

using namespace ferry;
using namespace ferry::testing;
using sdk::DocumentKind;
using sdk::State;

namespace {

struct CustomerRegister : RunnerFixture {
    CustomerRegister() {
        source_plugin = "source-testdir-customers";
        sink_plugin = "sink-recording-customers";
    }
    // Customer 7 at `version`: its content changes, and so do its size and modification time.
    void customer(int version) {
        document("11223344_customer_7",
                 "date: 2026-02-01\ncustomer: Nyborg Klinik ApS\nnet: " + std::to_string(version) +
                     ".00\nnote: " + std::string(static_cast<std::size_t>(version), 'v') + "\n");
        now += std::chrono::minutes(1);
    }
    std::size_t deliveries() { return journal_count("7", DocumentKind::customer); }
    // The fingerprint source-testdir lists customer 7 with now: its size and modification time.
    std::string listed_fingerprint() {
        struct stat info {};
        ::stat((dir / "inbox/11223344_customer_7.txt").c_str(), &info);
        return std::to_string(info.st_size) + "-" + std::to_string(info.st_mtim.tv_sec) + "." +
               std::to_string(info.st_mtim.tv_nsec);
    }
    sdk::LedgerRecord record() { return record_of("11223344", "7", DocumentKind::customer); }
};

}  // namespace

TEST_CASE_METHOD(CustomerRegister,
                 "a customer changed after delivery is delivered again as an update") {
    customer(1);
    REQUIRE(pass().delivered == 1);
    std::string first = record().fingerprint;

    customer(2);
    PassSummary summary = pass();
    CHECK(summary.delivered == 1);
    CHECK(summary.changed_after_delivery == 0);
    CHECK(deliveries() == 2);
    sdk::LedgerRecord updated = record();
    CHECK(updated.state == State::delivered);
    CHECK(updated.fingerprint != first);
    CHECK(updated.changed_fingerprint.empty());
    CHECK(updated.attempts == 2);
    CHECK(states(updated) ==
          std::vector{State::intent, State::delivered, State::intent, State::delivered});
    CHECK_THAT(updated.history[2].note, Catch::Contains("an update"));
    CHECK_THAT(log_text.str(), Catch::Contains("document.update"));

    // Unchanged, it is left alone.
    CHECK(pass().delivered == 0);
    CHECK(deliveries() == 2);
}

TEST_CASE_METHOD(CustomerRegister, "an interrupted update is delivered again, not taken as done") {
    customer(1);
    REQUIRE(pass().delivered == 1);
    // The host died with the update's intent recorded, before the target had the new version:
    // the sink still holds version 1 under the reference and would say "delivered".
    customer(2);
    {
        auto pipeline = open();
        sdk::LedgerRecord interrupted = record();
        interrupted.attempts += 1;
        interrupted.fingerprint = listed_fingerprint();
        transition(interrupted, State::intent, now, "attempt 2: an update");
        pipeline->store().save(interrupted);
    }
    PassSummary summary = pass();
    CHECK(summary.recovered == 1);
    CHECK(summary.delivered == 1);
    CHECK(deliveries() == 2);  // version 2 reached the target
    sdk::LedgerRecord recovered = record();
    CHECK(recovered.state == State::delivered);
    CHECK_THAT(recovered.history[3].note, Catch::Contains("an interrupted update"));
}

TEST_CASE_METHOD(CustomerRegister,
                 "an update cut short after the target took it is not sent twice") {
    customer(1);
    REQUIRE(pass().delivered == 1);
    customer(2);
    CHECK_THROWS(pass("", "", ", refuse_saves_in: delivered"));  // dies before recording
    CHECK(record().state == State::intent);
    CHECK(deliveries() == 2);
    PassSummary summary = pass();
    CHECK(summary.delivered == 1);
    CHECK(deliveries() == 2);  // delivered again: the sink already held version 2
    CHECK(record().state == State::delivered);
}

TEST_CASE_METHOD(RunnerFixture, "an invoice re-issued after delivery is still only flagged") {
    document("11223344_invoice_1", "date: 2026-02-01\nnet: 1.00\n");
    REQUIRE(pass().delivered == 1);
    now += std::chrono::minutes(1);
    document("11223344_invoice_1", "date: 2026-02-01\nnet: 2.00\n");
    PassSummary summary = pass();
    CHECK(summary.delivered == 0);
    CHECK(summary.changed_after_delivery == 1);
    CHECK(journal_count("1") == 1);
}
