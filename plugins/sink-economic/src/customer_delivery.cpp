// A customer's delivery: creating or updating it in e-conomic, with the marker that tells after
// a crash whether a customer found is the one this delivery created.
#include <optional>
#include <string>
#include <vector>

#include "customer_decision.hpp"
#include "customer_lookup.hpp"
#include "customer_records.hpp"
#include "delivery.hpp"
#include "preparation.hpp"

namespace ferry::economic {

using sdk::Delivery;

namespace {

// Recorded under customer_target_key when e-conomic answered a creation with a refusal: nothing
// was created, so a customer of that number found later is not this delivery's.
constexpr const char* refused_creation = "refused";

}  // namespace

Delivery deliver_customer(Company& company, const sdk::DeliveryRequest& request,
                          sdk::HostServices& host) {
    const sdk::Document& document = request.document;
    if (!document.customer_record)
        return Delivery::rejected({"economic.customer.empty",
                                   "document " + document.key.str() +
                                       ": the source gave no customer record; report it to the "
                                       "source plugin's maintainers"});
    const std::string keys = request.generation == 0 ? request.reference
                                                     : request.reference + ":generation-" +
                                                           std::to_string(request.generation);
    const sdk::Customer& customer = *document.customer_record;
    sdk::TargetRefs target;
    std::string step = "reading the customer";
    try {
        // Deliveries of customers sharing a number, CVR, EAN or VAT number take turns, so two
        // never both find none and both create one.
        std::vector<std::string> claimed =
            identity_keys(customer.cvr, customer.ean, customer.vat_number);
        claimed.push_back("number:" + document.key.number);
        CreationClaims& claims = company.customer_creations();
        std::optional<CreationClaims::Claim> claim;
        for (;;) {
            if (auto mine = claims.try_claim(claimed)) {
                claim.emplace(std::move(*mine));
                break;
            }
            claims.wait_for(claimed);
        }

        LiveLookup lookup(company.api());
        // A PUT replaces the whole customer, so resending it is harmless; keyed per attempt so
        // that an earlier state sent again is carried out, not answered from e-conomic's cache.
        const std::string attempt = std::to_string(host.now().time_since_epoch().count());
        CustomerDecision decision = Decider(company, document, lookup).decide(request.known);
        const std::string number = std::to_string(decision.number);
        switch (decision.action) {
            case CustomerDecision::Action::reject:
                return Delivery::rejected(decision.problem);
            case CustomerDecision::Action::unchanged:
                return Delivery::delivered({{customer_target_key, number}});
            case CustomerDecision::Action::create: {
                step = "creating customer " + number;
                // e-conomic replays a refusal for the key's hour: after one, a new key.
                std::string create_key =
                    keys + ":customer-create:" + short_hash(dump_exact(decision.body));
                if (request.known.count(customer_target_key) &&
                    request.known.at(customer_target_key) == refused_creation)
                    create_key += ":" + short_hash(attempt);
                request.progress({{customer_target_key, creating_marker + number}});
                try {
                    company.api().post("/customers", decision.body, create_key);
                } catch (const ApiFailure& failure) {
                    if (failure.kind() == ApiFailure::Kind::rejected)
                        target[customer_target_key] = refused_creation;
                    throw;
                }
                host.log(sdk::LogLevel::info, document.key, "economic.customer.created",
                         "customer " + number);
                break;
            }
            case CustomerDecision::Action::complete:
            case CustomerDecision::Action::update:
                step = "updating customer " + number;
                company.api().put("/customers/" + number, decision.body,
                                  keys + ":customer-update:" +
                                      short_hash(dump_exact(decision.body) + "\n" + attempt));
                host.log(sdk::LogLevel::info, document.key, "economic.customer.updated",
                         "customer " + number);
                break;
        }
        return Delivery::delivered({{customer_target_key, number}});
    } catch (const ApiFailure& failure) {
        return failure_outcome(failure, company, document.key, step, target);
    } catch (const ConfigurationGap& gap) {
        company.forget_learned();
        return Delivery::retry_later(configuration_problem(document.key, gap));
    }
}

sdk::Found find_customer(Company& company, const sdk::DocumentKey& key) {
    sdk::Found found;
    if (auto number = parse_number(key.number))
        if (company.api().find("/customers/" + std::to_string(*number)))
            found.status = sdk::Found::Status::incomplete;
    return found;
}

std::optional<std::string> prerequisite_customer(const sdk::DeliveryRequest& request) {
    for (const auto& [key, target] : request.prerequisites)
        if (key.kind == sdk::DocumentKind::customer)
            if (auto it = target.find(customer_target_key); it != target.end())
                return it->second;
    return std::nullopt;
}

}  // namespace ferry::economic
