// What a client can read in the emulator's answers is what e-conomic's answers carry: the
// shapes of real responses (README "Faithful" and "guessed" sections say which is which).
#include "test_data.hpp"

#include <algorithm>

using namespace ferry::test;

namespace {

struct InvoiceShapesFixture {
    EmulatorProcess emulator;
    std::int64_t customer = create_customer(emulator);
    InvoiceShapesFixture() { create_product(emulator, "KONS", 100); }

    nlohmann::json draft_for_zone(int vat_zone) const {
        auto body = draft_body(customer, "CLINIC-7",
                               {{{"description", "Behandling"},
                                 {"product", {{"productNumber", "KONS"}}},
                                 {"quantity", 1},
                                 {"unitNetPrice", 100}}});
        body["recipient"]["vatZone"]["vatZoneNumber"] = vat_zone;
        return body;
    }
};

bool contains(const nlohmann::json& list, const std::string& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

TEST_CASE_METHOD(InvoiceShapesFixture,
                 "a draft's recipient shows its vat zone whole with name and flags") {
    auto created = emulator.post("/invoices/drafts", draft_for_zone(1));
    REQUIRE(created.status == 201);
    auto zone_url = emulator.base_url() + "/vat-zones/1";
    for (const auto& draft : {created.json(), emulator.get("/invoices/drafts/1").json(),
                              emulator.get("/invoices/drafts").json()["collection"][0]}) {
        INFO(draft.dump());
        const auto& zone = draft["recipient"]["vatZone"];
        CHECK(zone["vatZoneNumber"] == 1);
        CHECK(zone["name"] == "Domestic");
        CHECK(zone["enabledForCustomer"] == true);
        CHECK(zone["enabledForSupplier"] == true);
        CHECK(zone["self"] == zone_url);
    }

    // A false flag is left out, as e-conomic leaves out every false boolean.
    REQUIRE(emulator.put("/invoices/drafts/1", draft_for_zone(4)).status == 200);
    auto exempt = emulator.get("/invoices/drafts/1").json()["recipient"]["vatZone"];
    CHECK(exempt["name"] == "Domestic exempt VAT");
    CHECK(exempt["enabledForCustomer"] == true);
    CHECK_FALSE(exempt.contains("enabledForSupplier"));
}

TEST_CASE_METHOD(InvoiceShapesFixture, "recipient.cvr sent on a draft is shown on it and kept") {
    auto body = draft_for_zone(1);
    body["recipient"]["cvr"] = "22001884";
    auto created = emulator.post("/invoices/drafts", body);
    REQUIRE(created.status == 201);
    CHECK(created.json()["recipient"]["cvr"] == "22001884");
    CHECK(emulator.get("/invoices/drafts/1").json()["recipient"]["cvr"] == "22001884");

    body["recipient"]["cvr"] = "12345678";
    REQUIRE(emulator.put("/invoices/drafts/1", body).status == 200);
    CHECK(emulator.get("/invoices/drafts/1").json()["recipient"]["cvr"] == "12345678");

    auto booked =
        emulator.post("/invoices/booked", {{"draftInvoice", {{"draftInvoiceNumber", 1}}}});
    REQUIRE(booked.status == 201);
    CHECK(booked.json()["recipient"]["cvr"] == "12345678");

    SECTION("a draft without it shows none") {
        REQUIRE(emulator.post("/invoices/drafts", draft_for_zone(1)).status == 201);
        CHECK_FALSE(emulator.get("/invoices/drafts/1").json()["recipient"].contains("cvr"));
    }
    SECTION("it is checked as e-conomic's schema for drafts describes it") {
        body["recipient"]["cvr"] = std::string(41, '1');
        auto too_long = emulator.post("/invoices/drafts", body);
        CHECK(too_long.status == 400);
        CHECK(error_at(too_long, "/errors/recipient/cvr/errors/0")["errorCode"] == "E04300");
        body["recipient"]["cvr"] = 22001884;
        CHECK(emulator.post("/invoices/drafts", body).status == 400);
    }
}

TEST_CASE_METHOD(InvoiceShapesFixture,
                 "a booked invoice carries its sent link and pdf and the whole vat zone") {
    REQUIRE(emulator.post("/invoices/drafts", draft_for_zone(2)).status == 201);
    auto booking = emulator.post("/invoices/booked", {{"draftInvoice", {{"draftInvoiceNumber", 1}}},
                                                      {"bookWithNumber", 5001}});
    REQUIRE(booking.status == 201);
    auto self = emulator.base_url() + "/invoices/booked/5001";
    for (const auto& booked : {booking.json(), emulator.get("/invoices/booked/5001").json(),
                               emulator.get("/invoices/booked").json()["collection"][0]}) {
        INFO(booked.dump());
        CHECK(booked["sent"] == self + "/sent");
        CHECK(booked["pdf"]["download"] == self + "/pdf");
        CHECK(booked["recipient"]["vatZone"]["name"] == "EU");
        CHECK(booked["recipient"]["vatZone"]["self"] == emulator.base_url() + "/vat-zones/2");
    }
    auto filtered =
        emulator.get("/invoices/booked?filter=recipient.vatZone.vatZoneNumber$eq:2").json();
    CHECK(filtered["collection"].size() == 1);
}

TEST_CASE("a customer carries e-conomic's links and a plain vat zone reference") {
    EmulatorProcess emulator;
    auto number = create_customer(emulator);
    auto self = emulator.base_url() + "/customers/" + std::to_string(number);
    auto totals = emulator.base_url() + "/invoices/totals/";
    auto single = emulator.get("/customers/" + std::to_string(number)).json();
    for (const auto& customer : {single, emulator.get("/customers").json()["collection"][0]}) {
        INFO(customer.dump());
        CHECK(customer["invoices"] == nlohmann::json{{"drafts", self + "/invoices/drafts"},
                                                     {"booked", self + "/invoices/booked"},
                                                     {"self", self + "/invoices"}});
        CHECK(customer["totals"] ==
              nlohmann::json{{"drafts", totals + "drafts/customers/" + std::to_string(number)},
                             {"booked", totals + "booked/customers/" + std::to_string(number)},
                             {"self", self + "/totals"}});
        CHECK(customer["templates"] ==
              nlohmann::json{{"invoice", self + "/templates/invoice"},
                             {"invoiceLine", self + "/templates/invoiceline"},
                             {"self", self + "/templates"}});
        CHECK(customer["contacts"] == self + "/contacts");
        CHECK(customer["deliveryLocations"] == self + "/delivery-locations");
        // Unlike an invoice's recipient, e-conomic's customers reference the zone only.
        CHECK(customer["vatZone"] ==
              nlohmann::json{{"vatZoneNumber", 1}, {"self", emulator.base_url() + "/vat-zones/1"}});
    }
    CHECK(single["metaData"]["replace"]["href"] == self);
    CHECK(single["metaData"]["delete"]["httpMethod"] == "delete");
}

TEST_CASE("a filter on a property e-conomic will not filter answers as e-conomic does") {
    EmulatorProcess emulator;
    auto response = emulator.get("/customers?filter=name$eq:a$and:shoeSize$eq:42");
    REQUIRE(response.status == 400);
    auto body = response.json();
    INFO(response.body);
    CHECK(body["message"] == "Could not parse query string filter.");
    CHECK(body["httpStatusCode"] == 400);
    CHECK_FALSE(body.contains("errorCode"));
    CHECK(body["errors"] == nlohmann::json{"Filtering is not allowed on property 'shoeSize'."});
    const auto& allowed = body["allowedFilteringFields"];
    CHECK(contains(allowed, "corporateIdentificationNumber"));
    CHECK(contains(allowed, "customerGroup.customerGroupNumber"));
    CHECK(contains(allowed, "pNumber"));
    CHECK_FALSE(contains(allowed, "shoeSize"));

    SECTION("each collection lists its own fields") {
        auto booked = emulator.get("/invoices/booked?filter=customerNumber$eq:1").json();
        CHECK(booked["errors"] ==
              nlohmann::json{"Filtering is not allowed on property 'customerNumber'."});
        CHECK(contains(booked["allowedFilteringFields"], "references.other"));
        CHECK(contains(booked["allowedFilteringFields"], "customer.customerNumber"));
    }
    SECTION("a malformed filter gets the same message with what is wrong in errors") {
        auto syntax = emulator.get("/customers?filter=name$bogus:1").json();
        CHECK(syntax["message"] == "Could not parse query string filter.");
        REQUIRE(syntax["errors"].size() == 1);
        CHECK(syntax["errors"][0].get<std::string>().find("$bogus:") != std::string::npos);
    }
}
