#include "test_data.hpp"

using namespace ferry::test;

namespace {

HttpResponse set_faults(const EmulatorProcess& emulator, const nlohmann::json& settings) {
    return emulator.request("POST", "/__emulator/faults", settings.dump(),
                            {{"Content-Type", "application/json"}});
}

}  // namespace

TEST_CASE(
    "a fail rate of 1 answers every matching request with the failure status and changes nothing") {
    EmulatorProcess emulator(
        {"--fail-rate", "1", "--fail-status", "503", "--fault-method", "POST"});
    auto failed = emulator.post("/customers", customer_body());
    CHECK(failed.status == 503);
    CHECK(failed.json()["httpStatusCode"] == 503);
    CHECK(emulator.get("/customers").json()["pagination"]["results"] == 0);
}

TEST_CASE("the admin endpoint injects the next N failures, then the service recovers") {
    EmulatorProcess emulator;
    CHECK(set_faults(emulator, {{"failNext", 2}, {"failStatus", 500}}).status == 200);
    CHECK(emulator.get("/units").status == 500);
    CHECK(emulator.get("/units").status == 500);
    CHECK(emulator.get("/units").status == 200);
    CHECK(set_faults(emulator, {{"failStatus", 200}}).status == 400);
    CHECK(set_faults(emulator, {{"noSuchFault", 1}}).status == 400);
    CHECK(emulator.request("POST", "/__emulator/faults", "{not json", {}).status == 400);
}

TEST_CASE("a lost response is carried out and committed, the retry with the same key replays it") {
    EmulatorProcess emulator;
    auto customer = create_customer(emulator);
    create_product(emulator, "KONS");
    emulator.post("/invoices/drafts", draft_body(customer, "LOST-1",
                                                 {{{"description", "a"},
                                                   {"product", {{"productNumber", "KONS"}}},
                                                   {"quantity", 1},
                                                   {"unitNetPrice", 100}}}));
    set_faults(emulator, {{"loseNext", 1}, {"method", "POST"}, {"pathPrefix", "/invoices/booked"}});
    auto headers = economic_headers();
    headers.emplace_back("Idempotency-Key", "LOST-1-book");
    std::string booking = R"({"draftInvoice":{"draftInvoiceNumber":1}})";
    CHECK_FALSE(emulator.try_request("POST", "/invoices/booked", booking, headers).has_value());

    auto booked = emulator.get("/invoices/booked?filter=references.other$eq:LOST-1").json();
    CHECK(booked["collection"].size() == 1);
    CHECK(emulator.get("/invoices/drafts/1").status == 404);
    auto retry = emulator.request("POST", "/invoices/booked", booking, headers);
    CHECK(retry.status == 201);
    CHECK(retry.header("x-resultfromcache") == "true");
    CHECK(retry.json()["bookedInvoiceNumber"] == 1);
    CHECK(emulator.get("/invoices/booked").json()["pagination"]["results"] == 1);
}

TEST_CASE(
    "latency and fractions are configurable, --seed-random makes fault sequences reproducible") {
    auto statuses = [](const EmulatorProcess& emulator) {
        std::vector<int> seen;
        for (int i = 0; i < 20; ++i)
            seen.push_back(emulator.get("/units").status);
        return seen;
    };
    EmulatorProcess first({"--fail-rate", "0.5", "--seed-random", "7", "--latency-ms", "1"});
    EmulatorProcess second({"--fail-rate", "0.5", "--seed-random", "7"});
    auto a = statuses(first);
    CHECK(a == statuses(second));
    CHECK(std::count(a.begin(), a.end(), 503) > 0);
    CHECK(std::count(a.begin(), a.end(), 200) > 0);
    auto settings = first.request("GET", "/__emulator/faults", "", {}).json();
    CHECK(settings["latencyMs"] == 1);
}
