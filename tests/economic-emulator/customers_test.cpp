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
