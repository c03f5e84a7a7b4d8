#include "emulator_process.hpp"

#include <catch2/catch.hpp>

using namespace ferry::test;

namespace {

nlohmann::json collection(const EmulatorProcess& emulator, const std::string& path) {
    auto response = emulator.get(path);
    REQUIRE(response.status == 200);
    return response.json()["collection"];
}

bool has(const nlohmann::json& items, const std::string& field, const nlohmann::json& value) {
    for (const auto& item : items)
        if (item.value(field, nlohmann::json()) == value)
            return true;
    return false;
}

}  // namespace

TEST_CASE("reference data is seeded as a Danish agreement has it") {
    EmulatorProcess emulator;
    auto currencies = collection(emulator, "/currencies");
    CHECK(has(currencies, "code", "DKK"));
    CHECK(has(currencies, "code", "EUR"));
    auto zones = collection(emulator, "/vat-zones");
    CHECK(zones.size() == 4);
    CHECK(zones[3]["name"] == "Domestic exempt VAT");
    CHECK_FALSE(zones[3].contains("enabledForSupplier"));  // false is omitted, as e-conomic does
    auto terms = collection(emulator, "/payment-terms");
    CHECK(has(terms, "paymentTermsType", "dueDate"));
    CHECK(has(terms, "name", "Standard"));
    CHECK(has(collection(emulator, "/customer-groups"), "customerGroupNumber", 100));
    CHECK(has(collection(emulator, "/product-groups"), "productGroupNumber", 100));
    CHECK_FALSE(collection(emulator, "/layouts").empty());
    CHECK_FALSE(collection(emulator, "/units").empty());
    CHECK_FALSE(collection(emulator, "/departments").empty());
    CHECK(has(collection(emulator, "/departmental-distributions"), "departmentalDistributionNumber",
              10000));
    auto only_distributions = collection(emulator, "/departmental-distributions/distributions");
    REQUIRE(only_distributions.size() == 1);
    CHECK(only_distributions[0]["distributionType"] == "distribution");
}

TEST_CASE("single reference items have self links on the emulator, unknown ids are 404") {
    EmulatorProcess emulator;
    auto zone = emulator.get("/vat-zones/1");
    REQUIRE(zone.status == 200);
    CHECK(zone.json()["self"] == emulator.base_url() + "/vat-zones/1");
    CHECK(emulator.get("/currencies/DKK").json()["isoNumber"] == "208");
    CHECK(emulator.get("/vat-zones/99").status == 404);
    CHECK(emulator.get("/layouts/abc").status == 404);
    CHECK(emulator.request("DELETE", "/vat-zones/1").status == 405);
}

TEST_CASE("payment terms can be created, type and name are required, enum casing is strict") {
    EmulatorProcess emulator;
    auto created =
        emulator.post("/payment-terms",
                      {{"name", "Netto 30"}, {"paymentTermsType", "net"}, {"daysOfCredit", 30}});
    REQUIRE(created.status == 201);
    auto number = created.json()["paymentTermsNumber"];
    CHECK(created.header("location") == emulator.base_url() + "/payment-terms/" + number.dump());
    CHECK(emulator.get("/payment-terms/" + number.dump()).json()["name"] == "Netto 30");

    auto wrong_case = emulator.post("/payment-terms", {{"name", "x"}, {"paymentTermsType", "Net"}});
    CHECK(wrong_case.status == 400);
    CHECK(wrong_case.json()["errors"].contains("paymentTermsType"));
    auto missing = emulator.post("/payment-terms", nlohmann::json::object());
    CHECK(missing.status == 400);
    CHECK(missing.json()["errorCount"] == 2);

    auto required_only = required_only_body("payment-terms.post",
                                            {{"name", "Kun krav"}, {"paymentTermsType", "net"}});
    CHECK(emulator.post("/payment-terms", required_only).status == 201);
}
