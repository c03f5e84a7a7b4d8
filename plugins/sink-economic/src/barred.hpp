// A customer or product someone barred in e-conomic. Barring is a bookkeeper's decision: Ferry
// neither works around it (a new customer would be a duplicate of the barred one) nor waits for
// it to pass, but refuses the document and says which customer or product to look at.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "economic_api.hpp"

namespace ferry::economic {

class Barred : public std::runtime_error {
  public:
    Barred(std::string code, const std::string& reason)
        : std::runtime_error(reason), code_(std::move(code)) {}
    const std::string& code() const { return code_; }

  private:
    std::string code_;
};

// Reasons name numbers only: a customer's name is personal data for a sole trader.
Barred barred_customer(std::int64_t customer_number);
Barred barred_products(const std::vector<std::string>& product_numbers);

// e-conomic's own refusal of a barred customer (E06820) or product (E06600), barred after
// Ferry last read its customers and products. `customer_number` and `product_numbers` are what
// the draft named, for a refusal that does not say which.
std::optional<Barred> barred_refusal(const ApiFailure& failure, std::int64_t customer_number,
                                     const std::vector<std::string>& product_numbers);

}  // namespace ferry::economic
