// The Fortnox sink: routes each document by its supplier's organisation number to a Fortnox
// company and delivers, finds or checks there. A company whose authorisation fails is paused
// alone; the others go on.
#pragma once

#include <map>
#include <memory>

#include "ferry/sdk/plugin.hpp"
#include "settings.hpp"
#include "tenant.hpp"

namespace ferry::fortnox {

class FortnoxSink : public sdk::Sink {
  public:
    FortnoxSink(const sdk::Settings& settings, sdk::HostServices& host);

    sdk::Delivery deliver(const sdk::DeliveryRequest& request) override;
    sdk::Found find(const sdk::DocumentRef& ref, const std::string& reference) override;
    std::vector<sdk::Problem> check() override;
    sdk::Result<sdk::Plan> plan(const sdk::Document& document) override;
    sdk::Result<std::vector<sdk::HeldDocument>> held(const std::string& reference_prefix,
                                                     sdk::Date from, sdk::Date to) override;

  private:
    Tenant* tenant_for(const std::string& organisation_number);
    std::string configured() const;
    // Why a document is not delivered before Fortnox is asked anything; sets `tenant` to the
    // document's company when one is configured.
    std::optional<sdk::Problem> refusal(const sdk::Document& document, Tenant*& tenant);

    SinkConfig config_;
    sdk::HostServices& host_;
    std::unique_ptr<http::HttpClient> oauth_http_;
    std::unique_ptr<http::HttpClient> api_reading_;
    std::unique_ptr<http::HttpClient> api_writing_;
    std::map<std::string, std::unique_ptr<Tenant>> tenants_;
};

std::unique_ptr<sdk::Sink> create_sink(const sdk::PluginContext& context);

}  // namespace ferry::fortnox
