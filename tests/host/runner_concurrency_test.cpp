// Several documents in flight: the bound per company, companies side by side, order at
// in_flight 1, a stop and a crash with documents in flight.
#include <numeric>

#include "runner_fixture.hpp"

using namespace ferry;
using namespace ferry::testing;
using sdk::State;
namespace fs = std::filesystem;

namespace {

// The most deliveries sink-recording saw in flight at once, from its log.
int most_in_flight(const std::string& log) {
    int most = 0;
    std::istringstream lines(log);
    for (std::string line; std::getline(lines, line);)
        if (auto at = line.find("recording.in_flight "); at != std::string::npos)
            most = std::max(most, std::stoi(line.substr(line.rfind(' ') + 1)));
    return most;
}

}  // namespace

TEST_CASE_METHOD(
    RunnerFixture,
    "several documents of a company are in flight at once and each is delivered once") {
    for (int n = 1; n <= 24; ++n)
        document("11223344_invoice_" + std::to_string(n), "date: 2026-02-01\nnet: 10.00\n");
    host_settings = "in_flight: 4\n";
    auto pipeline = open(", deliver_delay: 30ms");
    Runner runner(pipeline->parts(), pipeline->services());
    std::vector<std::size_t> reported;
    runner.on_progress([&](std::size_t done, std::size_t) { reported.push_back(done); });
    PassSummary summary = runner.run_pass();
    CHECK(summary.delivered == 24);
    // A sink that takes concurrent deliveries gets the pipeline's in_flight, never more.
    CHECK(most_in_flight(log_text.str()) == 4);
    for (int n = 1; n <= 24; ++n) {
        CHECK(journal_count(std::to_string(n)) == 1);
        auto record =
            pipeline->store().find({"11223344", sdk::DocumentKind::invoice, std::to_string(n)});
        REQUIRE(record);
        CHECK(states(*record) == std::vector{State::intent, State::delivered});
    }
    // Progress is told one document at a time, counting up.
    std::vector<std::size_t> counting(24);
    std::iota(counting.begin(), counting.end(), 1);
    CHECK(reported == counting);
}

TEST_CASE_METHOD(RunnerFixture, "companies are served side by side each with its own in_flight") {
    for (int n = 1; n <= 6; ++n) {
        document("11223344_invoice_" + std::to_string(n), "date: 2026-02-01\nnet: 10.00\n");
        document("55667788_invoice_" + std::to_string(n), "date: 2026-02-01\nnet: 10.00\n");
    }
    host_settings = "in_flight: 2\n";
    PassSummary summary = pass(", deliver_delay: 50ms");
    CHECK(summary.delivered == 12);
    // Two of each company at once: four, though one company alone may have only two.
    CHECK(most_in_flight(log_text.str()) == 4);
}

TEST_CASE_METHOD(RunnerFixture, "in_flight 1 delivers a company's documents in number order") {
    for (int n = 1; n <= 12; ++n)
        document("11223344_invoice_" + std::to_string(n), "date: 2026-02-01\nnet: 10.00\n");
    host_settings = "in_flight: 1\n";
    PassSummary summary = pass(", deliver_delay: 5ms");
    CHECK(summary.delivered == 12);
    CHECK(most_in_flight(log_text.str()) == 1);
    std::istringstream journal(ferry::testing::read_file(dir / "journal"));
    std::vector<std::string> numbers;
    for (std::string line; std::getline(journal, line);)
        numbers.push_back(line.substr(line.find('\t') + 1, line.rfind('\t') - line.find('\t') - 1));
    std::vector<std::string> in_order;
    for (int n = 1; n <= 12; ++n)
        in_order.push_back(std::to_string(n));
    CHECK(numbers == in_order);
}

TEST_CASE_METHOD(
    RunnerFixture,
    "a stop request while documents are in flight lets them finish and starts no more") {
    for (int n = 1; n <= 40; ++n)
        document("11223344_invoice_" + std::to_string(n), "date: 2026-02-01\nnet: 10.00\n");
    host_settings = "in_flight: 4\n";
    auto pipeline = open(", deliver_delay: 20ms");
    Runner runner(pipeline->parts(), pipeline->services());
    runner.on_progress([&](std::size_t done, std::size_t) {
        if (done == 6)
            stop.request();
    });
    PassSummary summary = runner.run_pass();
    CHECK(summary.stopped);
    // Those in flight when the stop came finish and are recorded; none is left in intent.
    CHECK(summary.delivered >= 6);
    CHECK(summary.delivered <= 6 + 4);
    std::size_t intents = 0, delivered = 0;
    pipeline->store().scan([&](const sdk::LedgerRecord& record) {
        intents += record.state == State::intent;
        delivered += record.state == State::delivered;
        return true;
    });
    CHECK(intents == 0);
    CHECK(delivered == summary.delivered);
}

TEST_CASE_METHOD(
    RunnerFixture,
    "a crash with several in flight leaves at most those in intent and each is resolved") {
    for (int n = 1; n <= 12; ++n)
        document("11223344_invoice_" + std::to_string(n), "date: 2026-02-01\nnet: 10.00\n");
    host_settings = "in_flight: 4\n";
    // Every delivery reaches the target and none is recorded: the host dies with its documents
    // in flight, and starts no more once the first record fails.
    CHECK_THROWS(pass(", deliver_delay: 20ms", "", ", refuse_saves_in: delivered"));
    std::size_t intents = 0;
    open()->store().scan([&](const sdk::LedgerRecord& record) {
        intents += record.state == State::intent;
        return true;
    });
    CHECK(intents >= 1);
    CHECK(intents <= 4);

    PassSummary summary = pass();
    CHECK(summary.recovered == intents);
    CHECK(summary.delivered == 12);
    for (int n = 1; n <= 12; ++n)
        CHECK(journal_count(std::to_string(n)) == 1);
}
