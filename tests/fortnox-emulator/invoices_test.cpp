#include "test_data.hpp"

using namespace ferry::test::fortnox;

TEST_CASE("an invoice gets Fortnox's defaults and its string-typed fields") {
    FortnoxEmulator emulator;
    auto api = emulator.api(emulator.authorize().access_token);
    auto customer = create_customer(api);
    auto created = api.post(
        "/3/invoices", {{"Invoice",
                         {{"CustomerNumber", customer},
                          {"InvoiceDate", "2026-05-01"},
                          {"InvoiceRows", {{{"Description", "Utan antal"}, {"Price", 100}}}}}}});
    REQUIRE(created.status == 201);
    auto invoice = created.json()["Invoice"];
    CHECK(invoice["DocumentNumber"] == "1");
    CHECK(invoice["Credit"] == "false");
    CHECK(invoice["CreditInvoiceReference"] == "0");
    CHECK(invoice["Booked"] == false);
    CHECK(invoice["Cancelled"] == false);
    CHECK(invoice["Currency"] == "SEK");
    CHECK(invoice["DueDate"] == "2026-05-31");
    CHECK(invoice["OCR"].is_string());
    auto row = invoice["InvoiceRows"][0];
    CHECK(row["DeliveredQuantity"] == "0");
    CHECK(row["AccountNumber"] == 3001);
    CHECK(row["VAT"] == 25);
    CHECK(row["VATCode"] == "MP1");
    CHECK(row["Total"] == 0);
    CHECK(invoice["Total"] == 0);
    CHECK(api.get("/3/invoices/1").json()["Invoice"]["InvoiceRows"][0]["Price"] == 100);
}

TEST_CASE("the caller's invoice fields are kept and totals computed for a VAT-exempt visit") {
    FortnoxEmulator emulator;
    auto api = emulator.api(emulator.authorize().access_token);
    auto customer = create_customer(api);
    auto created = api.post("/3/invoices", invoice_body(customer, "ferry:visit-1"));
    REQUIRE(created.status == 201);
    auto invoice = created.json()["Invoice"];
    CHECK(invoice["ExternalInvoiceReference1"] == "ferry:visit-1");
    CHECK(invoice["YourReference"] == "Ref");
    CHECK(invoice["OurReference"] == "Kliniken");
    CHECK(invoice["Remarks"] == "Tack");
    CHECK(invoice["DueDate"] == "2026-05-31");
    CHECK(invoice["InvoiceRows"][0]["DeliveredQuantity"] == "1");
    CHECK(invoice["InvoiceRows"][0]["VATCode"] == "MF");
    CHECK(invoice["Net"] == 850);
    CHECK(invoice["TotalVAT"] == 0);
    CHECK(invoice["RoundOff"] == 0);
    CHECK(invoice["Total"] == 850);
}

TEST_CASE("amounts are rounded to two decimals and the total to whole kronor") {
    FortnoxEmulator emulator;
    auto api = emulator.api(emulator.authorize().access_token);
    auto customer = create_customer(api);
    // The live example [AC-FULL]: 1 x 100 at 25 %, admin fee 50, freight 25.
    auto body = invoice_body(customer, "ferry:fees", {visit_row(100, 25, 3001)});
    body["Invoice"]["AdministrationFee"] = 50;
    body["Invoice"]["Freight"] = 25;
    auto invoice = api.post("/3/invoices", body).json()["Invoice"];
    CHECK(invoice["Net"] == 100);
    CHECK(invoice["TotalVAT"] == 43.75);
    CHECK(invoice["RoundOff"] == 0.25);
    CHECK(invoice["Total"] == 219);

    auto rounded = api.post("/3/invoices", invoice_body(customer, "ferry:round",
                                                        {{{"Description", "x"},
                                                          {"DeliveredQuantity", "1.125"},
                                                          {"Price", 1.125},
                                                          {"VAT", 0},
                                                          {"AccountNumber", 3004}}}))
                       .json()["Invoice"];
    CHECK(rounded["InvoiceRows"][0]["DeliveredQuantity"] == "1.13");
    CHECK(rounded["InvoiceRows"][0]["Price"] == 1.13);
    CHECK(rounded["InvoiceRows"][0]["Total"] == 1.28);  // 1.13 x 1.13 = 1.2769
    CHECK(rounded["RoundOff"] == -0.28);
    CHECK(rounded["Total"] == 1);

    // .50 rounds up (guess): 0.40 + 25 % = 0.50 → 1.
    auto half =
        api.post("/3/invoices", invoice_body(customer, "ferry:half", {visit_row(0.4, 25, 3001)}))
            .json()["Invoice"];
    CHECK(half["TotalVAT"] == 0.1);
    CHECK(half["RoundOff"] == 0.5);
    CHECK(half["Total"] == 1);

    // Not SEK: no öresavrundning.
    auto euro = invoice_body(customer, "ferry:eur", {visit_row(10.4, 0, 3004)});
    euro["Invoice"]["Currency"] = "EUR";
    auto eur = api.post("/3/invoices", euro).json()["Invoice"];
    CHECK(eur["Total"] == 10.4);
    CHECK(eur["RoundOff"] == 0);
}

TEST_CASE("VAT is rounded per row by default and per invoice on request") {
    nlohmann::json rows = nlohmann::json::array();
    for (int i = 0; i < 3; ++i)
        rows.push_back(visit_row(0.1, 25, 3001));  // 0.025 VAT each
    for (auto [mode, expected] : {std::pair{"row", 0.09}, std::pair{"invoice", 0.08}}) {
        FortnoxEmulator emulator({"--vat-rounding", mode, "--round-off", "none"});
        auto api = emulator.api(emulator.authorize().access_token);
        auto invoice =
            api.post("/3/invoices", invoice_body(create_customer(api), "ferry:vat", rows))
                .json()["Invoice"];
        CHECK(invoice["TotalVAT"] == expected);
        CHECK(invoice["RoundOff"] == 0);
    }
}

TEST_CASE("prices including VAT give the net from the total") {
    FortnoxEmulator emulator;
    auto api = emulator.api(emulator.authorize().access_token);
    auto body = invoice_body(create_customer(api), "ferry:incl", {visit_row(125, 25, 3001)});
    body["Invoice"]["VATIncluded"] = true;
    auto invoice = api.post("/3/invoices", body).json()["Invoice"];
    CHECK(invoice["InvoiceRows"][0]["Total"] == 125);
    CHECK(invoice["InvoiceRows"][0]["TotalExcludingVAT"] == 100);
    CHECK(invoice["InvoiceRows"][0]["PriceExcludingVAT"] == 100);
    CHECK(invoice["Net"] == 100);
    CHECK(invoice["TotalVAT"] == 25);
    CHECK(invoice["Total"] == 125);
}

TEST_CASE("an invoice with an unknown field account customer or VAT rate is refused") {
    FortnoxEmulator emulator;
    auto api = emulator.api(emulator.authorize().access_token);
    auto customer = create_customer(api);
    auto body = invoice_body(customer, "ferry:bad");
    body["Invoice"]["InvoiceRows"][0]["Colour"] = "red";
    auto unknown_row_field = api.post("/3/invoices", body);
    CHECK(unknown_row_field.status == 400);
    CHECK(error_information(unknown_row_field)["code"] == 2001399);

    body = invoice_body(customer, "ferry:bad");
    body["Invoice"]["Paid"] = true;
    CHECK(error_information(api.post("/3/invoices", body))["code"] == 2001399);

    auto bad_account =
        api.post("/3/invoices", invoice_body(customer, "ferry:bad", {visit_row(850, 0, 3999)}));
    CHECK(bad_account.status == 400);
    CHECK(error_information(bad_account)["code"] == 2001304);

    auto bad_customer = api.post("/3/invoices", invoice_body("4711", "ferry:bad"));
    CHECK(bad_customer.status == 400);
    CHECK(error_information(bad_customer)["code"] == 2000433);

    auto bad_vat =
        api.post("/3/invoices", invoice_body(customer, "ferry:bad", {visit_row(850, 7, 3001)}));
    CHECK(bad_vat.status == 400);

    auto huge = api.post(
        "/3/invoices",
        invoice_body(
            customer, "ferry:huge",
            {{{"Description", "x"}, {"DeliveredQuantity", "1000"}, {"Price", "9000000000000"}}}));
    CHECK(huge.status == 400);
    auto terms = invoice_body(customer, "ferry:terms");
    terms["Invoice"]["TermsOfPayment"] = "K";
    CHECK(api.post("/3/invoices", terms).status == 400);

    // Read-only fields are ignored, not trusted.
    body = invoice_body(customer, "ferry:ro");
    body["Invoice"]["Total"] = 1;
    body["Invoice"]["Booked"] = true;
    auto read_only = api.post("/3/invoices", body);
    REQUIRE(read_only.status == 201);
    CHECK(read_only.json()["Invoice"]["Total"] == 850);
    CHECK(read_only.json()["Invoice"]["Booked"] == false);
    CHECK(emulator.tenant_invoices().size() == 1);
}

TEST_CASE("an unbooked invoice is changed by PUT and rows without RowId replace all rows") {
    FortnoxEmulator emulator;
    auto api = emulator.api(emulator.authorize().access_token);
    auto number = create_invoice(api, create_customer(api), "ferry:edit");
    auto replaced =
        api.put("/3/invoices/" + number, {{"Invoice",
                                           {{"ExternalInvoiceReference1", "ferry:edit-2"},
                                            {"InvoiceRows", {visit_row(100), visit_row(200)}}}}});
    REQUIRE(replaced.status == 200);
    auto invoice = replaced.json()["Invoice"];
    CHECK(invoice["ExternalInvoiceReference1"] == "ferry:edit-2");
    CHECK(invoice["InvoiceRows"].size() == 2);
    CHECK(invoice["Total"] == 300);
    auto by_id = api.put("/3/invoices/" + number,
                         {{"Invoice", {{"InvoiceRows", {{{"RowId", 2}, {"Price", 250}}}}}}});
    REQUIRE(by_id.status == 200);
    CHECK(by_id.json()["Invoice"]["InvoiceRows"].size() == 2);
    CHECK(by_id.json()["Invoice"]["Total"] == 350);
    REQUIRE(api.put("/3/invoices/" + number + "/bookkeep").status == 200);
    auto locked = api.put("/3/invoices/" + number, {{"Invoice", {{"Remarks", "late"}}}});
    CHECK(locked.status == 400);
    CHECK(api.get("/3/invoices/404").status == 404);
}

TEST_CASE("invoice search by external reference is a substring match") {
    FortnoxEmulator emulator;
    auto api = emulator.api(emulator.authorize().access_token);
    auto customer = create_customer(api);
    create_invoice(api, customer, "ferry:abc-1");
    create_invoice(api, customer, "ferry:abc-10");
    create_invoice(api, customer, "FERRY:ABC-1X");
    create_invoice(api, customer, "other");
    auto found = api.get("/3/invoices?externalinvoicereference1=ferry%3Aabc-1").json();
    REQUIRE(found["Invoices"].size() == 3);
    CHECK(found["MetaInformation"]["@TotalResources"] == 3);
    auto item = found["Invoices"][0];
    CHECK(item["DocumentNumber"] == "1");
    CHECK(item["ExternalInvoiceReference1"] == "ferry:abc-1");
    CHECK(item["Booked"] == false);
    CHECK(item["Cancelled"] == false);
    CHECK(item["Credit"] == "false");
    CHECK(item["Total"] == 850);
    CHECK(item["CustomerNumber"] == customer);
    CHECK(api.get("/3/invoices?externalinvoicereference1=nothing").json()["Invoices"].empty());
    CHECK(api.get("/3/invoices?customernumber=" + customer).json()["Invoices"].size() == 4);
    auto bad_filter = api.get("/3/invoices?filter=open");
    CHECK(error_information(bad_filter)["code"] == 2000587);
}
