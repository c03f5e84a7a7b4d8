// What a customer delivery would do, and why it would refuse: shared by the delivery, which
// carries it out, and the plan, which shows it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "company.hpp"
#include "customer_records.hpp"
#include "ferry/sdk/sink.hpp"

namespace ferry::economic {

std::optional<std::int64_t> parse_number(const std::string& text);

struct CustomerDecision {
    enum class Action { create, complete, update, unchanged, reject };
    Action action = Action::reject;
    std::int64_t number = 0;
    Json body;  // to POST (create) or PUT (complete, update)
    sdk::Problem problem;
};

class Decider {
  public:
    Decider(Company& company, const sdk::Document& document, CustomerLookup& customers)
        : company_(company),
          document_(document),
          customer_(*document.customer_record),
          name_("document " + document.key.str()),
          customers_(customers) {}

    CustomerDecision decide(const sdk::TargetRefs& known);

  private:
    CustomerDecision reject(const char* code, std::string text);

    CustomerDecision update(std::int64_t number, CustomerDecision::Action action,
                            const Json* known_existing = nullptr);

    // The settings' defaults apply on creation only. Throws ConfigurationGap.
    Json new_body(std::int64_t number);

    Company& company_;
    const sdk::Document& document_;
    const sdk::Customer& customer_;
    const std::string name_;
    CustomerLookup& customers_;
};

}  // namespace ferry::economic
