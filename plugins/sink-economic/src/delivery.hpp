// One document into one company: customer, products, draft, totals check, booking.
#pragma once

#include "company.hpp"
#include "ferry/sdk/sink.hpp"

namespace ferry::economic {

sdk::Delivery deliver_document(Company& company, const sdk::DeliveryRequest& request,
                               sdk::HostServices& host);

// How an API failure during a step becomes a delivery outcome; 401/403 also pauses the company.
sdk::Delivery failure_outcome(const ApiFailure& failure, Company& company,
                              const sdk::DocumentKey& document, const std::string& step,
                              const sdk::TargetRefs& target);

// 16 hex digits that tell request bodies apart in Idempotency-Keys.
std::string short_hash(const std::string& text);

}  // namespace ferry::economic
