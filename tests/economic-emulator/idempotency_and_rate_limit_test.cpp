#include "test_data.hpp"

using namespace ferry::test;

TEST_CASE("the same Idempotency-Key replays the original status and body with X-ResultFromCache") {
    EmulatorProcess emulator;
    auto headers = economic_headers();
    headers.emplace_back("Idempotency-Key", "clinic-1-customer");
    auto first = emulator.request("POST", "/customers", customer_body().dump(), headers);
    REQUIRE(first.status == 201);
    CHECK(first.header("x-resultfromcache").empty());
    auto replay = emulator.request("POST", "/customers", customer_body().dump(), headers);
    CHECK(replay.status == 201);
    CHECK(replay.body == first.body);
    CHECK(replay.header("x-resultfromcache") == "true");
    CHECK(replay.header("location") == first.header("location"));
    CHECK(emulator.get("/customers").json()["pagination"]["results"] == 1);

    auto other_key = economic_headers();
    other_key.emplace_back("Idempotency-Key", "clinic-2-customer");
    CHECK(emulator.request("POST", "/customers", customer_body().dump(), other_key)
              .json()["customerNumber"] == 2);

    auto delete_key = economic_headers();
    delete_key.emplace_back("Idempotency-Key", "delete-2");
    CHECK(emulator.request("DELETE", "/customers/2", "", delete_key).status == 204);
    auto delete_replay = emulator.request("DELETE", "/customers/2", "", delete_key);
    CHECK(delete_replay.status == 204);  // not 404: the original answer
    CHECK(delete_replay.header("x-resultfromcache") == "true");
}

TEST_CASE("every response carries X-CallCost and X-RateLimiting in e-conomic's format") {
    EmulatorProcess emulator({"--rate-limit", "10000/86400"});  // slow refill: counts stay exact
    auto response = emulator.get("/vat-zones");
    CHECK(response.header("x-callcost") == "1");
    CHECK(response.header("x-ratelimiting") == "token-limit-10000-per-86400-seconds: 1/10000");
    auto failure = emulator.post("/customers", nlohmann::json::object());
    CHECK(failure.status == 400);
    CHECK(failure.header("x-callcost") == "5");
    CHECK(failure.header("x-ratelimiting") == "token-limit-10000-per-86400-seconds: 6/10000");
}

TEST_CASE("an empty bucket answers 429 with Retry-After, buckets are per agreement") {
    EmulatorProcess emulator({"--rate-limit", "3/3600", "--agreement", "emulator-grant",
                              "--agreement", "other", "--app-secret", emulator_app_secret});
    for (int i = 0; i < 3; ++i)
        CHECK(emulator.get("/units").status == 200);
    auto limited = emulator.get("/units");
    CHECK(limited.status == 429);
    CHECK(std::stoi(limited.header("retry-after")) >= 1);
    CHECK(limited.header("x-ratelimiting") == "token-limit-3-per-3600-seconds: 3/3");
    CHECK(emulator.request("GET", "/units", "", economic_headers("other")).status == 200);
}

TEST_CASE("per-endpoint costs: writes dearer than reads, booking dearest") {
    EmulatorProcess emulator({"--cost-read", "2", "--cost-write", "7", "--cost-book", "13"});
    CHECK(emulator.get("/units").header("x-callcost") == "2");
    CHECK(emulator.post("/customers", customer_body()).header("x-callcost") == "7");
    CHECK(emulator.post("/invoices/booked", nlohmann::json::object()).header("x-callcost") == "13");
}
