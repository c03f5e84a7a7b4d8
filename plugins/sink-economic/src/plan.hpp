// `ferry plan`: what deliver_document would do with a document, found with reading requests
// only. The decisions are deliver's own (prepare, the customer and product look-ups, the
// line mapping); what an earlier document of the same plan would create counts as created,
// once, so a second invoice to a new customer is planned onto the customer the first creates.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "company.hpp"
#include "customer_records.hpp"
#include "customers.hpp"
#include "ferry/sdk/sink.hpp"

namespace ferry::economic {

// What the documents planned so far in one company would create, each with the document
// whose delivery would create it.
struct PlanMemory {
    CustomerIndex customers;  // numbered by position in customer_creators
    std::vector<std::string> customer_creators;
    std::map<std::int64_t, std::string> collective_customers;  // provider number → document
    std::map<std::string, std::string> products;               // product number → document
    std::optional<std::string> due_date_terms;
    // Every customer of the company, read for the first customer document planned.
    std::optional<CustomerSnapshot> customer_records;
};

// Reads each of the company's lists once (reference data, customers, products) and keeps
// them, so a plan over many documents costs a bounded number of requests. Throws ApiFailure
// when e-conomic does not answer.
sdk::Plan plan_document(Company& company, const sdk::Document& document, PlanMemory& memory);

// Why the plan could not be made, for a failure while reading company `cvr`.
sdk::Problem plan_failure(const ApiFailure& failure, const std::string& cvr);

}  // namespace ferry::economic
