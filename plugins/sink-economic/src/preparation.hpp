// What delivering a document to a company takes, decided from the company's settings and the
// reference data it read, before anything is created: shared by deliver (which then creates
// what is missing) and plan (which says what it would create), so the two never disagree.
#pragma once

#include <optional>
#include <vector>

#include "customers.hpp"
#include "draft_mapping.hpp"
#include "settings.hpp"

namespace ferry::economic {

// The payment terms Ferry creates when a document states its due date and the company has no
// terms of type dueDate, the only type that keeps it.
inline const PaymentTerms due_date_terms{0, "Forfaldsdato", "dueDate"};

struct Preparation {
    std::vector<DraftLine> lines;
    // Everything the draft refers to but the customer (and payment terms still to be created).
    DraftContext context;
    // Unset when due_date_terms are to be created.
    std::optional<PaymentTerms> payment_terms;
    // What a customer Ferry creates is given.
    NewCustomerTerms customer_terms;
    // Set for a patient invoice: it goes on the clinic's collective customer of this number.
    std::optional<std::int64_t> collective_customer;
};

// A Problem is a rejection. Throws ConfigurationGap when the settings name what the company
// lacks. `data` must outlive the result (the context points into it).
sdk::Result<Preparation> prepare(const CompanyConfig& company, const sdk::Document& document,
                                 std::vector<DraftLine> lines, const ReferenceData& data);

// How a ConfigurationGap met on a document is reported.
sdk::Problem configuration_problem(const sdk::DocumentKey& document, const ConfigurationGap& gap);

}  // namespace ferry::economic
