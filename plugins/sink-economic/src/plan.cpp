#include "plan.hpp"

#include <algorithm>

#include "barred.hpp"
#include "preparation.hpp"

namespace ferry::economic {

namespace {

using sdk::Decimal;

std::string listed(const std::vector<std::string>& items) {
    std::string text;
    for (const std::string& item : items)
        text += (text.empty() ? "" : ", ") + item;
    return text;
}

// "a, b or c".
std::string alternatives(const std::vector<std::string>& items) {
    std::string text;
    for (std::size_t i = 0; i < items.size(); ++i)
        text += (i == 0 ? "" : i + 1 == items.size() ? " or " : ", ") + items[i];
    return text;
}

// Plans one document: the steps in the order deliver_document takes them.
class DocumentPlan {
  public:
    DocumentPlan(Company& company, const sdk::Document& document, PlanMemory& memory)
        : company_(company),
          config_(company.config()),
          document_(document),
          name_(document.key.str()),
          memory_(memory) {
        const sdk::Totals& totals = document.totals;
        plan_.net = totals.net, plan_.vat = totals.vat, plan_.gross = totals.gross;
    }

    sdk::Plan make() {
        auto lines = map_lines(document_, config_.defaults);
        if (!lines) {
            reject(lines.problem());
            return plan_;
        }
        try {
            std::shared_ptr<const ReferenceData> data = company_.reference_data();
            auto prepared = prepare(config_, document_, lines.value(), *data);
            if (!prepared) {
                reject(prepared.problem());
                return plan_;
            }
            Preparation& preparation = prepared.value();
            plan_payment_terms(preparation);
            if (!plan_customer(preparation))
                return plan_;
            std::vector<DraftLine> draft_lines = preparation.lines;
            plan_totals(draft_lines);
            if (!plan_products(draft_lines, *data))
                return plan_;
            plan_draft(preparation.context, draft_lines.size());
        } catch (const ConfigurationGap& gap) {
            reject(configuration_problem(document_.key, gap));
        }
        return plan_;
    }

  private:
    void step(std::string code, std::string text) {
        plan_.steps.push_back({std::move(code), std::move(text)});
    }
    void reject(sdk::Problem problem) { plan_.rejection = std::move(problem); }
    void reject(const Barred& barred) {
        reject(sdk::Problem{barred.code(), "document " + name_ + ": " + barred.what()});
    }

    void plan_payment_terms(const Preparation& preparation) {
        if (const auto& terms = preparation.payment_terms) {
            std::string which =
                "payment terms " + std::to_string(terms->number) + " '" + terms->name + "'";
            step("economic.payment_terms.use",
                 due_date_of(document_)
                     ? "would use " + which + " of type " + terms->type +
                           ", which keep the document's due date"
                     : "would use " + which +
                           " (defaults.payment_terms): the document states no due date");
        } else if (memory_.due_date_terms) {
            step("economic.payment_terms.use", "would use the payment terms of type " +
                                                   due_date_terms.type + " created for document " +
                                                   *memory_.due_date_terms);
        } else {
            step("economic.payment_terms.create",
                 "would create payment terms '" + due_date_terms.name + "' of type " +
                     due_date_terms.type +
                     ": the document states its due date, and only terms of that type keep it; "
                     "the company has none");
            memory_.due_date_terms = name_;
        }
    }

    // False when the customer would refuse the document.
    bool plan_customer(const Preparation& preparation) {
        for (const sdk::DocumentKey& key : document_.prerequisites)
            if (key.kind == sdk::DocumentKind::customer) {
                step("economic.customer.use",
                     "would use the e-conomic customer that source customer " + key.number +
                         " was delivered as or linked to (the document waits until it is)");
                return true;
            }
        const std::string group = std::to_string(preparation.customer_terms.customer_group);
        if (auto provider = preparation.collective_customer) {
            const std::string number = std::to_string(*provider);
            auto found = company_.customers().find_collective(*provider, Refresh::never);
            if (found && found->barred) {
                reject(barred_customer(*provider));
                return false;
            }
            if (found)
                step("economic.customer.use", "would use collective customer " + number +
                                                  " for patients (provider number " + number + ")");
            else if (auto creator = memory_.collective_customers.find(*provider);
                     creator != memory_.collective_customers.end())
                step("economic.customer.use", "would use collective customer " + number +
                                                  " for patients, created for document " +
                                                  creator->second);
            else {
                step("economic.customer.create", "would create collective customer " + number +
                                                     " for patients (provider number " + number +
                                                     ") in customer group " + group +
                                                     ": the company has no customer " + number);
                memory_.collective_customers.emplace(*provider, name_);
            }
            return true;
        }

        const sdk::Party& party = document_.customer;
        auto found = company_.customers().find_business(party, Refresh::never);
        if (found && found->barred) {
            reject(barred_customer(found->number));
            return false;
        }
        if (found) {
            step("economic.customer.use", "would use customer " + std::to_string(found->number) +
                                              ", found by " + found->found_by);
            return true;
        }
        if (auto planned = memory_.customers.match(party)) {
            step("economic.customer.use", "would use the customer created for document " +
                                              memory_.customer_creators.at(planned->number) +
                                              ", found by " + planned->found_by);
            return true;
        }
        std::vector<std::string> sought;
        if (!party.cvr.empty())
            sought.push_back("CVR " + party.cvr);
        if (!party.ean.empty())
            sought.push_back("EAN " + party.ean);
        std::string with =
            sought.empty() ? "from the document customer's name alone" : "with " + listed(sought);
        if (!party.name.empty())
            sought.push_back("the document customer's name");
        step("economic.customer.create",
             "would create a customer " + with + " in customer group " + group + ": " +
                 (sought.empty() ? "the document names no CVR, EAN or name to look for"
                                 : "no customer of the company has " + alternatives(sought)));
        memory_.customers.add(static_cast<std::int64_t>(memory_.customer_creators.size()),
                              {party.cvr, party.ean}, {party.name}, false);
        memory_.customer_creators.push_back(name_);
        return true;
    }

    // e-conomic prices the draft itself; at the document's own VAT rates it would likely come
    // to this, and deliver adds a rounding line for a small difference.
    void plan_totals(std::vector<DraftLine>& lines) {
        const CompanyDefaults& defaults = config_.defaults;
        const Amounts expected = expected_amounts(document_);
        const Amounts estimated = estimated_amounts(lines);
        Decimal difference = expected.gross - estimated.gross;
        if (difference.is_zero())
            return;
        std::string at_rates =
            "at the document's VAT rates, rounded per line, e-conomic would "
            "likely compute a gross of " +
            estimated.gross.to_string() + ", the document's is " + expected.gross.to_string();
        if (difference.abs() > defaults.rounding_limit) {
            step("economic.totals.mismatch_likely",
                 at_rates + ": more than the rounding_limit of " +
                     defaults.rounding_limit.to_string() +
                     ", so the draft would likely be left unbooked (economic.totals_mismatch)");
            return;
        }
        step("economic.rounding_line", "would likely add a rounding line of " +
                                           difference.to_string() + " (product " +
                                           defaults.rounding_product + "): " + at_rates);
        lines.push_back(rounding_line(difference, defaults));
    }

    // False when a product would refuse the document.
    bool plan_products(const std::vector<DraftLine>& lines, const ReferenceData& data) {
        std::vector<std::string> used, barred, seen;
        for (const DraftLine& line : lines) {
            const std::string& number = line.product_number;
            if (std::count(seen.begin(), seen.end(), number))
                continue;
            seen.push_back(number);
            switch (company_.products().state(number, Refresh::never)) {
                case ProductCatalog::State::barred:
                    barred.push_back(number);
                    continue;
                case ProductCatalog::State::present:
                    used.push_back(number);
                    continue;
                case ProductCatalog::State::missing:
                    if (!line.mapped_from.empty())
                        throw missing_mapped_product(line);
                    break;
            }
            if (auto creator = memory_.products.find(number); creator != memory_.products.end()) {
                used.push_back(number + " (created for document " + creator->second + ")");
                continue;
            }
            const std::string group = std::to_string(line.product_group);
            if (!data.product_groups.count(line.product_group)) {
                reject(sdk::Problem{
                    "economic.rejected",
                    "document " + name_ + ": e-conomic would refuse to create product " + number +
                        ": product group " + group + " does not exist in company " + config_.cvr +
                        "; create it or correct the pipeline's defaults (see `ferry "
                        "check`)"});
                return false;
            }
            step("economic.product.create",
                 "would create product " + number + " in product group " + group);
            memory_.products.emplace(number, name_);
        }
        if (!used.empty())
            step("economic.product.use", "would use product(s) " + listed(used));
        if (!barred.empty()) {
            reject(barred_products(barred));
            return false;
        }
        return true;
    }

    void plan_draft(const DraftContext& context, std::size_t lines) {
        std::string text = "would create a draft invoice of " + std::to_string(lines) +
                           " line(s) with layout " + std::to_string(context.layout) +
                           " and VAT zone " + std::to_string(context.vat_zone);
        if (context.departmental_distribution)
            text += ", departmental distribution " +
                    std::to_string(*context.departmental_distribution) + " on every line";
        step("economic.draft", text);
        if (config_.defaults.book)
            step("economic.book", "would book the draft once e-conomic's totals match");
        else
            step("economic.draft_only",
                 "would leave the draft unbooked for review (defaults.book is false)");
    }

    Company& company_;
    const CompanyConfig& config_;
    const sdk::Document& document_;
    const std::string name_;
    PlanMemory& memory_;
    sdk::Plan plan_;
};

}  // namespace

sdk::Plan plan_document(Company& company, const sdk::Document& document, PlanMemory& memory) {
    return DocumentPlan(company, document, memory).make();
}

sdk::Problem plan_failure(const ApiFailure& failure, const std::string& cvr) {
    const std::string answer =
        " (HTTP " + std::to_string(failure.status()) + ": " + failure.what() + ")";
    switch (failure.kind()) {
        case ApiFailure::Kind::unauthorized:
            return {"economic.plan.unauthorized",
                    "company " + cvr + ": e-conomic refused the tokens" + answer +
                        "; check the company's agreement_grant_token and app_secret_token "
                        "(`ferry check` tells more), then plan again"};
        case ApiFailure::Kind::stopped:
            return {"economic.stopped", "stopped while reading e-conomic company " + cvr};
        default:
            return {"economic.plan.unavailable",
                    "company " + cvr + ": cannot read what e-conomic holds" + answer +
                        "; check that e-conomic answers (`ferry check`), then plan again"};
    }
}

}  // namespace ferry::economic
