#include "emulator_process.hpp"

#include <catch2/catch.hpp>

using namespace ferry::test;

TEST_CASE(
    "both token headers are required, a wrong or missing token is 401 with e-conomic's body") {
    EmulatorProcess emulator;
    auto missing_grant =
        emulator.request("GET", "/customers", "", {{"X-AppSecretToken", emulator_app_secret}});
    CHECK(missing_grant.status == 401);
    CHECK(missing_grant.json()["httpStatusCode"] == 401);
    CHECK(missing_grant.json().contains("logId"));
    CHECK(emulator.request("GET", "/customers", "", {{"X-AgreementGrantToken", emulator_grant}})
              .status == 401);
    CHECK(emulator.request("GET", "/customers", "", economic_headers("unknown-grant")).status ==
          401);
    CHECK(
        emulator.request("GET", "/customers", "", economic_headers(emulator_grant, "wrong-secret"))
            .status == 401);
    CHECK(emulator.get("/customers").status == 200);
}

TEST_CASE("each grant token is its own agreement with its own data") {
    EmulatorProcess emulator(
        {"--app-secret", "app", "--agreement", "grant-a:11111111", "--agreement", "grant-b"});
    nlohmann::json customer = {{"name", "Only in A"},
                               {"currency", "DKK"},
                               {"customerGroup", {{"customerGroupNumber", 1}}},
                               {"paymentTerms", {{"paymentTermsNumber", 1}}},
                               {"vatZone", {{"vatZoneNumber", 1}}}};
    CHECK(
        emulator.request("POST", "/customers", customer.dump(), economic_headers("grant-a", "app"))
            .status == 201);
    auto in_a =
        emulator.request("GET", "/customers", "", economic_headers("grant-a", "app")).json();
    auto in_b =
        emulator.request("GET", "/customers", "", economic_headers("grant-b", "app")).json();
    CHECK(in_a["pagination"]["results"] == 1);
    CHECK(in_b["pagination"]["results"] == 0);
    CHECK(
        emulator
            .request("GET", "/customers", "", economic_headers(emulator_grant, emulator_app_secret))
            .status == 401);
}

TEST_CASE("the demo agreement reads but refuses writes") {
    EmulatorProcess emulator({"--demo"});
    auto demo = economic_headers("demo", "demo");
    CHECK(emulator.request("GET", "/vat-zones", "", demo).status == 200);
    CHECK(
        emulator.request("POST", "/payment-terms", R"({"name":"x","paymentTermsType":"net"})", demo)
            .status == 403);
    CHECK(emulator.get("/vat-zones").status == 200);  // the default agreement still exists
}

TEST_CASE("admin endpoints need no tokens, unknown paths are 404") {
    EmulatorProcess emulator;
    CHECK(emulator.request("GET", "/__emulator/health", "", {}).json()["status"] == "ok");
    CHECK(emulator.get("/no-such-endpoint").status == 404);
    CHECK(emulator.get("/").status == 404);
}
