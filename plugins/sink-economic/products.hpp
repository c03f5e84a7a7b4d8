// Makes sure every product a draft names exists, creating missing ones in the line's product
// group; products known to exist are remembered so a backlog does not look them up again.
#pragma once

#include <mutex>
#include <set>
#include <string>

#include "draft_mapping.hpp"
#include "economic_api.hpp"

namespace ferry::economic {

class ProductCatalog {
  public:
    explicit ProductCatalog(EconomicApi& api) : api_(api) {}

    // `idempotency_base` + ":product:" + number keys the creation of each product.
    void ensure(const DraftLine& line, const std::string& idempotency_base);
    void forget();

  private:
    EconomicApi& api_;
    std::mutex mutex_;
    std::set<std::string> existing_;
};

}  // namespace ferry::economic
