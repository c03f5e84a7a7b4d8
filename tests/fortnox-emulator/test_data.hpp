// Shared helpers of the fortnox-emulator tests.
#pragma once

#include "fortnox_emulator_process.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

namespace ferry::test::fortnox {

inline nlohmann::json customer_body(const std::string& name,
                                    const std::string& organisation_number = "556677-8899") {
    return {{"Customer",
             {{"Name", name}, {"OrganisationNumber", organisation_number}, {"Type", "COMPANY"}}}};
}

// Creates a customer and returns its CustomerNumber.
inline std::string create_customer(const ApiClient& api, const std::string& name = "Kliniken") {
    auto created = api.post("/3/customers", customer_body(name));
    REQUIRE(created.status == 201);
    return created.json()["Customer"]["CustomerNumber"].get<std::string>();
}

inline nlohmann::json visit_row(nlohmann::json price = 850, int vat = 0, int account = 3004) {
    return {{"Description", "Besök"},
            {"DeliveredQuantity", "1"},
            {"Price", price},
            {"VAT", vat},
            {"AccountNumber", account}};
}

inline nlohmann::json invoice_body(const std::string& customer, const std::string& reference,
                                   nlohmann::json rows = nlohmann::json::array({visit_row()})) {
    return {{"Invoice",
             {{"CustomerNumber", customer},
              {"InvoiceDate", "2026-05-01"},
              {"DueDate", "2026-05-31"},
              {"Currency", "SEK"},
              {"VATIncluded", false},
              {"ExternalInvoiceReference1", reference},
              {"YourReference", "Ref"},
              {"OurReference", "Kliniken"},
              {"Remarks", "Tack"},
              {"InvoiceRows", rows}}}};
}

// Creates an invoice and returns its DocumentNumber.
inline std::string create_invoice(const ApiClient& api, const std::string& customer,
                                  const std::string& reference) {
    auto created = api.post("/3/invoices", invoice_body(customer, reference));
    REQUIRE(created.status == 201);
    return created.json()["Invoice"]["DocumentNumber"].get<std::string>();
}

inline nlohmann::json error_information(const HttpResponse& response) {
    return response.json().at("ErrorInformation");
}

}  // namespace ferry::test::fortnox
