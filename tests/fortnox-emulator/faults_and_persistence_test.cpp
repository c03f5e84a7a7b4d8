#include "test_data.hpp"

using namespace ferry::test::fortnox;

TEST_CASE("a lost response still commits the invoice and the search finds it") {
    FortnoxEmulator emulator;
    auto api = emulator.api(emulator.authorize().access_token);
    auto customer = create_customer(api);
    REQUIRE(
        emulator.set_faults({{"loseNext", 1}, {"method", "POST"}, {"pathPrefix", "/3/invoices"}})
            .status == 200);
    auto lost = api.try_request("POST", "/3/invoices", invoice_body(customer, "ferry:lost").dump());
    CHECK_FALSE(lost.has_value());
    auto found = api.get("/3/invoices?externalinvoicereference1=ferry%3Alost").json()["Invoices"];
    REQUIRE(found.size() == 1);
    CHECK(found[0]["ExternalInvoiceReference1"] == "ferry:lost");
    // Only the next one was lost.
    CHECK(api.post("/3/invoices", invoice_body(customer, "ferry:next")).status == 201);
}

TEST_CASE("a lost token response still rotates the refresh token") {
    FortnoxEmulator emulator;
    auto tokens = emulator.authorize();
    emulator.set_faults({{"loseNext", 1}, {"pathPrefix", "/oauth-v1/token"}});
    std::string form = "grant_type=refresh_token&refresh_token=" + tokens.refresh_token;
    auto lost = emulator.try_request(
        "POST", "/oauth-v1/token", form,
        {{"Authorization", "Basic ZW11bGF0b3ItY2xpZW50OmVtdWxhdG9yLXNlY3JldA=="},
         {"Content-Type", "application/x-www-form-urlencoded"}});
    CHECK_FALSE(lost.has_value());
    auto retried = emulator.token_request(
        {{"grant_type", "refresh_token"}, {"refresh_token", tokens.refresh_token}});
    CHECK(retried.status == 400);
    CHECK(retried.json()["error"] == "invalid_grant");
}

TEST_CASE("fail-rate 1 answers every API call with the fail status and changes nothing") {
    FortnoxEmulator emulator({"--fail-rate", "1", "--fail-status", "503", "--fault-path", "/3/"});
    auto api = emulator.api(emulator.authorize().access_token);
    auto failed = api.post("/3/customers", customer_body("K"));
    CHECK(failed.status == 503);
    CHECK(emulator.tenant_customers().empty());
    emulator.set_faults({{"failRate", 0}, {"failNext", 2}});
    CHECK(api.get("/3/customers").status == 503);
    CHECK(api.get("/3/customers").status == 503);
    CHECK(api.get("/3/customers").status == 200);
    CHECK(emulator.stats()["byStatus"]["503"] == 3);
}

TEST_CASE("customers invoices bookings and tokens survive kill -9 and a restart") {
    auto state = temporary_state_file("persist");
    Tokens tokens;
    std::string customer, invoice;
    {
        FortnoxEmulator emulator({}, state);
        tokens = emulator.authorize();
        auto api = emulator.api(tokens.access_token);
        customer = create_customer(api);
        invoice = create_invoice(api, customer, "ferry:persist");
        REQUIRE(api.put("/3/invoices/" + invoice + "/bookkeep").status == 200);
        REQUIRE(api.del("/3/customers/" + create_customer(api, "Gone")).status == 204);
        REQUIRE(emulator.remove_financial_year(2025).status == 204);
        emulator.kill_hard();
    }
    FortnoxEmulator restarted({}, state);
    auto api = restarted.api(tokens.access_token);
    auto stored = api.get("/3/invoices/" + invoice);
    REQUIRE(stored.status == 200);
    CHECK(stored.json()["Invoice"]["Booked"] == true);
    CHECK(stored.json()["Invoice"]["ExternalInvoiceReference1"] == "ferry:persist");
    CHECK(api.get("/3/customers/" + customer).status == 200);
    auto reserved = customer_body("Again");
    reserved["Customer"]["CustomerNumber"] = "2";
    CHECK(error_information(api.post("/3/customers", reserved))["code"] == 2000637);
    CHECK(api.get("/3/financialyears?date=2025-06-01").json()["FinancialYears"].empty());
    auto next = create_invoice(api, customer, "ferry:after");
    CHECK(next == "2");
    REQUIRE(api.put("/3/invoices/" + next + "/bookkeep").status == 200);
    CHECK(api.get("/3/invoices/" + next).json()["Invoice"]["VoucherNumber"] == 2);
    restarted.terminate();
    std::filesystem::remove(state);
}

TEST_CASE("a seed file gives a fresh tenant its customers and articles") {
    auto seed = temporary_state_file("seed");
    {
        std::ofstream out(seed);
        out << R"({"tenants":[{"organisationNumber":"5567321707",
                  "customers":[{"CustomerNumber":"100","Name":"Seeded","OrganisationNumber":"556677-8899"}],
                  "articles":[{"ArticleNumber":"KONS","Description":"Konsultation","SalesPrice":650,"VAT":0,"SalesAccount":3004}]}]})";
    }
    FortnoxEmulator emulator({"--seed", seed});
    auto api = emulator.api(emulator.authorize().access_token);
    CHECK(api.get("/3/customers/100").json()["Customer"]["Name"] == "Seeded");
    CHECK(api.get("/3/articles/KONS").json()["Article"]["SalesPrice"] == 650);
    std::filesystem::remove(seed);
}
