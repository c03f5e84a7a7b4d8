#include "test_data.hpp"

using namespace ferry::test;

namespace {

struct CustomersFixture {
    EmulatorProcess emulator;
    CustomersFixture() {
        for (const char* name : {"Anna (Odense)", "Bo $ Co", "Carl", "Dorte", "Erik"})
            create_customer(emulator, name);
        auto with_cvr = customer_body("Find Me");
        with_cvr["corporateIdentificationNumber"] = "12345678";
        with_cvr["ean"] = "5790000000000";
        emulator.post("/customers", with_cvr);
    }
    std::vector<std::string> names(const std::string& query) const {
        auto response = emulator.get("/customers?" + query);
        INFO(query << " → " << response.body);
        REQUIRE(response.status == 200);
        std::vector<std::string> found;
        const auto page = response.json();
        for (const auto& customer : page["collection"])
            found.push_back(customer["name"]);
        return found;
    }
};

using Names = std::vector<std::string>;

}  // namespace

TEST_CASE_METHOD(CustomersFixture,
                 "filters: comparisons, like, in, and/or, parentheses, null and escaping") {
    CHECK(names("filter=corporateIdentificationNumber$eq:12345678") == Names{"Find Me"});
    CHECK(names("filter=name$eq:carl") == Names{"Carl"});  // case-insensitive
    CHECK(names("filter=customerNumber$gte:5") == Names{"Erik", "Find Me"});
    CHECK(names("filter=customerNumber$lt:2$or:customerNumber$gt:5") ==
          Names{"Anna (Odense)", "Find Me"});
    CHECK(names("filter=customerNumber$in:[2,4]") == Names{"Bo $ Co", "Dorte"});
    CHECK(names("filter=customerNumber$nin:[1,2,3,4,5]") == Names{"Find Me"});
    CHECK(names("filter=name$like:ort") == Names{"Dorte"});  // contains
    CHECK(names("filter=name$like:e*") == Names{"Erik"});
    CHECK(names("filter=(name$like:r$and:customerNumber$lt:5)$or:name$eq:Erik") ==
          Names{"Carl", "Dorte", "Erik"});
    CHECK(names("filter=name$eq:Bo%20$$%20Co") == Names{"Bo $ Co"});
    CHECK(names("filter=name$eq:Anna%20$(Odense$)") == Names{"Anna (Odense)"});
    CHECK(names("filter=ean$eq:$null:").size() == 5);
    CHECK(names("filter=ean$ne:$null:") == Names{"Find Me"});
    CHECK(names("filter=pNumber$eq:$null:").size() == 6);  // unlisted in the schema but accepted
}

TEST_CASE_METHOD(CustomersFixture, "filter errors are 400 with allowedFilteringFields") {
    auto unknown = emulator.get("/customers?filter=shoeSize$eq:42");
    REQUIRE(unknown.status == 400);
    auto body = unknown.json();
    CHECK(body["errors"].is_array());
    auto allowed = body["allowedFilteringFields"];
    CHECK(std::find(allowed.begin(), allowed.end(), "corporateIdentificationNumber") !=
          allowed.end());
    CHECK(emulator.get("/customers?filter=name$bogus:1").status == 400);
    CHECK(emulator.get("/customers?filter=name$eq:a$b").status == 400);  // unescaped $
    std::string many = "filter=customerNumber$in:[";
    for (int i = 1; i <= 201; ++i)
        many += std::to_string(i) + (i < 201 ? "," : "]");
    CHECK(emulator.get("/customers?" + many).status == 400);
    CHECK(emulator.get("/currencies?filter=code$eq:DKK").status ==
          400);  // nothing filterable there
}

TEST_CASE_METHOD(CustomersFixture, "sorting by sortable fields, descending, and 400 for the rest") {
    CHECK(names("sort=-name&pagesize=2") == Names{"Find Me", "Erik"});
    CHECK(names("sort=name").front() == "Anna (Odense)");
    auto bad = emulator.get("/customers?sort=barred");
    CHECK(bad.status == 400);
    CHECK(bad.json()["message"] == "Could not parse query string sort parameter.");
}

TEST_CASE_METHOD(CustomersFixture, "paging envelope as e-conomic writes it") {
    auto page = emulator.get("/customers?skippages=1&pagesize=2").json();
    CHECK(page["collection"].size() == 2);
    auto pagination = page["pagination"];
    CHECK(pagination["maxPageSizeAllowed"] == 1000);
    CHECK(pagination["skipPages"] == 1);
    CHECK(pagination["pageSize"] == 2);
    CHECK(pagination["results"] == 6);
    CHECK(pagination["resultsWithoutFilter"] == 6);
    auto base = emulator.base_url() + "/customers";
    CHECK(pagination["firstPage"] == base + "?skippages=0&pagesize=2");
    CHECK(pagination["previousPage"] == base + "?skippages=0&pagesize=2");
    CHECK(pagination["nextPage"] == base + "?skippages=2&pagesize=2");
    CHECK(pagination["lastPage"] == base + "?skippages=2&pagesize=2");
    CHECK(page["self"] == base + "?skippages=1&pagesize=2");
    CHECK(page["metaData"]["create"]["httpMethod"] == "post");

    auto first = emulator.get("/customers?pagesize=2").json()["pagination"];
    CHECK_FALSE(first.contains("previousPage"));
    auto last = emulator.get("/customers?skippages=2&pagesize=2").json()["pagination"];
    CHECK_FALSE(last.contains("nextPage"));
    CHECK(emulator.get("/customers?skippages=9").json()["collection"].empty());
    auto filtered = emulator.get("/customers?filter=name$like:o").json()["pagination"];
    CHECK(filtered["results"] == 3);
    CHECK(filtered["resultsWithoutFilter"] == 6);

    CHECK(emulator.get("/customers?pagesize=1000").status == 200);
    auto too_big = emulator.get("/customers?pagesize=1001");
    CHECK(too_big.status == 400);
    CHECK(too_big.json()["errorCode"] == "E04810");
    CHECK(emulator.get("/customers?pagesize=abc").status == 400);
}
