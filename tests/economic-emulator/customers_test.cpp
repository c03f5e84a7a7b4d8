#include "test_data.hpp"

using namespace ferry::test;

TEST_CASE("POST /customers creates with the next number, 201, Location and the full entity") {
    EmulatorProcess emulator;
    auto response = emulator.post("/customers", customer_body());
    REQUIRE(response.status == 201);
    auto customer = response.json();
    CHECK(customer["customerNumber"] == 1);
    CHECK(response.header("location") == emulator.base_url() + "/customers/1");
    CHECK(customer["self"] == emulator.base_url() + "/customers/1");
    CHECK(customer["customerGroup"]["self"] == emulator.base_url() + "/customer-groups/100");
    CHECK(customer.contains("lastUpdated"));
    CHECK(customer["balance"] == 0);
    CHECK(emulator.get("/customers/1").json()["name"] == "Nyborg Klinik ApS");

    auto chosen = customer_body("Chosen");
    chosen["customerNumber"] = 1042;
    CHECK(emulator.post("/customers", chosen).json()["customerNumber"] == 1042);
    CHECK(emulator.post("/customers", chosen).status == 400);  // number in use
}

TEST_CASE("a customer built from the schema's required fields only is accepted") {
    EmulatorProcess emulator;
    auto body = required_only_body("customers.post", {{"name", "Kun krav"},
                                                      {"currency", "DKK"},
                                                      {"customerGroupNumber", 1},
                                                      {"paymentTermsNumber", 1},
                                                      {"vatZoneNumber", 1}});
    CHECK(body.size() == 5);
    CHECK(emulator.post("/customers", body).status == 201);
}

TEST_CASE("customer validation collects every error per field in e-conomic's shape") {
    EmulatorProcess emulator;
    nlohmann::json body = {{"name", nullptr},
                           {"currency", "XXX"},
                           {"customerNumber", "12"},
                           {"customerGroup", {{"customerGroupNumber", 0}}},
                           {"paymentTerms", nlohmann::json::object()},
                           {"vatZone", {{"vatZoneNumber", 9}}},
                           {"email", std::string(256, 'x')}};
    auto response = emulator.post("/customers", body);
    REQUIRE(response.status == 400);
    auto error = response.json();
    CHECK(error["errorCode"] == "E04300");
    CHECK(error["httpStatusCode"] == 400);
    CHECK(error["errorCount"] == 7);
    CHECK(error["message"] == "Validation failed. 7 errors found.");
    CHECK(error_at(response, "/errors/name/errors/0")["errorMessage"] ==
          "Expected String but got Null.");
    CHECK(error_at(response, "/errors/currency/errors/0")["errorCode"] == "E06000");
    CHECK(error_at(response, "/errors/customerNumber/errors/0")["errorMessage"] ==
          "Expected Integer but got String.");
    CHECK(
        error_at(response, "/errors/customerGroup/customerGroupNumber/errors/0")["errorMessage"] ==
        "Integer 0 is less than minimum value of 1.");
    CHECK(error_at(response, "/errors/paymentTerms/errors/0")["errorCode"] == "E04500");
    CHECK(error_at(response, "/errors/vatZone/errors/0")["errorCode"] == "E06000");
    CHECK(error_at(response, "/errors/email/errors/0")["propertyName"] == "email");

    auto unknown_group = customer_body();
    unknown_group["customerGroup"] = {{"customerGroupNumber", 77}};
    auto group_error = emulator.post("/customers", unknown_group);
    CHECK(group_error.status == 400);
    CHECK(error_at(group_error, "/errors/customerGroup/errors/0")["errorCode"] == "E07140");

    auto missing = emulator.post("/customers", nlohmann::json::object());
    CHECK(missing.json()["errorCount"] == 5);
}

TEST_CASE("PUT /customers/{n} replaces everything and upserts, DELETE removes, unknown is 404") {
    EmulatorProcess emulator;
    auto number = create_customer(emulator);
    auto replacement = customer_body("Renamed");
    replacement.erase("corporateIdentificationNumber");
    auto replaced = emulator.put("/customers/" + std::to_string(number), replacement);
    CHECK(replaced.status == 200);
    auto stored = emulator.get("/customers/" + std::to_string(number)).json();
    CHECK(stored["name"] == "Renamed");
    CHECK_FALSE(stored.contains("corporateIdentificationNumber"));  // omitted fields are cleared

    CHECK(emulator.put("/customers/500", customer_body("Upserted")).status == 201);
    CHECK(emulator.put("/customers/501", nlohmann::json::object()).status == 400);
    CHECK(emulator.request("DELETE", "/customers/500").status == 204);
    CHECK(emulator.get("/customers/500").status == 404);
    CHECK(emulator.request("DELETE", "/customers/500").status == 404);
    CHECK(emulator.get("/customers/abc").status == 404);
    CHECK(emulator.get("/customers/0").status == 404);
}

// What sink-economic relies on when it keeps a source's customers (issue 19).
TEST_CASE("PUT /customers/{n} is validated like a creation with the PUT schema fields") {
    EmulatorProcess emulator;
    auto number = std::to_string(create_customer(emulator));
    auto body = customer_body();
    body.erase("name");
    body["layout"] = {{"layoutNumber", 77}};
    body["vatNumber"] = std::string(21, '1');
    auto refused = emulator.put("/customers/" + number, body);
    REQUIRE(refused.status == 400);
    CHECK(refused.json()["errorCode"] == "E04300");
    CHECK(refused.json()["errorCount"] == 3);
    CHECK(error_at(refused, "/errors/name/errors/0")["propertyName"] == "name");
    CHECK(error_at(refused, "/errors/layout/errors/0")["errorCode"] == "E06000");
    CHECK(error_at(refused, "/errors/vatNumber/errors/0")["propertyName"] == "vatNumber");
    CHECK(emulator.get("/customers/" + number).json()["name"] == "Nyborg Klinik ApS");

    // What only the PUT schema has is kept; barred and layout as given.
    auto replacement = customer_body("Ny");
    replacement["layout"] = {{"layoutNumber", 19}};
    replacement["barred"] = true;
    replacement["attention"] = {{"customerContactNumber", 3}};
    REQUIRE(emulator.put("/customers/" + number, replacement).status == 200);
    auto stored = emulator.get("/customers/" + number).json();
    CHECK(stored["layout"]["layoutNumber"] == 19);
    CHECK(stored["barred"] == true);
    CHECK(stored["attention"]["customerContactNumber"] == 3);
    replacement.erase("barred");
    REQUIRE(emulator.put("/customers/" + number, replacement).status == 200);
    CHECK_FALSE(emulator.get("/customers/" + number).json().contains("barred"));  // false omitted
}

TEST_CASE("a customer number in use is refused on POST also when the same body comes again") {
    EmulatorProcess emulator;
    auto body = customer_body();
    body["customerNumber"] = 77;
    auto headers = economic_headers();
    headers.emplace_back("Idempotency-Key", "create-77");
    auto first = emulator.request("POST", "/customers", body.dump(), headers);
    REQUIRE(first.status == 201);
    auto replayed = emulator.request("POST", "/customers", body.dump(), headers);
    CHECK(replayed.status == 201);  // the answer to the key, not a second customer
    CHECK(replayed.header("x-resultfromcache") == "true");
    auto taken = emulator.post("/customers", body);
    REQUIRE(taken.status == 400);
    CHECK(error_at(taken, "/errors/customerNumber/errors/0")["errorCode"] == "E06010");
    CHECK(error_at(taken, "/errors/customerNumber/errors/0")["inputValue"] == 77);
    CHECK(emulator.get("/customers").json()["pagination"]["results"] == 1);
}

TEST_CASE("customers are found by CVR or EAN or VAT number in one filter") {
    EmulatorProcess emulator;
    auto with = [&](const char* field, const char* value) {
        auto body = customer_body(field);
        body[field] = value;
        return emulator.post("/customers", body).json()["customerNumber"].get<int>();
    };
    int cvr = with("corporateIdentificationNumber", "12345678");
    int ean = with("ean", "5790000123456");
    int vat = with("vatNumber", "SE556677889901");
    create_customer(emulator, "Neither");
    auto found = emulator.get(
        "/customers?filter=" +
        std::string("corporateIdentificationNumber$eq:12345678$or:ean$eq:5790000123456$or:"
                    "vatNumber$eq:se556677889901"));
    REQUIRE(found.status == 200);
    const auto page = found.json();
    std::vector<int> numbers;
    for (const auto& customer : page["collection"])
        numbers.push_back(customer["customerNumber"]);
    CHECK(numbers == std::vector<int>{cvr, ean, vat});
}
