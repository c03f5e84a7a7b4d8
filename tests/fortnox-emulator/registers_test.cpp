#include "test_data.hpp"

using namespace ferry::test::fortnox;

TEST_CASE("customers are created read changed and deleted with Fortnox's numbers") {
    FortnoxEmulator emulator;
    auto api = emulator.api(emulator.authorize().access_token);
    auto created = api.post("/3/customers", customer_body("Kliniken Norr", "556677-8899"));
    REQUIRE(created.status == 201);
    auto customer = created.json()["Customer"];
    CHECK(customer["CustomerNumber"] == "1");
    CHECK(customer["OrganisationNumber"] == "556677-8899");
    CHECK(customer["Type"] == "COMPANY");
    CHECK(customer["Active"] == true);
    CHECK(customer["Country"] == "Sverige");

    auto chosen = api.post(
        "/3/customers",
        {{"Customer", {{"CustomerNumber", "9003"}, {"Name", "Privat"}, {"Type", "PRIVATE"}}}});
    REQUIRE(chosen.status == 201);
    CHECK(chosen.json()["Customer"]["CustomerNumber"] == "9003");
    CHECK(api.post("/3/customers", customer_body("Nästa")).json()["Customer"]["CustomerNumber"] ==
          "9004");

    auto changed = api.put("/3/customers/1", {{"Customer", {{"City", "Umeå"}}}});
    REQUIRE(changed.status == 200);
    CHECK(changed.json()["Customer"]["City"] == "Umeå");
    CHECK(changed.json()["Customer"]["Name"] == "Kliniken Norr");
    CHECK(api.get("/3/customers/1").json()["Customer"]["City"] == "Umeå");

    auto bad_type = api.post("/3/customers", {{"Customer", {{"Name", "X"}, {"Type", "PERSON"}}}});
    CHECK(bad_type.status == 400);
    auto unknown_field = api.post("/3/customers", {{"Customer", {{"Name", "X"}, {"Nmae", "Y"}}}});
    CHECK(unknown_field.status == 400);
    CHECK(error_information(unknown_field)["code"] == 2001399);

    CHECK(api.del("/3/customers/9004").status == 204);
    auto missing = api.get("/3/customers/9004");
    CHECK(missing.status == 404);
    CHECK(error_information(missing)["code"] == 2000433);
}

TEST_CASE("a taken or deleted customer number is refused with 2000637") {
    FortnoxEmulator emulator;
    auto api = emulator.api(emulator.authorize().access_token);
    auto body = customer_body("A");
    body["Customer"]["CustomerNumber"] = "500";
    REQUIRE(api.post("/3/customers", body).status == 201);
    auto taken = api.post("/3/customers", body);
    CHECK(taken.status == 400);
    CHECK(error_information(taken)["code"] == 2000637);
    REQUIRE(api.del("/3/customers/500").status == 204);
    auto reserved = api.post("/3/customers", body);
    CHECK(reserved.status == 400);
    CHECK(error_information(reserved)["code"] == 2000637);
    // The series moves past reserved numbers too.
    CHECK(api.post("/3/customers", customer_body("B")).json()["Customer"]["CustomerNumber"] ==
          "501");
}

TEST_CASE("customer search is a case-insensitive substring match and lists are paged") {
    FortnoxEmulator emulator;
    auto api = emulator.api(emulator.authorize().access_token);
    api.post("/3/customers", customer_body("Kliniken Norr", "556677-8899"));
    api.post("/3/customers", customer_body("Tandkliniken Syd", "556677-8800"));
    api.post("/3/customers", customer_body("Ögonkliniken", "556000-0001"));
    auto found = api.get("/3/customers?name=KLINIKEN").json();
    CHECK(found["Customers"].size() == 3);
    CHECK(found["MetaInformation"]["@TotalResources"] == 3);
    auto by_org = api.get("/3/customers?organisationnumber=556677-88").json()["Customers"];
    CHECK(by_org.size() == 2);
    auto exact = api.get("/3/customers?organisationnumber=556677-8899").json()["Customers"];
    REQUIRE(exact.size() == 1);
    CHECK(exact[0]["Name"] == "Kliniken Norr");
    CHECK(api.get("/3/customers?name=%C3%B6gon").json()["Customers"].size() == 1);
    auto page = api.get("/3/customers?limit=2&page=2").json();
    CHECK(page["Customers"].size() == 1);
    CHECK(page["MetaInformation"]["@TotalPages"] == 2);
    CHECK(page["MetaInformation"]["@CurrentPage"] == 2);
    CHECK(api.get("/3/customers?limit=501").status == 400);
    api.put("/3/customers/2", {{"Customer", {{"Active", false}}}});
    CHECK(api.get("/3/customers?filter=inactive").json()["Customers"].size() == 1);
    CHECK(api.get("/3/customers?filter=active").json()["Customers"].size() == 2);
    auto bad_filter = api.get("/3/customers?filter=sleeping");
    CHECK(bad_filter.status == 400);
    CHECK(error_information(bad_filter)["code"] == 2000587);
}

TEST_CASE("articles follow the same pattern and feed invoice row defaults") {
    FortnoxEmulator emulator;
    auto api = emulator.api(emulator.authorize().access_token);
    auto created = api.post("/3/articles", {{"Article",
                                             {{"ArticleNumber", "BESOK"},
                                              {"Description", "Läkarbesök"},
                                              {"Type", "SERVICE"},
                                              {"SalesAccount", 3004},
                                              {"VAT", 0},
                                              {"Unit", "st"}}}});
    REQUIRE(created.status == 201);
    CHECK(created.json()["Article"]["ArticleNumber"] == "BESOK");
    CHECK(api.get("/3/articles/BESOK").json()["Article"]["Description"] == "Läkarbesök");
    CHECK(api.post("/3/articles", {{"Article", {{"Description", "Provtagning"}}}})
              .json()["Article"]["ArticleNumber"] == "1");
    CHECK(api.put("/3/articles/1", {{"Article", {{"Unit", "tim"}}}}).json()["Article"]["Unit"] ==
          "tim");
    CHECK(api.get("/3/articles?description=BES%C3%96K").json()["Articles"].size() == 1);
    auto bad_account =
        api.post("/3/articles", {{"Article", {{"Description", "X"}, {"SalesAccount", 3999}}}});
    CHECK(error_information(bad_account)["code"] == 2001304);
    CHECK(api.get("/3/articles/NOPE").status == 404);

    auto customer = create_customer(api);
    auto invoice = api.post(
        "/3/invoices",
        invoice_body(customer, "ferry:a",
                     {{{"ArticleNumber", "BESOK"}, {"DeliveredQuantity", 2}, {"Price", 400}}}));
    REQUIRE(invoice.status == 201);
    auto row = invoice.json()["Invoice"]["InvoiceRows"][0];
    CHECK(row["AccountNumber"] == 3004);
    CHECK(row["VAT"] == 0);
    CHECK(row["Unit"] == "st");
    CHECK(row["Description"] == "Läkarbesök");
    CHECK(row["Total"] == 800);
}
