// What e-conomic does wrong: rate limits, server errors, lost answers, refused tokens.
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
    EconomicSink sink{sink_settings(emulator.url(), {{clinic_cvr, clinic_grant, {}}}), host};
};

void require_delivered(const Delivery& delivery) {
    INFO(delivery.problem.code << ": " << delivery.problem.message);
    REQUIRE(delivery.status == Delivery::Status::delivered);
}

}  // namespace

TEST_CASE_METHOD(Fixture, "a 429 pauses the company for Retry-After and then it continues") {
    require_delivered(Ledger{}.deliver(sink, business_invoice("1")));
    // Now 2 tokens per 4 s, and another app of the agreement spends them: the sink's copy of
    // the bucket cannot know, so its next request is answered 429 with Retry-After 2.
    emulator.rate_limit({{"tokenLimit", 2},
                         {"windowSeconds", 4},
                         {"costRead", 1},
                         {"costWrite", 1},
                         {"costBook", 1}});
    emulator.get(clinic_grant, "/layouts");
    emulator.get(clinic_grant, "/layouts");
    auto document = business_invoice("2");
    auto delivery = Ledger{}.deliver(sink, document);
    INFO(host.all_messages());
    require_delivered(delivery);
    CHECK(host.logged("economic.rate_limited"));
    CHECK(emulator.stats()["rateLimited"] == 1);
    CHECK(booked_with(emulator.state(clinic_grant), reference_of(document)).size() == 1);
}

TEST_CASE_METHOD(Fixture, "500 and 503 are retried with backoff") {
    emulator.faults({{"failNext", 2}, {"failStatus", 503}});
    auto document = business_invoice("1");
    auto delivery = Ledger{}.deliver(sink, document);
    REQUIRE(delivery.status == Delivery::Status::delivered);
    CHECK(host.logged("economic.retrying"));

    emulator.faults({{"failNext", 1}, {"failStatus", 500}});
    REQUIRE(Ledger{}.deliver(sink, business_invoice("2")).status == Delivery::Status::delivered);
}

TEST_CASE_METHOD(Fixture, "a server that keeps failing leaves the document for the next pass") {
    emulator.faults({{"failNext", 50}, {"failStatus", 503}});
    auto delivery = Ledger{}.deliver(sink, business_invoice("1"));
    REQUIRE(delivery.status == Delivery::Status::retry_later);
    CHECK(delivery.problem.code == "economic.unavailable");
    CHECK_THAT(delivery.problem.message, Catch::Contains("11223344/invoice/1"));
    CHECK_THAT(delivery.problem.message, Catch::Contains("503"));
}

TEST_CASE_METHOD(Fixture, "a booking whose answer is lost is not booked twice") {
    // cpprest itself re-sends once, with the same Idempotency-Key, when a reused connection
    // drops; e-conomic's replay of the booking answers it.
    emulator.faults({{"loseNext", 1}, {"method", "POST"}, {"pathPrefix", "/invoices/booked"}});
    auto document = business_invoice("1");
    Ledger ledger;
    auto delivery = ledger.deliver(sink, document);
    INFO(host.all_messages());
    REQUIRE(delivery.status == Delivery::Status::delivered);
    auto state = emulator.state(clinic_grant);
    CHECK(booked_with(state, reference_of(document)).size() == 1);
    CHECK(state["booked"].size() == 1);
    CHECK(state["drafts"].empty());
    CHECK(emulator.faults()["loseNext"] == 0);
    // The emulator dropped the kept-alive connection after booking, so cpprest sent the booking
    // a second time by itself: that must not pass unseen.
    CHECK(host.counted("sink_requests_resent_total") == 1);
    CHECK(host.logged("economic.request_resent"));
    CHECK_THAT(host.all_messages(), Catch::Contains("POST /invoices/booked was sent 2 times"));
}

TEST_CASE_METHOD(Fixture, "requests sent once are not counted as re-sent") {
    auto delivery = Ledger{}.deliver(sink, business_invoice("1"));
    require_delivered(delivery);
    CHECK(host.counted("sink_requests_total") >= 3);
    CHECK(host.counted("sink_requests_resent_total") == 0);
    CHECK_FALSE(host.logged("economic.request_resent"));
}

TEST_CASE("a booking that never gets an answer is found by its reference and not booked again") {
    EmulatorProcess emulator{{{clinic_grant, clinic_cvr}}};
    TestHost host;
    EconomicSink sink{sink_settings(emulator.url(), {{clinic_cvr, clinic_grant, {}}}, {},
                                    {{"request_timeout", "1s"}, {"max_attempts", "2"}}),
                      host};
    // e-conomic books, then answers too late, every time: only the look-up can tell.
    emulator.faults({{"latencyMs", 1500}, {"method", "POST"}, {"pathPrefix", "/invoices/booked"}});
    auto document = business_invoice("1");
    auto delivery = Ledger{}.deliver(sink, document);
    INFO(host.all_messages());
    REQUIRE(delivery.status == Delivery::Status::delivered);
    CHECK(host.logged("economic.retrying"));
    auto state = emulator.state(clinic_grant);
    REQUIRE(booked_with(state, reference_of(document)).size() == 1);
    CHECK(std::to_string(
              booked_with(state, reference_of(document))[0]["bookedInvoiceNumber"].get<int>()) ==
          delivery.target["booked"]);
    CHECK(state["booked"].size() == 1);
}

TEST_CASE_METHOD(Fixture, "a draft whose answer is lost is not created twice") {
    emulator.faults({{"loseNext", 1}, {"method", "POST"}, {"pathPrefix", "/invoices/drafts"}});
    auto document = business_invoice("1");
    auto delivery = Ledger{}.deliver(sink, document);
    REQUIRE(delivery.status == Delivery::Status::delivered);
    auto state = emulator.state(clinic_grant);
    CHECK(state["booked"].size() == 1);
    CHECK(state["drafts"].empty());
    CHECK(emulator.faults()["loseNext"] == 0);
}

TEST_CASE("a refused token stops the company with a message about the grant") {
    EmulatorProcess emulator{{{clinic_grant, clinic_cvr}, {"grant-other", "55667788"}}};
    TestHost host;
    EconomicSink sink{sink_settings(emulator.url(), {{clinic_cvr, "revoked-grant", {}},
                                                     {"55667788", "grant-other", {}}}),
                      host};
    auto delivery = Ledger{}.deliver(sink, business_invoice("1"));
    REQUIRE(delivery.status == Delivery::Status::retry_later);
    CHECK(delivery.problem.code == "economic.unauthorized");
    CHECK_THAT(delivery.problem.message, Catch::Contains("agreement_grant_token"));
    CHECK_THAT(delivery.problem.message, Catch::Contains("11223344"));
    CHECK_THAT(delivery.problem.message, !Catch::Contains("revoked-grant"));
    CHECK(delivery.retry_after.has_value());
    CHECK(host.logged("economic.company_paused"));

    // The rest of the pass for that company sends nothing; other companies carry on.
    auto second = Ledger{}.deliver(sink, business_invoice("2"));
    CHECK(second.problem.code == "economic.unauthorized");
    auto other = business_invoice("3");
    other.key.company = other.supplier.cvr = "55667788";
    REQUIRE(Ledger{}.deliver(sink, other).status == Delivery::Status::delivered);
}
