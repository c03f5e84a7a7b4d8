#include "test_data.hpp"

#include <filesystem>
#include <fstream>

using namespace ferry::test;

TEST_CASE("a booking survives kill -9 of the emulator, and so does the idempotency cache") {
    auto state = temporary_state_file("kill");
    auto headers = economic_headers();
    headers.emplace_back("Idempotency-Key", "PERSIST-book");
    std::string first_answer;
    {
        EmulatorProcess emulator({}, state);
        auto customer = create_customer(emulator);
        create_product(emulator, "KONS");
        emulator.post("/invoices/drafts", draft_body(customer, "PERSIST-1",
                                                     {{{"description", "a"},
                                                       {"product", {{"productNumber", "KONS"}}},
                                                       {"quantity", 2},
                                                       {"unitNetPrice", 100}}}));
        emulator.post("/invoices/drafts", draft_body(customer, "PERSIST-2"));
        auto booked = emulator.request("POST", "/invoices/booked",
                                       R"({"draftInvoice":{"draftInvoiceNumber":1}})", headers);
        REQUIRE(booked.status == 201);
        first_answer = booked.body;
        emulator.kill_hard();
    }
    EmulatorProcess restarted({}, state);
    auto booked =
        restarted.get("/invoices/booked?filter=references.other$eq:PERSIST-1").json()["collection"];
    REQUIRE(booked.size() == 1);
    CHECK(booked[0]["grossAmount"] == 250);
    CHECK(restarted.get("/invoices/drafts").json()["pagination"]["results"] == 1);
    CHECK(restarted.get("/products/KONS").status == 200);
    auto replay = restarted.request("POST", "/invoices/booked",
                                    R"({"draftInvoice":{"draftInvoiceNumber":1}})", headers);
    CHECK(replay.header("x-resultfromcache") == "true");
    CHECK(replay.json()["bookedInvoiceNumber"] ==
          nlohmann::json::parse(first_answer)["bookedInvoiceNumber"]);
    CHECK(restarted.post("/invoices/booked", {{"draftInvoice", {{"draftInvoiceNumber", 2}}}})
              .json()["bookedInvoiceNumber"] == 2);
    // The first booking's entries survived, and the second's are numbered after them.
    const auto ledger = restarted.get("/accounting-years/2026/entries?sort=entryNumber").json();
    REQUIRE(ledger["collection"].size() == 3 + 1);  // debtor, sales, VAT; then a debtor of 0
    CHECK(ledger["collection"][3]["entryNumber"] == 4);
    CHECK(ledger["collection"][3]["voucherNumber"] == 2);
    std::filesystem::remove(state);
}

TEST_CASE("deletes persist too, a torn last line is ignored, and SIGTERM exits cleanly") {
    auto state = temporary_state_file("torn");
    {
        EmulatorProcess emulator({}, state);
        create_customer(emulator, "Kept");
        create_customer(emulator, "Deleted");
        CHECK(emulator.request("DELETE", "/customers/2").status == 204);
        CHECK(emulator.request("DELETE", "/payment-terms/1").status == 405);
        int status = emulator.terminate();
        CHECK(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
    }
    std::ofstream(state, std::ios::app) << R"({"agreement":"emulator-grant","ops":[{"put":"cust)";
    EmulatorProcess restarted({}, state);
    auto customers = restarted.get("/customers").json()["collection"];
    REQUIRE(customers.size() == 1);
    CHECK(customers[0]["name"] == "Kept");
    CHECK(create_customer(restarted, "Reuses number") == 2);  // ids are reused after delete
    std::filesystem::remove(state);
}
