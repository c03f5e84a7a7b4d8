// An e-conomic emulator whose ledger holds entries: invoices booked through its API, so the
// entries are the ones a booking posts (tools/economic-emulator, "What booking posts").
#pragma once

#include <catch2/catch.hpp>

#include "economic-emulator/emulator_process.hpp"

namespace ferry::economic::testing {

struct BookedLedger {
    static constexpr const char* cvr = "12345678";
    test::EmulatorProcess emulator;
    std::int64_t customer = 0;

    explicit BookedLedger(std::vector<std::string> options = {}) : emulator(std::move(options)) {
        auto created = emulator.post("/customers", {{"name", "Karen Hansen"},
                                                    {"currency", "DKK"},
                                                    {"customerGroup", {{"customerGroupNumber", 1}}},
                                                    {"paymentTerms", {{"paymentTermsNumber", 1}}},
                                                    {"vatZone", {{"vatZoneNumber", 1}}}});
        REQUIRE(created.status == 201);
        customer = created.json()["customerNumber"].get<std::int64_t>();
        REQUIRE(emulator
                    .post("/products", {{"productNumber", "KONS"},
                                        {"name", "Konsultation"},
                                        {"productGroup", {{"productGroupNumber", 100}}}})
                    .status == 201);
    }

    // Books `price` (net, 25 % VAT) on `date`, on departmental distribution `distribution`
    // when given (10000 splits 50/50 between departments 2 and 3).
    void book(const std::string& date, const std::string& price, int distribution = 0) {
        nlohmann::json line = {{"description", "Konsultation"},
                               {"product", {{"productNumber", "KONS"}}},
                               {"quantity", 1},
                               {"unitNetPrice", nlohmann::json::parse(price)}};
        if (distribution)
            line["departmentalDistribution"] = {{"departmentalDistributionNumber", distribution}};
        nlohmann::json draft = {
            {"date", date},
            {"currency", "DKK"},
            {"customer", {{"customerNumber", customer}}},
            {"layout", {{"layoutNumber", 19}}},
            {"paymentTerms", {{"paymentTermsNumber", 1}}},
            {"recipient", {{"name", "Karen Hansen"}, {"vatZone", {{"vatZoneNumber", 1}}}}},
            {"lines", {line}}};
        auto drafted = emulator.post("/invoices/drafts", draft);
        INFO(drafted.body);
        REQUIRE(drafted.status == 201);
        auto booked = emulator.post(
            "/invoices/booked",
            {{"draftInvoice", {{"draftInvoiceNumber", drafted.json()["draftInvoiceNumber"]}}}});
        INFO(booked.body);
        REQUIRE(booked.status == 201);
    }
};

}  // namespace ferry::economic::testing
