// Whom an invoice is made out to in Fortnox, as SGX does it. A private person (a patient) is a
// PRIVATE customer whose number Ferry derives from the person's identifier, so that a patient
// seen twice is found again without Ferry keeping anything about the person: the number is
// "P" and 12 hex digits of a SHA-256 of the personal number (or, without one, of name and
// address), and it lives in Fortnox only, never in Ferry's ledger or logs. A company must
// already be a customer with the same organisation number; Ferry never changes it, and
// creates it only with create_companies.
#pragma once

#include <string>
#include <vector>

#include "ferry/sdk/document.hpp"
#include "ferry/sdk/problem.hpp"
#include "tenant.hpp"

namespace ferry::fortnox {

// The buyer's Swedish organisation number (10 digits), "" for a private person. A Problem
// when the buyer is a business Fortnox cannot be asked about (no Swedish number).
sdk::Result<std::string> buyer_organisation_number(const sdk::Document& document);

// The CustomerNumber of a private buyer, from its personal number or name and address.
std::string private_customer_number(const sdk::Party& buyer);

// The Fortnox CustomerNumber for the document's buyer, creating a private customer (and a
// company, with create_companies) if missing. A Problem rejects the document. Throws
// ApiFailure when Fortnox could not be asked.
sdk::Result<std::string> customer_for(Tenant& tenant, const SinkConfig& sink,
                                      const sdk::Document& document);

// Every customer number whose OrganisationNumber is exactly `digits` (10 digits).
std::vector<std::string> customers_with_number(FortnoxApi& api, const std::string& digits);

}  // namespace ferry::fortnox
