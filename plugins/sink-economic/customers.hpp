// Finds or creates the e-conomic customer an invoice is booked on, as NovaXport does: a
// business or public body by CVR, then EAN, then exact name; a private person never becomes
// a customer — the clinic's collective customer (numbered as its provider number) is used.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

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

// Looks customers up in an index of all the company's customers, read in pages of 1000 (one
// request for most clinics) instead of searching once per invoice; customers Ferry creates
// join it. Before creating one the index lacks, an index older than `fresh_for` is read again,
// so a customer someone created by hand meanwhile is used rather than duplicated.
class CustomerDirectory {
  public:
    explicit CustomerDirectory(EconomicApi& api,
                               std::chrono::seconds fresh_for = std::chrono::seconds(60))
        : api_(api), fresh_for_(fresh_for) {}

    std::int64_t business(const sdk::Party& party, const NewCustomerTerms& terms,
                          const std::string& idempotency_key);
    std::int64_t collective(std::int64_t provider_number, const NewCustomerTerms& terms,
                            const std::string& idempotency_key);

    void forget();

  private:
    // The first of `keys` the index holds, reading it first if it was never read, and again
    // if it is stale and holds none of them. Called with mutex_ held.
    std::optional<std::int64_t> indexed(const std::vector<std::string>& keys);
    void read_index();
    void add(const Json& customer, const std::vector<std::string>& also = {});

    EconomicApi& api_;
    std::chrono::seconds fresh_for_;
    // Held across a creation too: two deliveries for one new customer must not both create it.
    std::mutex mutex_;
    std::optional<std::chrono::steady_clock::time_point> read_at_;
    // "cvr:…", "ean:…", "name:<lower case>", "number:…" → the lowest-numbered customer: the
    // oldest one is the one people have been using.
    std::map<std::string, std::int64_t> index_;
};

}  // namespace ferry::economic
