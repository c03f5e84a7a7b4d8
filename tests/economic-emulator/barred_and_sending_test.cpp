// Barred customers and products are refused on drafts and at booking; what a booking asked
// e-conomic to send it by is visible in the state dump.
#include "test_data.hpp"

using namespace ferry::test;

namespace {

struct BarredFixture {
    EmulatorProcess emulator;
    std::int64_t customer = create_customer(emulator);
    BarredFixture() { create_product(emulator, "KONS"); }

    static nlohmann::json line(const std::string& product) {
        return {{"description", "Behandling"},
                {"product", {{"productNumber", product}}},
                {"quantity", 1},
                {"unitNetPrice", 100}};
    }
    void bar_customer(std::int64_t number) {
        auto body = customer_body();
        body["barred"] = true;
        REQUIRE(emulator.put("/customers/" + std::to_string(number), body).status == 200);
    }
    void bar_product(const std::string& number) {
        auto body = product_body(number);
        body["barred"] = true;
        REQUIRE(emulator.put("/products/" + number, body).status == 200);
    }
    HttpResponse book(std::int64_t draft, const nlohmann::json& extra = nlohmann::json::object()) {
        nlohmann::json body = {{"draftInvoice", {{"draftInvoiceNumber", draft}}}};
        body.update(extra);
        return emulator.post("/invoices/booked", body);
    }
    nlohmann::json state() {
        return emulator.get(std::string("/__emulator/agreements/") + emulator_grant + "/state")
            .json();
    }
};

}  // namespace

TEST_CASE_METHOD(BarredFixture, "a draft for a barred customer is refused with E06820") {
    bar_customer(customer);
    auto response =
        emulator.post("/invoices/drafts", draft_body(customer, "BARRED-CUSTOMER", {line("KONS")}));
    CHECK(response.status == 400);
    auto error = error_at(response, "/errors/customer/errors/0");
    CHECK(error["errorCode"] == "E06820");
    CHECK(error["inputValue"] == customer);
    CHECK(response.json()["errorCode"] == "E04300");
    CHECK(state()["drafts"].empty());
}

TEST_CASE_METHOD(BarredFixture, "a draft line with a barred product is refused with E06600") {
    create_product(emulator, "SPAERRET");
    bar_product("SPAERRET");
    auto response = emulator.post("/invoices/drafts", draft_body(customer, "BARRED-PRODUCT",
                                                                 {line("KONS"), line("SPAERRET")}));
    CHECK(response.status == 400);
    auto error = error_at(response, "/errors/lines/0");
    CHECK(error["arrayIndex"] == 1);
    CHECK(error["product"]["errors"][0]["errorCode"] == "E06600");
    CHECK(error["product"]["errors"][0]["inputValue"] == "SPAERRET");
}

TEST_CASE_METHOD(BarredFixture,
                 "booking a draft whose customer or product was barred since is refused") {
    auto created =
        emulator.post("/invoices/drafts", draft_body(customer, "BARRED-LATER", {line("KONS")}));
    REQUIRE(created.status == 201);
    auto draft = created.json()["draftInvoiceNumber"].get<std::int64_t>();
    std::string code;
    SECTION("the customer") {
        bar_customer(customer);
        code = error_at(book(draft), "/errors/customer/errors/0")["errorCode"];
        CHECK(code == "E06820");
    }
    SECTION("the product") {
        bar_product("KONS");
        code = error_at(book(draft), "/errors/lines/0/product/errors/0")["errorCode"];
        CHECK(code == "E06600");
    }
    CHECK(state()["booked"].empty());
    CHECK(state()["drafts"].size() == 1);
}

TEST_CASE_METHOD(BarredFixture, "the state dump shows what a booking asked to be sent by") {
    auto first = emulator.post("/invoices/drafts", draft_body(customer, "SENT", {line("KONS")}));
    auto second = emulator.post("/invoices/drafts", draft_body(customer, "KEPT", {line("KONS")}));
    REQUIRE(book(first.json()["draftInvoiceNumber"], {{"sendBy", "EAN"}}).status == 201);
    auto booked = book(second.json()["draftInvoiceNumber"]);
    REQUIRE(booked.status == 201);
    CHECK_FALSE(booked.json().contains("__sendBy"));
    auto dump = state()["booked"];
    REQUIRE(dump.size() == 2);
    CHECK(dump[0]["sendBy"] == "EAN");
    CHECK_FALSE(dump[1].contains("sendBy"));
}
