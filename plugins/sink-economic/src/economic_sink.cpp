#include "economic_sink.hpp"

#include "check.hpp"
#include "customer_records.hpp"
#include "delivery.hpp"
#include "plan.hpp"
#include "recovery.hpp"

namespace ferry::economic {

using sdk::Delivery;

EconomicSink::EconomicSink(const sdk::Settings& settings, sdk::HostServices& host)
    : EconomicSink(settings, host, nullptr) {}

EconomicSink::EconomicSink(const sdk::Settings& settings, sdk::HostServices& host,
                           std::unique_ptr<HttpClient> http)
    : config_(read_config(settings)), host_(host), http_(std::move(http)) {
    if (!http_)
        http_ = make_http_client(config_.base_url, config_.request_timeout.span());
    for (const CompanyConfig& company : config_.companies)
        companies_.emplace(company.cvr, std::make_unique<Company>(company, config_, *http_, host_));
}

Company* EconomicSink::company_for(const std::string& cvr) {
    auto it = companies_.find(cvr);
    return it == companies_.end() ? nullptr : it->second.get();
}

std::optional<Delivery> EconomicSink::refusal(const sdk::Document& document, Company*& company) {
    const std::string name = "document " + document.key.str();
    company = company_for(document.key.company);
    if (!company) {
        std::string known;
        for (const auto& [cvr, _] : companies_)
            known += (known.empty() ? "" : ", ") + cvr;
        return Delivery::rejected(
            {"economic.company.unknown",
             name + ": no e-conomic company with CVR " + document.key.company +
                 " is configured (configured: " + known + "); add it to the sink's companies"});
    }
    const CompanyConfig& config = company->config();
    if (!document.supplier.cvr.empty() && document.supplier.cvr != config.cvr)
        return Delivery::rejected(
            {"economic.company.supplier_mismatch",
             name + ": the source routes it to company " + config.cvr +
                 " but the document's supplier has CVR " + document.supplier.cvr +
                 "; check where the source found it (a file in another company's folder, or "
                 "renamed)"});
    if (config.inactive)
        return Delivery::rejected({"economic.company.inactive",
                                   name + ": company " + config.cvr +
                                       " is marked inactive in the pipeline; set inactive: false "
                                       "and `ferry retry` the document to deliver it"});
    // A customer is master data, not dated business: first_date does not hold it back.
    if (config.first_date && document.key.kind != sdk::DocumentKind::customer &&
        document.issue_date < *config.first_date)
        return Delivery::rejected(
            {"economic.company.before_first_date",
             name + ": issued " + document.issue_date.to_string() + ", before company " +
                 config.cvr + "'s first_date " + config.first_date->to_string() +
                 "; `ferry skip` it if it was booked another way, or move first_date"});
    if (auto reason = company->blocked_reason())
        return Delivery::retry_later({"economic.unauthorized", *reason}, company->block_duration());
    return std::nullopt;
}

Delivery EconomicSink::deliver(const sdk::DeliveryRequest& request) {
    Company* company = nullptr;
    if (auto refused = refusal(request.document, company))
        return *refused;
    if (request.document.key.kind == sdk::DocumentKind::customer)
        return deliver_customer(*company, request, host_);
    return deliver_document(*company, request, host_);
}

sdk::Result<sdk::Plan> EconomicSink::plan(const sdk::Document& document) {
    Company* company = nullptr;
    if (auto refused = refusal(document, company)) {
        sdk::Plan plan;
        plan.rejection = refused->problem;
        return plan;
    }
    try {
        PlanMemory& memory = planned_[company->config().cvr];
        if (document.key.kind == sdk::DocumentKind::customer) {
            if (!memory.customer_records)
                memory.customer_records.emplace(company->api());
            return plan_customer_record(*company, document, *memory.customer_records);
        }
        return plan_document(*company, document, memory);
    } catch (const ApiFailure& failure) {
        return plan_failure(failure, company->config().cvr);
    }
}

sdk::Found EconomicSink::find(const sdk::DocumentRef& ref, const std::string& reference) {
    Company* company = company_for(ref.key.company);
    if (!company)
        return {};
    try {
        if (ref.key.kind == sdk::DocumentKind::customer)
            return find_customer(*company, ref.key);
        return find_delivery(*company, reference, ref.key.kind);
    } catch (const ApiFailure& failure) {
        throw sdk::Error("economic.find", "document " + ref.key.str() +
                                              ": cannot ask e-conomic company " + ref.key.company +
                                              " what it holds: " + failure.what());
    }
}

sdk::Result<std::vector<sdk::HeldDocument>> EconomicSink::held(const std::string& reference_prefix,
                                                               sdk::Date from, sdk::Date to) {
    std::vector<sdk::HeldDocument> held;
    for (const auto& [cvr, company] : companies_) {
        try {
            auto found = held_documents(*company, reference_prefix, from, to);
            held.insert(held.end(), std::make_move_iterator(found.begin()),
                        std::make_move_iterator(found.end()));
        } catch (const ApiFailure& failure) {
            return sdk::Problem{"economic.held",
                                "cannot list the booked invoices of e-conomic company " + cvr +
                                    ": " + failure.what()};
        }
    }
    return held;
}

sdk::Result<std::vector<sdk::ClosedPeriod>> EconomicSink::closed_periods() {
    std::vector<sdk::ClosedPeriod> closed;
    for (const auto& [cvr, company] : companies_) {
        if (company->config().inactive)
            continue;
        try {
            for (const PeriodSpan& span : company->calendar().closed_spans())
                closed.push_back({cvr, span.from, span.to, span.name});
        } catch (const ApiFailure& failure) {
            return sdk::Problem{"economic.periods",
                                "cannot read the accounting years of e-conomic company " + cvr +
                                    ": " + failure.what()};
        }
    }
    return closed;
}

sdk::Result<std::vector<sdk::TargetCustomer>> EconomicSink::customers(const std::string& company) {
    Company* found = company_for(company);
    if (!found) {
        std::string known;
        for (const auto& [cvr, _] : companies_)
            known += (known.empty() ? "" : ", ") + cvr;
        return sdk::Problem{"economic.company.unknown", "no e-conomic company with CVR " + company +
                                                            " is configured (configured: " + known +
                                                            "); add it to the sink's companies"};
    }
    try {
        return target_customers(*found);
    } catch (const ApiFailure& failure) {
        const bool unauthorized = failure.kind() == ApiFailure::Kind::unauthorized;
        return sdk::Problem{
            unauthorized ? "economic.customers.unauthorized" : "economic.customers.unavailable",
            "company " + company + ": cannot list e-conomic's customers (HTTP " +
                std::to_string(failure.status()) + ": " + failure.what() + "); " +
                (unauthorized ? "check the company's agreement_grant_token and app_secret_token "
                                "(`ferry check` tells more), then link again"
                              : "check that e-conomic answers (`ferry check`), then link again")};
    }
}

std::vector<sdk::Problem> EconomicSink::check() {
    std::vector<sdk::Problem> problems;
    for (const auto& [cvr, company] : companies_) {
        if (company->config().inactive)
            continue;
        auto found = check_company(*company);
        problems.insert(problems.end(), found.begin(), found.end());
    }
    return problems;
}

std::unique_ptr<sdk::Sink> create_sink(const sdk::PluginContext& context) {
    return std::make_unique<EconomicSink>(context.settings, context.host);
}

}  // namespace ferry::economic
