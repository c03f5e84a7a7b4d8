#include "products.hpp"

#include "barred.hpp"

namespace ferry::economic {

ConfigurationGap missing_mapped_product(const DraftLine& line) {
    return ConfigurationGap("product " + line.product_number +
                            ", which product_numbers names for "
                            "line kind '" +
                            line.mapped_from +
                            "', does not exist in e-conomic; create it there (Ferry does not "
                            "create mapped products)");
}

void ProductCatalog::forget() {
    std::lock_guard lock(mutex_);
    existing_.clear();
    barred_.clear();
    read_at_.reset();
}

void ProductCatalog::read_index() {
    existing_.clear();
    barred_.clear();
    read_at_.reset();
    api_.for_each("/products", {}, [&](Json& product) {
        auto number = product.find("productNumber");
        if (number == product.end() || !number->is_string())
            return;
        existing_.insert(number->get<std::string>());
        if (auto barred = product.find("barred");
            barred != product.end() && barred->is_boolean() && barred->get<bool>())
            barred_.insert(number->get<std::string>());
    });
    read_at_ = std::chrono::steady_clock::now();
}

ProductCatalog::State ProductCatalog::state_locked(const std::string& product_number,
                                                   Refresh refresh) {
    if (!read_at_ || (refresh == Refresh::when_stale && !existing_.count(product_number) &&
                      std::chrono::steady_clock::now() - *read_at_ >= fresh_for_))
        read_index();
    if (!existing_.count(product_number))
        return State::missing;
    return barred_.count(product_number) ? State::barred : State::present;
}

ProductCatalog::State ProductCatalog::state(const std::string& product_number, Refresh refresh) {
    std::lock_guard lock(mutex_);
    return state_locked(product_number, refresh);
}

void ProductCatalog::ensure(const DraftLine& line, const std::string& idempotency_base) {
    const std::vector<std::string> keys = {line.product_number};
    for (;;) {
        std::unique_lock lock(mutex_);
        switch (state_locked(line.product_number, Refresh::when_stale)) {
            case State::present:
                return;
            case State::barred:
                throw barred_products({line.product_number});
            case State::missing:
                if (!line.mapped_from.empty())
                    throw missing_mapped_product(line);
                break;
        }
        if (auto claim = creating_.try_claim(keys)) {
            lock.unlock();
            Json body = {
                {"productNumber", line.product_number},
                {"name", line.product_name.empty() ? line.product_number : line.product_name},
                {"productGroup", {{"productGroupNumber", line.product_group}}}};
            api_.post("/products", body, idempotency_base + ":product:" + line.product_number);
            lock.lock();
            existing_.insert(line.product_number);
            return;
        }
        lock.unlock();
        creating_.wait_for(keys);
    }
}

}  // namespace ferry::economic
