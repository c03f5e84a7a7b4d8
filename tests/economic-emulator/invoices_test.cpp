#include "test_data.hpp"

using namespace ferry::test;

namespace {

struct InvoiceFixture {
    EmulatorProcess emulator;
    std::int64_t customer = create_customer(emulator);
    InvoiceFixture() {
        create_product(emulator, "KONS", 100);  // 25 % VAT domestic
        create_product(emulator, "FRI", 4);     // VAT-free services
    }
    nlohmann::json line(const std::string& product, double quantity, double price) const {
        return {{"description", "Behandling"},
                {"product", {{"productNumber", product}}},
                {"quantity", quantity},
                {"unitNetPrice", price}};
    }
    HttpResponse post_raw(const std::string& path, const std::string& text) const {
        return emulator.request("POST", path, text);
    }
};

}  // namespace

TEST_CASE_METHOD(InvoiceFixture, "drafts are priced by the emulator: 2 x 100 at 25 % is 200 + 50") {
    auto body = draft_body(customer, "CLINIC-1", {line("KONS", 2, 100)});
    body["netAmount"] = 1;  // supplied totals are ignored
    body["grossAmount"] = 999999;
    auto response = emulator.post("/invoices/drafts", body);
    REQUIRE(response.status == 201);
    auto draft = response.json();
    CHECK(draft["draftInvoiceNumber"] == 1);
    CHECK(response.header("location") == emulator.base_url() + "/invoices/drafts/1");
    CHECK(draft["netAmount"] == 200);
    CHECK(draft["vatAmount"] == 50);
    CHECK(draft["grossAmount"] == 250);
    CHECK(draft["exchangeRate"] == 100);
    CHECK(draft["dueDate"] == "2026-03-09");  // net 8 days
    CHECK(draft["paymentTerms"]["paymentTermsType"] == "net");
    CHECK(draft["lines"][0]["totalNetAmount"] == 200);
}

TEST_CASE_METHOD(InvoiceFixture, "totals use the exact decimals sent, discounts and the vat zone") {
    // 3 x 33.33 less 12.5 % = 87.49125 → 87.49; VAT 21.8725 → 21.87. Free line adds 0.10 + 0.20.
    auto text = R"({"date":"2026-03-01","currency":"DKK","customer":{"customerNumber":)" +
                std::to_string(customer) +
                R"(},"layout":{"layoutNumber":1},"paymentTerms":{"paymentTermsNumber":1},
        "recipient":{"name":"Jens","vatZone":{"vatZoneNumber":1}},
        "lines":[{"description":"a","product":{"productNumber":"KONS"},"quantity":3,"unitNetPrice":33.33,"discountPercentage":12.50},
                 {"description":"b","product":{"productNumber":"FRI"},"quantity":1,"unitNetPrice":0.10},
                 {"description":"c","product":{"productNumber":"FRI"},"quantity":1,"unitNetPrice":0.20}]})";
    auto draft = post_raw("/invoices/drafts", text).json();
    CHECK(draft["netAmount"].dump() == "87.79");
    CHECK(draft["vatAmount"].dump() == "21.87");
    CHECK(draft["grossAmount"].dump() == "109.66");

    auto abroad = draft_body(customer, "ABROAD", {line("KONS", 1, 100)});
    abroad["recipient"]["vatZone"]["vatZoneNumber"] = 3;
    CHECK(emulator.post("/invoices/drafts", abroad).json()["vatAmount"] == 0);
}

TEST_CASE_METHOD(InvoiceFixture,
                 "a credit note is a draft with negative quantities and negative totals") {
    auto draft =
        emulator.post("/invoices/drafts", draft_body(customer, "CREDIT-1", {line("KONS", -1, 650)}))
            .json();
    CHECK(draft["netAmount"] == -650);
    CHECK(draft["vatAmount"].dump() == "-162.5");
    CHECK(draft["grossAmount"].dump() == "-812.5");
}

TEST_CASE_METHOD(
    InvoiceFixture,
    "draft validation: decimals, product before quantity, unknown references are 400") {
    std::string text = draft_body(customer, "X").dump();
    text.replace(
        text.find(R"("lines":[])"), 10,
        R"("lines":[{"description":"a","product":{"productNumber":"KONS"},"quantity":1,"unitNetPrice":1.005}])");
    auto three_decimals = post_raw("/invoices/drafts", text);
    REQUIRE(three_decimals.status == 400);
    auto lines = three_decimals.json()["errors"]["lines"];
    REQUIRE(lines.is_array());
    CHECK(lines[0]["arrayIndex"] == 0);
    CHECK(lines[0]["unitNetPrice"]["errors"][0]["errorCode"] == "E04740");

    auto no_product = draft_body(customer, "X", {{{"description", "text"}, {"quantity", 1}}});
    auto no_product_response = emulator.post("/invoices/drafts", no_product);
    CHECK(no_product_response.json()["errors"]["lines"][0]["quantity"]["errors"][0]["errorCode"] ==
          "E04730");

    auto unknown = draft_body(999, "X", {line("NOPE", 1, 1)});
    unknown["currency"] = "ZZZ";
    unknown["layout"]["layoutNumber"] = 77;
    auto unknown_response = emulator.post("/invoices/drafts", unknown);
    REQUIRE(unknown_response.status == 400);
    auto errors = unknown_response.json()["errors"];
    CHECK(errors["customer"]["errors"][0]["errorCode"] == "E06000");
    CHECK(errors["currency"]["errors"][0]["errorCode"] == "E06000");
    CHECK(errors["layout"]["errors"][0]["errorCode"] == "E06000");
    CHECK(errors["lines"][0]["product"]["errors"][0]["errorCode"] == "E06000");

    auto missing = emulator.post("/invoices/drafts", nlohmann::json::object());
    CHECK(missing.json()["errorCount"] ==
          6);  // date, currency, customer, layout, paymentTerms, recipient

    auto zero_unit = draft_body(customer, "X", {line("KONS", 1, 1)});
    zero_unit["lines"][0]["unit"] = {{"unitNumber", 0}};
    CHECK(emulator.post("/invoices/drafts", zero_unit).status == 400);
}

TEST_CASE_METHOD(InvoiceFixture,
                 "dueDate is derived from the terms, and required for dueDate terms") {
    auto body = draft_body(customer, "DUE", {line("KONS", 1, 1)});
    body["dueDate"] = "2030-01-01";
    CHECK(emulator.post("/invoices/drafts", body).json()["dueDate"] ==
          "2026-03-09");  // sent value ignored

    body["paymentTerms"] = {{"paymentTermsNumber", 5}};  // type dueDate
    body.erase("dueDate");
    auto missing = emulator.post("/invoices/drafts", body);
    CHECK(missing.json()["errors"]["dueDate"]["errors"][0]["errorCode"] == "E04042");
    body["dueDate"] = "2026-02-01";
    CHECK(emulator.post("/invoices/drafts", body)
              .json()["errors"]["dueDate"]["errors"][0]["errorCode"] == "E04760");
    body["dueDate"] = "2026-04-15";
    CHECK(emulator.post("/invoices/drafts", body).json()["dueDate"] == "2026-04-15");

    body["paymentTerms"] = {{"paymentTermsNumber", 1}, {"paymentTermsType", "dueDate"}};
    CHECK(emulator.post("/invoices/drafts", body)
              .json()["errors"]["paymentTerms"]["paymentTermsType"]["errors"][0]["errorCode"] ==
          "E07180");
}

TEST_CASE_METHOD(InvoiceFixture,
                 "draft get, replace (header and lines), list without lines, delete") {
    emulator.post("/invoices/drafts", draft_body(customer, "D1", {line("KONS", 1, 100)}));
    auto replaced =
        emulator.put("/invoices/drafts/1",
                     draft_body(customer, "D1-new", {line("FRI", 2, 10), line("KONS", 1, 4)}));
    CHECK(replaced.status == 200);
    auto draft = emulator.get("/invoices/drafts/1").json();
    CHECK(draft["references"]["other"] == "D1-new");
    CHECK(draft["lines"].size() == 2);
    CHECK(draft["netAmount"] == 24);
    auto listed = emulator.get("/invoices/drafts").json();
    CHECK(listed["collection"][0].contains("netAmount"));
    CHECK_FALSE(listed["collection"][0].contains("lines"));
    auto deleted = emulator.request("DELETE", "/invoices/drafts/1");
    CHECK(deleted.status == 200);
    CHECK(deleted.json()["message"] == "Deleted invoice.");
    CHECK(deleted.json()["deletedCount"] == 1);
    CHECK(emulator.get("/invoices/drafts/1").status == 404);
    CHECK(emulator.request("DELETE", "/invoices/drafts").status == 405);
}

TEST_CASE_METHOD(InvoiceFixture,
                 "booking deletes the draft, allocates a number and copies references and lines") {
    emulator.post("/invoices/drafts", draft_body(customer, "BOOK-1", {line("KONS", 2, 100)}));
    auto booked =
        emulator.post("/invoices/booked", {{"draftInvoice", {{"draftInvoiceNumber", 1}}}});
    REQUIRE(booked.status == 201);
    auto invoice = booked.json();
    CHECK(invoice["bookedInvoiceNumber"] == 1);
    CHECK(booked.header("location") == emulator.base_url() + "/invoices/booked/1");
    CHECK(invoice["references"]["other"] == "BOOK-1");
    CHECK(invoice["grossAmount"] == 250);
    CHECK(invoice["remainder"] == 250);
    CHECK(invoice["lines"][0]["vatRate"] == 25);
    CHECK(invoice["lines"][0]["vatAmount"] == 50);
    CHECK(emulator.get("/invoices/drafts/1").status == 404);
    CHECK(emulator.get("/invoices/booked/1").json()["lines"].size() == 1);

    auto again = emulator.post("/invoices/booked", {{"draftInvoice", {{"draftInvoiceNumber", 1}}}});
    CHECK(again.status == 400);
    CHECK(again.json()["errors"]["draftInvoice"]["errors"][0]["errorCode"] == "E06000");

    emulator.post("/invoices/drafts", draft_body(customer, "BOOK-2", {line("FRI", 1, 10)}));
    auto chosen = emulator.post("/invoices/booked", {{"draftInvoice", {{"draftInvoiceNumber", 1}}},
                                                     {"bookWithNumber", 2026123}});
    CHECK(chosen.json()["bookedInvoiceNumber"] == 2026123);
    emulator.post("/invoices/drafts", draft_body(customer, "BOOK-3", {line("FRI", 1, 10)}));
    auto taken = emulator.post("/invoices/booked", {{"draftInvoice", {{"draftInvoiceNumber", 1}}},
                                                    {"bookWithNumber", 2026123}});
    CHECK(taken.status == 400);
    CHECK(emulator
              .post("/invoices/booked",
                    {{"draftInvoice", {{"draftInvoiceNumber", 1}}}, {"sendBy", "ean"}})
              .status == 400);

    auto found = emulator.get("/invoices/booked?filter=references.other$eq:BOOK-2").json();
    REQUIRE(found["collection"].size() == 1);
    CHECK(found["collection"][0]["bookedInvoiceNumber"] == 2026123);
    CHECK_FALSE(found["collection"][0].contains("lines"));
    CHECK(emulator.request("DELETE", "/invoices/booked/1").status == 405);
    CHECK(emulator.request("DELETE", "/customers/" + std::to_string(customer)).status == 400);
    CHECK(emulator.get("/invoices/booked/5").status == 404);

    auto state =
        emulator.request("GET", "/__emulator/agreements/emulator-grant/state", "", {}).json();
    CHECK(state["booked"].size() == 2);
    CHECK(state["booked"][0]["references"]["other"] == "BOOK-1");
    CHECK(state["booked"][0]["grossAmount"] == 250);
    CHECK(state["drafts"].size() == 1);
}

TEST_CASE_METHOD(InvoiceFixture,
                 "draft and booking bodies built from the schemas' required fields are accepted") {
    auto draft = required_only_body("invoices.drafts.post", {{"date", "2026-03-01"},
                                                             {"currency", "DKK"},
                                                             {"customerNumber", customer},
                                                             {"layoutNumber", 1},
                                                             {"paymentTermsNumber", 1},
                                                             {"name", "Jens"},
                                                             {"vatZoneNumber", 1}});
    CHECK(draft.size() == 6);
    auto created = emulator.post("/invoices/drafts", draft);
    REQUIRE(created.status == 201);
    CHECK(created.json()["netAmount"] == 0);
    auto booking = required_only_body("invoices.booked.post", {});
    booking["draftInvoice"] = {{"draftInvoiceNumber", created.json()["draftInvoiceNumber"]}};
    CHECK(emulator.post("/invoices/booked", booking).status == 201);
    CHECK(
        emulator.post("/invoices/booked", required_only_body("invoices.booked.post", {})).status ==
        400);
}

namespace {

// Three 25 % lines of 10.02 and one VAT-free line, priced by an emulator started with `arguments`.
nlohmann::json priced_with(std::vector<std::string> arguments) {
    EmulatorProcess emulator(std::move(arguments));
    auto customer = create_customer(emulator);
    create_product(emulator, "KONS", 100);
    create_product(emulator, "FRI", 4);
    nlohmann::json lines = nlohmann::json::array();
    for (const char* product : {"KONS", "KONS", "KONS", "FRI"})
        lines.push_back({{"description", "Behandling"},
                         {"product", {{"productNumber", product}}},
                         {"quantity", 1},
                         {"unitNetPrice", 10.02}});
    auto response = emulator.post("/invoices/drafts", draft_body(customer, "ROUNDING", lines));
    REQUIRE(response.status == 201);
    return response.json();
}

}  // namespace

TEST_CASE("VAT is rounded per line unless --vat-rounding rate rounds it once per rate") {
    // Per line: 3 × (2.505 → 2.51) = 7.53. Per rate: 30.06 × 25 % = 7.515 → 7.52.
    auto per_line = priced_with({});
    CHECK(per_line["netAmount"].dump() == "40.08");
    CHECK(per_line["vatAmount"].dump() == "7.53");
    CHECK(per_line["grossAmount"].dump() == "47.61");
    auto explicit_line = priced_with({"--vat-rounding", "line"});
    CHECK(explicit_line["vatAmount"].dump() == "7.53");

    auto per_rate = priced_with({"--vat-rounding", "rate"});
    CHECK(per_rate["netAmount"].dump() == "40.08");
    CHECK(per_rate["vatAmount"].dump() == "7.52");
    CHECK(per_rate["grossAmount"].dump() == "47.6");
}
