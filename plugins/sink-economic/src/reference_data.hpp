// The agreement's reference data the sink needs (groups, zones, layouts, payment terms, units,
// departmental distributions), read once per company and kept: it changes rarely, and a
// backlog of thousands of invoices should not re-read it per invoice.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "economic_api.hpp"

namespace ferry::economic {

// Something the settings name does not exist in e-conomic: fixed there or in the pipeline,
// not per document.
class ConfigurationGap : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct PaymentTerms {
    std::int64_t number = 0;
    std::string name;
    std::string type;  // "net", "dueDate", ...
};

struct ReferenceData {
    std::map<std::int64_t, std::optional<std::int64_t>> customer_groups;  // → its layout
    std::set<std::int64_t> product_groups;
    std::set<std::int64_t> vat_zones;
    std::set<std::int64_t> layouts;  // not deleted
    std::vector<PaymentTerms> payment_terms;
    std::map<std::string, std::int64_t> units;          // lower-case name → number
    std::set<std::int64_t> departmental_distributions;  // not barred; read only when enabled
    bool departments_read = false;

    const PaymentTerms* terms_named(const std::string& name) const;
    const PaymentTerms* terms_of_type(const std::string& type) const;
    // The unit whose name e-conomic agreements commonly give a UN/ECE Rec 20 code, if any.
    std::optional<std::int64_t> unit_for(const std::string& unit_code) const;
};

ReferenceData read_reference_data(EconomicApi& api, bool with_departments);

}  // namespace ferry::economic
