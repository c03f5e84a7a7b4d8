#include "test_data.hpp"

using namespace ferry::test::fortnox;

TEST_CASE("bookkeep books once in voucher series B and refuses a second time") {
    FortnoxEmulator emulator;
    auto api = emulator.api(emulator.authorize().access_token);
    auto number = create_invoice(api, create_customer(api), "ferry:book");
    auto booked = api.put("/3/invoices/" + number + "/bookkeep");
    REQUIRE(booked.status == 200);
    CHECK(booked.json()["Invoice"]["Booked"] == true);
    CHECK(booked.json()["Invoice"]["VoucherSeries"] == "B");
    CHECK(booked.json()["Invoice"]["VoucherNumber"] == 1);
    auto again = api.put("/3/invoices/" + number + "/bookkeep");
    CHECK(again.status == 400);
    CHECK(error_information(again)["message"] == "Fakturan är redan bokförd.");
    CHECK(api.get("/3/invoices/" + number).json()["Invoice"]["Booked"] == true);
    CHECK(api.get("/3/invoices?filter=unbooked").json()["Invoices"].empty());
}

TEST_CASE("bookkeep without a financial year for the invoice date is refused") {
    FortnoxEmulator emulator;
    auto api = emulator.api(emulator.authorize().access_token);
    auto number = create_invoice(api, create_customer(api), "ferry:year");
    REQUIRE(emulator.remove_financial_year(2026).status == 204);
    auto refused = api.put("/3/invoices/" + number + "/bookkeep");
    CHECK(refused.status == 400);
    CHECK(error_information(refused)["message"].get<std::string>().find("2026-05-01") !=
          std::string::npos);
    CHECK(api.get("/3/invoices/" + number).json()["Invoice"]["Booked"] == false);
}

TEST_CASE("cancel works on an unbooked invoice only and a cancelled one cannot be booked") {
    FortnoxEmulator emulator;
    auto api = emulator.api(emulator.authorize().access_token);
    auto customer = create_customer(api);
    auto first = create_invoice(api, customer, "ferry:c1");
    auto cancelled = api.put("/3/invoices/" + first + "/cancel");
    REQUIRE(cancelled.status == 200);
    CHECK(cancelled.json()["Invoice"]["Cancelled"] == true);
    CHECK(api.put("/3/invoices/" + first + "/bookkeep").status == 400);
    CHECK(api.get("/3/invoices?filter=cancelled").json()["Invoices"].size() == 1);

    auto second = create_invoice(api, customer, "ferry:c2");
    REQUIRE(api.put("/3/invoices/" + second + "/bookkeep").status == 200);
    CHECK(api.put("/3/invoices/" + second + "/cancel").status == 400);
}

TEST_CASE("credit makes a negative credit invoice referenced both ways from a booked invoice") {
    FortnoxEmulator emulator;
    auto api = emulator.api(emulator.authorize().access_token);
    auto customer = create_customer(api);
    auto body = invoice_body(customer, "ferry:credit", {visit_row(100, 25, 3001)});
    body["Invoice"]["AdministrationFee"] = 50;
    auto original = api.post("/3/invoices", body).json()["Invoice"];
    std::string number = original["DocumentNumber"];
    auto unbooked = api.put("/3/invoices/" + number + "/credit");
    CHECK(unbooked.status == 400);
    REQUIRE(api.put("/3/invoices/" + number + "/bookkeep").status == 200);

    auto credited = api.put("/3/invoices/" + number + "/credit");
    REQUIRE(credited.status == 200);
    auto credit = credited.json()["Invoice"];
    std::string credit_number = credit["DocumentNumber"];
    CHECK(credit_number != number);
    CHECK(credit["Credit"] == "true");
    CHECK(credit["CreditInvoiceReference"] == number);
    CHECK(credit["Booked"] == false);
    CHECK(credit["ExternalInvoiceReference1"] == "");
    CHECK(credit["InvoiceRows"][0]["DeliveredQuantity"] == "-1");
    CHECK(credit["Total"] == -(original["Total"].get<double>()));
    CHECK(credit["TotalVAT"] == -(original["TotalVAT"].get<double>()));
    CHECK(credit["Net"] == -100);
    CHECK(api.get("/3/invoices/" + number).json()["Invoice"]["CreditInvoiceReference"] ==
          credit_number);

    CHECK(api.put("/3/invoices/" + number + "/credit").status == 400);  // already credited
    REQUIRE(api.put("/3/invoices/" + credit_number,
                    {{"Invoice", {{"ExternalInvoiceReference1", "ferry:credit-of-1"}}}})
                .status == 200);
    REQUIRE(api.put("/3/invoices/" + credit_number + "/bookkeep").status == 200);
    CHECK(api.put("/3/invoices/" + credit_number + "/credit").status == 400);  // a credit
    auto found = api.get("/3/invoices?externalinvoicereference1=ferry%3Acredit-of-1").json();
    REQUIRE(found["Invoices"].size() == 1);
    CHECK(found["Invoices"][0]["Credit"] == "true");
}
