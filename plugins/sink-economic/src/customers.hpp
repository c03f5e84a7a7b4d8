// Finds or creates the e-conomic customer an invoice is booked on: a business or public body by
// CVR, then EAN, then name (a customer made by hand may lack the numbers), but never a customer
// of that name with another CVR or EAN: a municipality's institutions share its name, each with
// its own EAN. A private person never becomes a customer: the clinic's collective customer
// (numbered as its provider number) is used. A barred customer is passed over for an unbarred
// match; when it is the only match the document is refused (Barred), never given a new customer.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "creation_claims.hpp"
#include "economic_api.hpp"
#include "ferry/sdk/document.hpp"
#include "index_refresh.hpp"

namespace ferry::economic {

// What a customer Ferry creates is given.
struct NewCustomerTerms {
    std::string currency;
    std::int64_t customer_group = 0;
    std::int64_t payment_terms = 0;
    std::int64_t vat_zone = 0;
};

// How a document's customer is recognised among known customers: by CVR, then EAN, then name
// (never one of that name with another CVR or EAN); an unbarred match before a barred one.
// Also holds the customers `ferry plan` would create, so that a second document to the same
// new customer is planned onto it.
struct CustomerMatch {
    std::int64_t number = 0;
    std::string found_by;  // "CVR 12345678", "EAN …", "name": numbers and reasons, never names
    bool barred = false;
};

class CustomerIndex {
  public:
    struct Identity {
        std::string cvr, ean;
    };

    void add(std::int64_t number, const Identity& identity, const std::vector<std::string>& names,
             bool barred);
    std::optional<CustomerMatch> match(const sdk::Party& party) const;
    bool holds(std::int64_t number) const {
        return numbers_.count("number:" + std::to_string(number));
    }
    bool barred(std::int64_t number) const { return barred_.count(number) > 0; }
    void clear();

  private:
    // "cvr:…", "ean:…", "number:…" → the customers, lowest number first: the oldest one is the
    // one people have been using.
    std::map<std::string, std::set<std::int64_t>> numbers_;
    std::set<std::int64_t> barred_;
    // Names in lower case (e-conomic's `$eq` ignores case) → every customer of that name, lowest
    // number first, with the numbers that tell them apart.
    std::map<std::string, std::map<std::int64_t, Identity>> names_;
};

// "Patienter, ydernummer N": the clinic's customer for every patient invoice.
std::string collective_customer_name(std::int64_t provider_number);

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

    // The customer business() or collective() would take, without creating one: none when
    // they would create it, a barred one when they would refuse the document.
    std::optional<CustomerMatch> find_business(const sdk::Party& party, Refresh refresh);
    std::optional<CustomerMatch> find_collective(std::int64_t provider_number, Refresh refresh);

    void forget();

  private:
    // The customer `find` picks from the index, reading it first if it was never read, and
    // with Refresh::when_stale again if it is stale and `find` picks none. Called with mutex_
    // held.
    std::optional<CustomerMatch> indexed(const std::function<std::optional<CustomerMatch>()>& find,
                                         Refresh refresh);
    std::optional<CustomerMatch> business_locked(const sdk::Party& party, Refresh refresh);
    std::optional<CustomerMatch> collective_locked(std::int64_t provider_number, Refresh refresh);
    void read_index();
    // `as` is what the customer was created from: e-conomic may shorten what it stores.
    void add(const Json& customer, const std::optional<sdk::Party>& as = std::nullopt);

    EconomicApi& api_;
    std::chrono::seconds fresh_for_;
    std::mutex mutex_;
    // Two deliveries for one new customer must not both create it; for different ones they may.
    CreationClaims creating_;
    std::optional<std::chrono::steady_clock::time_point> read_at_;
    CustomerIndex index_;
};

}  // namespace ferry::economic
