// What a backlog costs in requests, counted by the emulator (counts, never times): customers and
// products are read in bulk and remembered, each new one is created once, and the rate budget
// read from X-RateLimiting keeps the company out of 429s.
#include <catch2/catch.hpp>

#include "test_support.hpp"

using namespace ferry::testing;
using ferry::economic::EconomicSink;
using ferry::economic::Json;
using ferry::sdk::Delivery;

namespace {

void require_delivered(const Delivery& delivery) {
    INFO(delivery.problem.code << ": " << delivery.problem.message);
    REQUIRE(delivery.status == Delivery::Status::delivered);
}

std::int64_t count_of(const Json& stats, const std::string& route) {
    return stats["byRoute"].value(route, std::int64_t(0));
}

}  // namespace

TEST_CASE("a new customer is created once for 50 invoices and known ones cost no look-up") {
    EmulatorProcess emulator{{{clinic_grant, clinic_cvr}}};
    TestHost host;
    EconomicSink sink{sink_settings(emulator.url(), {{clinic_cvr, clinic_grant, {}}}), host};
    // The first invoice reads reference data, customers and products once.
    require_delivered(Ledger{}.deliver(sink, business_invoice("1", "10000001")));
    Json before = emulator.stats();
    CHECK(count_of(before, "GET /customers") == 1);
    CHECK(count_of(before, "GET /products") == 1);

    for (int n = 0; n < 50; ++n)
        require_delivered(Ledger{}.deliver(sink, business_invoice(std::to_string(100 + n))));
    Json after = emulator.stats();
    CHECK(after["requests"].get<int>() - before["requests"].get<int>() == 50 * 2 + 1);
    CHECK(count_of(after, "POST /customers") - count_of(before, "POST /customers") == 1);
    CHECK(count_of(after, "GET /customers") == 1);
    CHECK(count_of(after, "POST /products") == 1);

    // Known customers, by CVR and by EAN: two requests an invoice, nothing else.
    auto by_ean = business_invoice("200", "");
    by_ean.customer.ean = "5790000123456";
    require_delivered(Ledger{}.deliver(sink, by_ean));
    Json known = emulator.stats();
    for (int n = 0; n < 10; ++n) {
        auto document = n % 2 ? business_invoice(std::to_string(300 + n), "10000001")
                              : business_invoice(std::to_string(300 + n), "");
        if (n % 2 == 0)
            document.customer.ean = "5790000123456";
        require_delivered(Ledger{}.deliver(sink, document));
    }
    Json last = emulator.stats();
    CHECK(last["requests"].get<int>() - known["requests"].get<int>() == 10 * 2);
    CHECK(emulator.state(clinic_grant)["booked"].size() == 62);
    CHECK(emulator.state(clinic_grant)["counts"]["customers"] == 3);
}

TEST_CASE("patients share one collective customer created once") {
    EmulatorProcess emulator{{{clinic_grant, clinic_cvr}}};
    TestHost host;
    EconomicSink sink{sink_settings(emulator.url(), {{clinic_cvr, clinic_grant, {}}}), host};
    for (int n = 0; n < 20; ++n)
        require_delivered(Ledger{}.deliver(sink, patient_invoice(std::to_string(n + 1))));
    Json stats = emulator.stats();
    CHECK(count_of(stats, "POST /customers") == 1);
    CHECK(count_of(stats, "GET /customers") == 1);
    CHECK(count_of(stats, "GET /customers/{n}") == 0);
    CHECK(count_of(stats, "POST /invoices/drafts") == 20);
    CHECK(count_of(stats, "POST /invoices/booked") == 20);
}

TEST_CASE("customers and products made by hand after the index was read are used, not copied") {
    EmulatorProcess emulator{{{clinic_grant, clinic_cvr}}};
    TestHost host;
    // An index is re-read before creating as soon as it is older than this: here at once.
    EconomicSink sink{sink_settings(emulator.url(), {{clinic_cvr, clinic_grant, {}}}, {},
                                    {{"index_fresh", "0s"}}),
                      host};
    require_delivered(Ledger{}.deliver(sink, business_invoice("1", "10000001")));
    Json customer = emulator.post(clinic_grant, "/customers",
                                  {{"name", "Hand ApS"},
                                   {"corporateIdentificationNumber", "10000002"},
                                   {"currency", "DKK"},
                                   {"customerGroup", {{"customerGroupNumber", 1}}},
                                   {"paymentTerms", {{"paymentTermsNumber", 1}}},
                                   {"vatZone", {{"vatZoneNumber", 1}}}});
    emulator.post(clinic_grant, "/products",
                  {{"productNumber", "HAND"},
                   {"name", "By hand"},
                   {"productGroup", {{"productGroupNumber", 1}}}});
    Json before = emulator.stats();
    auto document = business_invoice("2", "10000002");
    document.lines = {line("HAND", "2", "100.00", "200.00")};
    require_delivered(Ledger{}.deliver(sink, document));
    Json after = emulator.stats();
    CHECK(count_of(after, "POST /customers") == count_of(before, "POST /customers"));
    CHECK(count_of(after, "POST /products") == count_of(before, "POST /products"));
    Json booked = booked_with(emulator.state(clinic_grant), reference_of(document)).at(0);
    CHECK(booked["customer"]["customerNumber"] == customer["customerNumber"]);
}

TEST_CASE("a backlog under a tight rate limit spends the budget without a single 429") {
    // 100 tokens a second, 300 at most: a draft costs 5, a booking 10, so 40 invoices need
    // about three seconds beyond the first full bucket.
    EmulatorProcess emulator{{{clinic_grant, clinic_cvr}}, {"--rate-limit", "300/3"}};
    TestHost host;
    EconomicSink sink{sink_settings(emulator.url(), {{clinic_cvr, clinic_grant, {}}}), host};
    for (int n = 0; n < 40; ++n)
        require_delivered(Ledger{}.deliver(sink, business_invoice(std::to_string(n + 1))));
    Json stats = emulator.stats();
    CHECK(stats["rateLimited"] == 0);
    CHECK(count_of(stats, "POST /invoices/booked") == 40);
    CHECK_FALSE(host.logged("economic.rate_limited"));
}
