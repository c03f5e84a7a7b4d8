// The source's customer register in e-conomic (kind customer): a source customer becomes the
// e-conomic customer of the same number, created once, then kept following the source for what
// the source knows (name, numbers, address, e-mail, telephone, barred), while what a bookkeeper
// decides in e-conomic (customer group, payment terms, VAT zone, layout, contacts) stays as it is
// there. Never a second customer for one party: a number or a CVR, EAN or VAT number e-conomic
// already has under another customer is refused, for a person to link (`ferry link customers`).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "company.hpp"
#include "ferry/sdk/sink.hpp"

namespace ferry::economic {

// The TargetRefs key of a customer: its e-conomic customerNumber. A delivery records it, and so
// does a person's link (customers() offers it); an update and an invoice naming the customer as
// a prerequisite read it.
inline constexpr const char* customer_target_key = "customer";

// Recorded under customer_target_key before a customer is created ("creating:77"): after a
// crash, a customer 77 found in e-conomic is the one this delivery created, not someone else's.
inline constexpr const char* creating_marker = "creating:";

// What the decision needs to know of e-conomic's customers: asked one by one while delivering,
// from one read of them all while planning.
class CustomerLookup {
  public:
    virtual ~CustomerLookup() = default;
    virtual std::optional<Json> customer(std::int64_t number) = 0;
    // The numbers of customers with the CVR, EAN or VAT number `customer` has.
    virtual std::set<std::int64_t> sharing_identity(const sdk::Customer& customer) = 0;
};

// Every customer of a company, read once for a plan.
class CustomerSnapshot : public CustomerLookup {
  public:
    explicit CustomerSnapshot(EconomicApi& api);
    std::optional<Json> customer(std::int64_t number) override;
    std::set<std::int64_t> sharing_identity(const sdk::Customer& customer) override;

  private:
    std::map<std::int64_t, Json> customers_;
    std::map<std::string, std::set<std::int64_t>> by_identity_;  // "cvr:…", "ean:…", "vat:…"
};

sdk::Delivery deliver_customer(Company& company, const sdk::DeliveryRequest& request,
                               sdk::HostServices& host);

// incomplete when e-conomic has a customer of the document's number (deliver() then tells by
// `known` whether this pipeline created it), absent when not. Throws ApiFailure.
sdk::Found find_customer(Company& company, const sdk::DocumentKey& key);

// Every customer of the company, barred ones too, for `ferry link customers`. Throws ApiFailure.
std::vector<sdk::TargetCustomer> target_customers(Company& company);

// What deliver_customer would do, seen without the ledger: a customer e-conomic already has
// under the source's number is planned as an update of the one it was delivered as or linked to.
sdk::Plan plan_customer_record(Company& company, const sdk::Document& document,
                               CustomerLookup& customers);

// The e-conomic customer number an invoice's prerequisites name (its customer, delivered or
// linked), if it names one.
std::optional<std::string> prerequisite_customer(const sdk::DeliveryRequest& request);

}  // namespace ferry::economic
