#include <catch2/catch.hpp>

#include "ferry/sdk/cpr_mask.hpp"
#include "test_support.hpp"

using namespace ferry;
using namespace ferry::store_lmdb;
using ferry::sdk::without_cpr_numbers;

TEST_CASE("CPR-shaped numbers are masked in free texts", "[privacy]") {
    CHECK(without_cpr_numbers("debtor 180767-0000 unknown") == "debtor [CPR removed] unknown");
    CHECK(without_cpr_numbers("1807670000") == "[CPR removed]");
    CHECK(without_cpr_numbers("cpr:180767 0000.") == "cpr:[CPR removed].");
    CHECK(without_cpr_numbers("a 2902001234 b 3112999999") == "a [CPR removed] b [CPR removed]");
}

TEST_CASE("numbers that cannot be CPR numbers are kept", "[privacy]") {
    for (const char* text :
         {"CVR 11223344", "EAN 5790000123456", "12345678901", "9999999999", "3213450000",
          "0000000000", "booked 2026123", "180767--0000", "18076-70000"})
        CHECK(without_cpr_numbers(text) == text);
}

TEST_CASE("the store masks CPR numbers in error texts and notes before writing", "[privacy]") {
    test::TempFolder folder;
    test::RecordingHost host;
    auto record = test::full_record("11223344", "7");
    record.error_text = "e-conomic: customer with CPR 180767-0000 not found";
    record.history.back().note = "debtor 1807670000";
    {
        auto store = test::open_store(folder.ledger(), host);
        store->save(record);
        auto found = store->find(record.key);
        REQUIRE(found);
        CHECK(found->error_text == "e-conomic: customer with CPR [CPR removed] not found");
        CHECK(found->history.back().note == "debtor [CPR removed]");
    }
    std::string raw = test::read_file(folder.ledger() + "/data.mdb");
    CHECK(raw.find("180767") == std::string::npos);
    CHECK(raw.find("customer with CPR [CPR removed]") != std::string::npos);
}
