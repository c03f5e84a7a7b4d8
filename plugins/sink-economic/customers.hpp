// Finds or creates the e-conomic customer an invoice is booked on, as NovaXport does: a
// business or public body by CVR, then EAN, then exact name; a private person never becomes
// a customer — the clinic's collective customer (numbered as its provider number) is used.
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "economic_api.hpp"
#include "ferry/sdk/document.hpp"

namespace ferry::economic {

// What a customer Ferry creates is given.
struct NewCustomerTerms {
    std::string currency;
    std::int64_t customer_group = 0;
    std::int64_t payment_terms = 0;
    std::int64_t vat_zone = 0;
};

class CustomerDirectory {
  public:
    explicit CustomerDirectory(EconomicApi& api) : api_(api) {}

    std::int64_t business(const sdk::Party& party, const NewCustomerTerms& terms,
                          const std::string& idempotency_key);
    std::int64_t collective(std::int64_t provider_number, const NewCustomerTerms& terms,
                            const std::string& idempotency_key);

    void forget();

  private:
    std::optional<std::int64_t> lookup(const std::string& filter);
    std::optional<std::int64_t> cached(const std::string& key);
    void remember(const std::string& key, std::int64_t number);

    EconomicApi& api_;
    std::mutex mutex_;
    std::map<std::string, std::int64_t> known_;  // "cvr:…", "ean:…", "name:…" → number
};

}  // namespace ferry::economic
