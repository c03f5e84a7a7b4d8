// Makes sure every product a draft names exists, creating missing ones in the line's product
// group. Products are looked up in an index of all the company's product numbers, read in pages
// of 1000 instead of searching once per line; before creating one the index lacks, an index
// older than `fresh_for` is read again, so a product made by hand meanwhile is not created twice.
// A barred product is not sold: the document is refused (Barred).
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "creation_claims.hpp"
#include "draft_mapping.hpp"
#include "economic_api.hpp"
#include "index_refresh.hpp"

namespace ferry::economic {

// A product the product_numbers setting names is missing: e-conomic must be set up, not guessed.
ConfigurationGap missing_mapped_product(const DraftLine& line);

class ProductCatalog {
  public:
    explicit ProductCatalog(EconomicApi& api,
                            std::chrono::seconds fresh_for = std::chrono::seconds(60))
        : api_(api), fresh_for_(fresh_for) {}

    enum class State { missing, present, barred };

    // `idempotency_base` + ":product:" + number keys the creation of each product. Throws
    // ConfigurationGap for a missing product that product_numbers names.
    void ensure(const DraftLine& line, const std::string& idempotency_base);
    // What ensure() would find, without creating anything.
    State state(const std::string& product_number, Refresh refresh);
    void forget();

  private:
    State state_locked(const std::string& product_number, Refresh refresh);
    void read_index();

    EconomicApi& api_;
    std::chrono::seconds fresh_for_;
    std::mutex mutex_;
    // Two deliveries for one new product must not both create it; for different ones they may.
    CreationClaims creating_;
    std::optional<std::chrono::steady_clock::time_point> read_at_;
    std::set<std::string> existing_;
    std::set<std::string> barred_;
};

}  // namespace ferry::economic
