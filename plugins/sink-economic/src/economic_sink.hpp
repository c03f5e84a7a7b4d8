// The e-conomic sink: routes each document to its company and delivers, finds or checks there.
#pragma once

#include <map>
#include <memory>

#include "company.hpp"
#include "ferry/sdk/plugin.hpp"
#include "plan.hpp"

namespace ferry::economic {

class EconomicSink : public sdk::Sink {
  public:
    EconomicSink(const sdk::Settings& settings, sdk::HostServices& host);
    // For tests: another HTTP client (the settings' base_url is then unused).
    EconomicSink(const sdk::Settings& settings, sdk::HostServices& host,
                 std::unique_ptr<HttpClient> http);

    sdk::Delivery deliver(const sdk::DeliveryRequest& request) override;
    sdk::Found find(const sdk::DocumentRef& ref, const std::string& reference) override;
    std::vector<sdk::Problem> check() override;
    sdk::Result<std::vector<sdk::HeldDocument>> held(const std::string& reference_prefix,
                                                     sdk::Date from, sdk::Date to) override;
    sdk::Result<sdk::Plan> plan(const sdk::Document& document) override;
    sdk::Result<std::vector<sdk::ClosedPeriod>> closed_periods() override;
    sdk::Result<std::vector<sdk::TargetCustomer>> customers(const std::string& company) override;

  private:
    Company* company_for(const std::string& cvr);
    // Why a document is not delivered before its company is asked anything (an unknown or
    // inactive company, ...); sets `company` to the document's company when one is configured.
    std::optional<sdk::Delivery> refusal(const sdk::Document& document, Company*& company);

    SinkConfig config_;
    sdk::HostServices& host_;
    std::unique_ptr<HttpClient> http_;
    std::map<std::string, std::unique_ptr<Company>> companies_;
    // What earlier plan() calls would create, per company CVR.
    std::map<std::string, PlanMemory> planned_;
};

std::unique_ptr<sdk::Sink> create_sink(const sdk::PluginContext& context);

}  // namespace ferry::economic
