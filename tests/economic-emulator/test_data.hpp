// Bodies the emulator tests share: a valid customer, product and draft invoice.
#pragma once

#include "emulator_process.hpp"

#include <catch2/catch.hpp>

namespace ferry::test {

inline nlohmann::json customer_body(const std::string& name = "Nyborg Klinik ApS") {
    return {{"name", name},
            {"currency", "DKK"},
            {"corporateIdentificationNumber", "11223344"},
            {"customerGroup", {{"customerGroupNumber", 100}}},
            {"paymentTerms", {{"paymentTermsNumber", 1}}},
            {"vatZone", {{"vatZoneNumber", 1}}}};
}

inline nlohmann::json product_body(const std::string& number, int group = 100) {
    return {{"productNumber", number},
            {"name", "Konsultation"},
            {"productGroup", {{"productGroupNumber", group}}}};
}

inline nlohmann::json draft_body(std::int64_t customer_number, const std::string& other_reference,
                                 nlohmann::json lines = nlohmann::json::array()) {
    return {{"date", "2026-03-01"},
            {"currency", "DKK"},
            {"customer", {{"customerNumber", customer_number}}},
            {"layout", {{"layoutNumber", 19}}},
            {"paymentTerms", {{"paymentTermsNumber", 1}}},
            {"recipient", {{"name", "Jens Hansen"}, {"vatZone", {{"vatZoneNumber", 1}}}}},
            {"references", {{"other", other_reference}}},
            {"lines", lines}};
}

// Creates a customer and returns its number.
inline std::int64_t create_customer(const EmulatorProcess& emulator,
                                    const std::string& name = "Nyborg Klinik ApS") {
    auto response = emulator.post("/customers", customer_body(name));
    REQUIRE(response.status == 201);
    return response.json()["customerNumber"].get<std::int64_t>();
}

inline void create_product(const EmulatorProcess& emulator, const std::string& number,
                           int group = 100) {
    REQUIRE(emulator.post("/products", product_body(number, group)).status == 201);
}

// The first error object of a validation body at `pointer` (e.g. "/errors/currency/errors/0").
inline nlohmann::json error_at(const HttpResponse& response, const std::string& pointer) {
    auto body = response.json();
    nlohmann::json::json_pointer at(pointer);
    INFO(response.body);
    REQUIRE(body.contains(at));
    return body[at];
}

}  // namespace ferry::test
