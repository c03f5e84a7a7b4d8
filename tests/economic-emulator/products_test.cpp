#include "test_data.hpp"

using namespace ferry::test;

TEST_CASE("products are created with a string number and read back through the custom escaping") {
    EmulatorProcess emulator;
    auto response = emulator.post("/products", product_body("KONS 30_A/B.1%"));
    REQUIRE(response.status == 201);
    std::string escaped = "KONS_9_30_8_A_6_B_11_1_3_";
    CHECK(response.header("location") == emulator.base_url() + "/products/" + escaped);
    auto product = emulator.get("/products/" + escaped);
    REQUIRE(product.status == 200);
    CHECK(product.json()["productNumber"] == "KONS 30_A/B.1%");
    CHECK(emulator.get("/products/NOPE").status == 404);
    CHECK(emulator.post("/products", product_body("KONS 30_A/B.1%")).status == 400);  // duplicate
}

TEST_CASE("a product built from the schema's required fields only is accepted") {
    EmulatorProcess emulator;
    auto body = required_only_body(
        "products.post",
        {{"productNumber", "REQ-1"}, {"name", "Kun krav"}, {"productGroupNumber", 100}});
    CHECK(emulator.post("/products", body).status == 201);
}

TEST_CASE("product validation: numeric product numbers, lengths and unknown groups") {
    EmulatorProcess emulator;
    auto numeric = product_body("x");
    numeric["productNumber"] = 50;
    auto response = emulator.post("/products", numeric);
    REQUIRE(response.status == 400);
    CHECK(error_at(response, "/errors/productNumber/errors/0")["errorMessage"] ==
          "Expected String but got Integer.");

    CHECK(emulator.post("/products", product_body(std::string(26, 'P'))).status == 400);
    auto unknown_group = emulator.post("/products", product_body("P1", 555));
    CHECK(unknown_group.status == 400);
    CHECK(error_at(unknown_group, "/errors/productGroup/errors/0")["errorCode"] == "E07150");
}

TEST_CASE("PUT /products/{n} replaces or creates, DELETE removes") {
    EmulatorProcess emulator;
    create_product(emulator, "P1");
    auto changed = product_body("ignored-body-number");
    changed["name"] = "Ny";
    CHECK(emulator.put("/products/P1", changed).status == 200);
    CHECK(emulator.get("/products/P1").json()["name"] == "Ny");
    CHECK(emulator.put("/products/P_9_2", product_body("P 2")).status == 201);
    CHECK(emulator.get("/products/P_9_2").json()["productNumber"] == "P 2");
    CHECK(emulator.put("/products/P3", nlohmann::json{{"name", "no group"}}).status == 400);
    CHECK(emulator.request("DELETE", "/products/P1").status == 204);
    CHECK(emulator.get("/products/P1").status == 404);
}
