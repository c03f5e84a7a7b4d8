// Documents dated where e-conomic books nothing, against the real emulator: rejected with
// economic.period_closed naming the date and the period, or, with closed_period:
// first_open_date, booked on the first open date with the document's own date in the notes.
#include <catch2/catch.hpp>

#include "test_support.hpp"

using namespace ferry::testing;
using ferry::economic::EconomicSink;
using ferry::economic::Json;
using ferry::sdk::Delivery;

namespace {

struct Fixture {
    EmulatorProcess emulator{{{clinic_grant, clinic_cvr}}};
    TestHost host;

    EconomicSink sink(const std::string& closed_period,
                      const std::map<std::string, std::string>& top = {}) {
        return EconomicSink{sink_settings(emulator.url(), {{clinic_cvr, clinic_grant, {}}},
                                          {{"closed_period", closed_period}}, top),
                            host};
    }
    void close(const Json& change) { emulator.accounting_period(clinic_grant, change); }
    std::int64_t posted_drafts() {
        return emulator.stats()["byRoute"].value("POST /invoices/drafts", std::int64_t(0));
    }
    Json booked_invoice(const Delivery& delivery) {
        return emulator.get(clinic_grant, "/invoices/booked/" + delivery.target.at("booked"));
    }
};

void require_rejected_as_closed(const Delivery& delivery) {
    INFO(delivery.problem.code << ": " << delivery.problem.message);
    REQUIRE(delivery.status == Delivery::Status::rejected);
    CHECK(delivery.problem.code == "economic.period_closed");
}

void require_delivered(const Delivery& delivery) {
    INFO(delivery.problem.code << ": " << delivery.problem.message);
    REQUIRE(delivery.status == Delivery::Status::delivered);
}

}  // namespace

TEST_CASE_METHOD(Fixture, "a document dated in a closed period is rejected naming the period") {
    auto sink = this->sink("reject");
    close({{"year", "2026"}, {"period", 3}, {"closed", true}});
    Delivery delivery = Ledger{}.deliver(sink, business_invoice("1042"));
    require_rejected_as_closed(delivery);
    const std::string& message = delivery.problem.message;
    CHECK_THAT(message, Catch::Contains("document 11223344/invoice/1042"));
    CHECK_THAT(message, Catch::Contains("dated 2026-03-01"));
    CHECK_THAT(message, Catch::Contains("2026 period 3 (2026-03-01..2026-03-31)"));
    CHECK_THAT(message, Catch::Contains("`ferry retry`"));
    CHECK_THAT(message, Catch::Contains("closed_period: first_open_date"));
    CHECK(emulator.state(clinic_grant)["drafts"].empty());

    // The next one in the same period is rejected from what was read, without a refused POST.
    std::int64_t posted = posted_drafts();
    require_rejected_as_closed(Ledger{}.deliver(sink, business_invoice("1043")));
    CHECK(posted_drafts() == posted);
    CHECK(emulator.state(clinic_grant)["booked"].empty());
}

TEST_CASE_METHOD(Fixture, "a document rejected for its period is delivered once it is reopened") {
    auto sink = this->sink("reject", {{"index_fresh", "0s"}});
    close({{"year", "2026"}, {"period", 3}, {"closed", true}});
    Ledger ledger;
    require_rejected_as_closed(ledger.deliver(sink, business_invoice("1042")));
    close({{"year", "2026"}, {"period", 3}, {"closed", false}});
    Delivery delivery = ledger.deliver(sink, business_invoice("1042"));
    require_delivered(delivery);
    CHECK(booked_invoice(delivery)["date"] == "2026-03-01");
}

TEST_CASE_METHOD(Fixture, "e-conomic's E04041 for a period it lists as open is a rejection") {
    auto sink = this->sink("reject");
    close({{"year", "2026"}, {"period", 3}, {"barred", true}});
    Delivery delivery = Ledger{}.deliver(sink, business_invoice("1042"));
    require_rejected_as_closed(delivery);
    CHECK_THAT(delivery.problem.message, Catch::Contains("2026 period 3 (2026-03-01..2026-03-31)"));
    CHECK_THAT(delivery.problem.message, Catch::Contains("lists the period as open"));
}

TEST_CASE_METHOD(Fixture, "a document dated after the last accounting year is rejected") {
    auto sink = this->sink("reject");
    auto document = business_invoice("1042");
    document.issue_date = {2040, 1, 2};
    Delivery delivery = Ledger{}.deliver(sink, document);
    require_rejected_as_closed(delivery);
    CHECK_THAT(delivery.problem.message, Catch::Contains("dated 2040-01-02"));
    CHECK_THAT(delivery.problem.message,
               Catch::Contains("no accounting year (the last ended 2035-12-31)"));
    CHECK_THAT(delivery.problem.message, Catch::Contains("create the accounting year"));
}

TEST_CASE_METHOD(Fixture, "first_open_date books on the first open date with the date in notes") {
    auto sink = this->sink("first_open_date");
    close({{"year", "2026"}, {"period", 3}, {"closed", true}});
    auto document = patient_invoice("1042");
    document.issue_date = {2026, 3, 14};
    Delivery delivery = Ledger{}.deliver(sink, document);
    require_delivered(delivery);
    CHECK(delivery.target.at("date") == "2026-04-01");
    Json booked = booked_invoice(delivery);
    CHECK(booked["date"] == "2026-04-01");
    std::string notes = booked["notes"].value("textLine1", "");
    CHECK_THAT(notes, Catch::StartsWith("Fakturadato 2026-03-14, bogført 2026-04-01"));
    CHECK_THAT(notes, Catch::Contains("CPR-nr. 010180-1234"));
    CHECK(host.logged("economic.period_closed.redated"));
    CHECK_THAT(host.all_messages(), Catch::Contains("2026 period 3 (2026-03-01..2026-03-31)"));

    SECTION("a document in an open period keeps its date and notes") {
        auto open = business_invoice("1043");
        open.issue_date = {2026, 2, 27};
        Delivery kept = Ledger{}.deliver(sink, open);
        require_delivered(kept);
        CHECK_FALSE(kept.target.count("date"));
        CHECK(booked_invoice(kept)["date"] == "2026-02-27");
        CHECK_FALSE(booked_invoice(kept)["notes"].contains("textLine1"));
    }
}

TEST_CASE_METHOD(Fixture, "first_open_date steps over periods e-conomic refuses but lists open") {
    auto sink = this->sink("first_open_date");
    close({{"year", "2026"}, {"period", 3}, {"barred", true}});
    close({{"year", "2026"}, {"period", 4}, {"barred", true}});
    Delivery delivery = Ledger{}.deliver(sink, business_invoice("1042"));
    require_delivered(delivery);
    CHECK(booked_invoice(delivery)["date"] == "2026-05-01");
    CHECK(emulator.state(clinic_grant)["booked"].size() == 1);
}

TEST_CASE_METHOD(Fixture, "first_open_date rejects when no later date is open") {
    auto sink = this->sink("first_open_date");
    auto document = business_invoice("1042");
    document.issue_date = {2035, 12, 31};
    close({{"year", "2035"}, {"closed", true}});
    Delivery delivery = Ledger{}.deliver(sink, document);
    require_rejected_as_closed(delivery);
    CHECK_THAT(delivery.problem.message, Catch::Contains("accounting year 2035"));
    CHECK_THAT(delivery.problem.message, Catch::Contains("no open date after it"));
}

TEST_CASE_METHOD(Fixture, "closed_periods names each company's closed periods and years") {
    auto sink = this->sink("reject");
    close({{"year", "2026"}, {"period", 3}, {"closed", true}});
    close({{"year", "2025"}, {"closed", true}});
    auto closed = sink.closed_periods();
    REQUIRE(closed);
    std::vector<std::string> seen;
    for (const auto& period : closed.value()) {
        CHECK(period.company == clinic_cvr);
        seen.push_back(period.name + " " + period.from.to_string() + ".." + period.to.to_string());
    }
    CHECK_THAT(seen, Catch::VectorContains(std::string("2026 period 3 2026-03-01..2026-03-31")));
    CHECK_THAT(seen,
               Catch::VectorContains(std::string("accounting year 2025 2025-01-01..2025-12-31")));
    CHECK_THAT(seen,
               Catch::VectorContains(std::string("no accounting year 2036-01-01..9999-12-31")));
    CHECK(seen.size() == 4);  // with the dates before the first year
}
