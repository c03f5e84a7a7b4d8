#include "products.hpp"

namespace ferry::economic {

void ProductCatalog::forget() {
    std::lock_guard lock(mutex_);
    existing_.clear();
}

void ProductCatalog::ensure(const DraftLine& line, const std::string& idempotency_base) {
    {
        std::lock_guard lock(mutex_);
        if (existing_.count(line.product_number))
            return;
    }
    // A filter rather than /products/{number}: product numbers in paths need e-conomic's own
    // escaping, filter values only the documented one.
    bool exists =
        !api_.list("/products", "productNumber$eq:" + escape_filter_value(line.product_number))
             .empty();
    if (!exists) {
        Json body = {{"productNumber", line.product_number},
                     {"name", line.product_name.empty() ? line.product_number : line.product_name},
                     {"productGroup", {{"productGroupNumber", line.product_group}}}};
        api_.post("/products", body, idempotency_base + ":product:" + line.product_number);
    }
    std::lock_guard lock(mutex_);
    existing_.insert(line.product_number);
}

}  // namespace ferry::economic
