#include "test_data.hpp"

#include <chrono>
#include <thread>

using namespace ferry::test::fortnox;

TEST_CASE("over the rate limit the answer is 429 until the window has moved on") {
    FortnoxEmulator emulator({"--rate-limit", "5/1"});
    auto api = emulator.api(emulator.authorize().access_token);
    for (int i = 0; i < 5; ++i)
        REQUIRE(api.get("/3/customers").status == 200);
    auto limited = api.get("/3/customers");
    CHECK(limited.status == 429);
    CHECK(limited.json() == nlohmann::json{{"message", "Too Many Requests"}});
    CHECK(limited.header("retry-after").empty());
    // A refused request does not count, so after the window everything is allowed again.
    std::this_thread::sleep_for(std::chrono::milliseconds(1050));
    CHECK(api.get("/3/customers").status == 200);
    auto stats = emulator.stats();
    CHECK(stats["rateLimited"] == 1);
    CHECK(stats["byTenant"][default_tenant]["rateLimited"] == 1);
}

TEST_CASE("the rate limit is per client and tenant") {
    FortnoxEmulator emulator(
        {"--rate-limit", "2/5", "--tenant", "5567321707:A", "--tenant", "5591234567:B"});
    auto first = emulator.api(emulator.authorize().access_token);
    auto other = emulator.api(emulator.authorize("5591234567").access_token);
    CHECK(first.get("/3/customers").status == 200);
    CHECK(first.get("/3/customers").status == 200);
    CHECK(first.get("/3/customers").status == 429);
    CHECK(other.get("/3/customers").status == 200);
    // A second token of the same client and tenant shares the window.
    auto same = emulator.api(emulator.authorize().access_token);
    CHECK(same.get("/3/customers").status == 429);
}

TEST_CASE("errors are ErrorInformation with lower-case keys unless --error-casing upper") {
    {
        FortnoxEmulator emulator;
        auto api = emulator.api(emulator.authorize().access_token);
        auto missing = api.get("/3/customers/4711");
        CHECK(missing.status == 404);
        CHECK(missing.json()["ErrorInformation"]["error"] == 1);
        CHECK(missing.json()["ErrorInformation"]["code"] == 2000433);
        CHECK(missing.json()["ErrorInformation"]["message"].is_string());
    }
    FortnoxEmulator emulator({"--error-casing", "upper"});
    auto api = emulator.api(emulator.authorize().access_token);
    auto missing = api.get("/3/customers/4711");
    CHECK(missing.status == 404);
    CHECK(missing.json()["ErrorInformation"]["Error"] == 1);
    CHECK(missing.json()["ErrorInformation"]["Code"] == 2000433);
    CHECK_FALSE(missing.json()["ErrorInformation"].contains("code"));
}

TEST_CASE("bad JSON an empty body and an unwrapped body are refused with their codes") {
    FortnoxEmulator emulator;
    auto api = emulator.api(emulator.authorize().access_token);
    auto bad = emulator.request("POST", "/3/customers", "{\"Customer\":", api.headers());
    CHECK(bad.status == 400);
    CHECK(error_information(bad)["code"] == 2002115);
    auto empty = emulator.request("POST", "/3/customers", "", api.headers());
    CHECK(error_information(empty)["code"] == 2001392);
    auto unwrapped = api.post("/3/customers", {{"Name", "Kliniken"}});
    CHECK(unwrapped.status == 400);
    auto extra = api.post("/3/customers", {{"Customer", {{"Name", "K"}}}, {"Other", 1}});
    CHECK(error_information(extra)["code"] == 2001399);
}

TEST_CASE("accounts predefined accounts and financial years are seeded") {
    FortnoxEmulator emulator;
    auto api = emulator.api(emulator.authorize().access_token);
    for (int number : {1510, 1930, 2611, 2621, 2631, 2641, 3001, 3002, 3003, 3004, 3740}) {
        auto account = api.get("/3/accounts/" + std::to_string(number));
        REQUIRE(account.status == 200);
        CHECK(account.json()["Account"]["Number"] == number);
        CHECK(account.json()["Account"]["Active"] == true);
    }
    auto missing = api.get("/3/accounts/3999");
    CHECK(missing.status == 404);
    CHECK(error_information(missing)["code"] == 2001304);
    CHECK(api.get("/3/predefinedaccounts/ROUNDOFF").json()["PreDefinedAccount"]["Account"] == 3740);
    CHECK(api.get("/3/predefinedaccounts/CUSTCLAIM").json()["PreDefinedAccount"]["Account"] ==
          1510);
    CHECK(api.get("/3/predefinedaccounts/OUTVAT_MP3").json()["PreDefinedAccount"]["Account"] ==
          2631);
    auto years = api.get("/3/financialyears?date=2026-05-01").json();
    REQUIRE(years["FinancialYears"].size() == 1);
    CHECK(years["FinancialYears"][0]["FromDate"] == "2026-01-01");
    CHECK(years["FinancialYears"][0]["ToDate"] == "2026-12-31");
    CHECK(api.get("/3/financialyears").json()["MetaInformation"]["@TotalResources"] == 11);
    CHECK(emulator.remove_financial_year(2026).status == 204);
    CHECK(api.get("/3/financialyears?date=2026-05-01").json()["FinancialYears"].empty());
}

TEST_CASE("stats count requests by route status and tenant") {
    FortnoxEmulator emulator;
    auto api = emulator.api(emulator.authorize().access_token);
    auto customer = create_customer(api);
    auto invoice = create_invoice(api, customer, "ferry:stats");
    api.put("/3/invoices/" + invoice + "/bookkeep");
    auto stats = emulator.stats();
    CHECK(stats["byRoute"]["POST /3/invoices"] == 1);
    CHECK(stats["byRoute"]["PUT /3/invoices/{n}/bookkeep"] == 1);
    CHECK(stats["byRoute"]["POST /oauth-v1/token"] == 1);
    CHECK(stats["byStatus"]["201"] == 2);
    CHECK(stats["byTenant"][default_tenant]["requests"] == 3);
}

TEST_CASE("unknown routes methods and undecodable URLs are refused") {
    FortnoxEmulator emulator;
    auto api = emulator.api(emulator.authorize().access_token);
    CHECK(api.get("/3/vouchers").status == 404);
    CHECK(api.get("/3/customers/1/extra/deep").status == 404);
    CHECK(api.post("/3/accounts", {{"Account", {{"Number", 1234}}}}).status == 405);
    CHECK(api.del("/3/invoices").status == 405);
    CHECK(api.get("/3/customers/%FF").status == 400);
    CHECK(emulator.request("GET", "/elsewhere").status == 404);
    CHECK(emulator.request("GET", "/__emulator/health").json()["status"] == "ok");
}
