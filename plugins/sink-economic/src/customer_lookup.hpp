// How the decision asks e-conomic about existing customers while delivering, and the identity
// keys a lookup and a delivery's claims compare by.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "customer_records.hpp"

namespace ferry::economic {

// Asks e-conomic one question per need: a delivery looks at one customer.
class LiveLookup : public CustomerLookup {
  public:
    explicit LiveLookup(EconomicApi& api) : api_(api) {}
    std::optional<Json> customer(std::int64_t number) override;
    std::set<std::int64_t> sharing_identity(const sdk::Customer& customer) override;

  private:
    EconomicApi& api_;
};

// The identity keys of a customer, as sharing_identity compares them; e-conomic's `$eq`
// ignores case.
std::vector<std::string> identity_keys(const std::string& cvr, const std::string& ean,
                                       const std::string& vat_number);

}  // namespace ferry::economic
