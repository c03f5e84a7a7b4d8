// Everything the sink keeps per e-conomic company: its settings, its rate budget, its API
// client, and what it has learnt (reference data, customers, products).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "accounting_calendar.hpp"
#include "customers.hpp"
#include "economic_api.hpp"
#include "products.hpp"
#include "reference_data.hpp"
#include "settings.hpp"

namespace ferry::economic {

class Company {
  public:
    Company(CompanyConfig config, const SinkConfig& sink, HttpClient& http,
            sdk::HostServices& host);

    const CompanyConfig& config() const { return config_; }
    EconomicApi& api() { return api_; }
    CustomerDirectory& customers() { return customers_; }
    ProductCatalog& products() { return products_; }
    AccountingCalendar& calendar() { return calendar_; }
    // Deliveries of the source's customers that could create the same e-conomic customer.
    CreationClaims& customer_creations() { return customer_creations_; }

    // Read on first use and kept; shared so that forgetting it never pulls it from under a
    // delivery that is using it.
    std::shared_ptr<const ReferenceData> reference_data();
    // After a refusal or a missing setting someone may fix e-conomic: read everything afresh.
    void forget_learned();
    // The company's payment terms of `wanted`'s type, made with `create` when it holds none:
    // once, however many documents ask at the same time, and kept so later documents use them
    // without reading again.
    PaymentTerms terms_of_type(const PaymentTerms& wanted,
                               const std::function<PaymentTerms()>& create);

    // After a 401/403 the company is left alone for a while: every document would fail the
    // same way, and each try spends the agreement's budget.
    std::optional<std::string> blocked_reason();
    void block(const std::string& reason);
    std::chrono::minutes block_duration() const { return unauthorized_pause_; }

  private:
    CompanyConfig config_;
    sdk::HostServices& host_;
    RateBudget budget_;
    EconomicApi api_;
    CustomerDirectory customers_;
    ProductCatalog products_;
    AccountingCalendar calendar_;
    CreationClaims customer_creations_;
    std::chrono::minutes unauthorized_pause_;

    std::mutex mutex_;
    std::mutex creating_terms_;  // held across the request that creates them
    std::shared_ptr<const ReferenceData> reference_data_;
    std::chrono::steady_clock::time_point blocked_until_{};
    std::string blocked_reason_;
};

}  // namespace ferry::economic
