// One Fortnox company as the sink keeps it: its authorisation, its API (with its own rate
// window) and what it remembers between documents.
#pragma once

#include <map>
#include <mutex>
#include <set>
#include <string>

#include "authorization.hpp"
#include "fortnox_api.hpp"

namespace ferry::fortnox {

struct Tenant {
    Tenant(const SinkConfig& sink, const TenantConfig& config, http::HttpClient& oauth,
           http::HttpClient& reading, http::HttpClient& writing, sdk::HostServices& host)
        : config(config),
          authorization(sink, config, oauth, host),
          api(sink, authorization, reading, writing, host) {}

    const TenantConfig& config;
    Authorization authorization;
    FortnoxApi api;

    // Customers looked up or created before, so a second invoice asks nothing: private
    // customers by their number, companies' numbers by organisation number. Only found ones.
    std::mutex customers_mutex;
    std::set<std::string> private_customers;
    std::map<std::string, std::string> company_customers;
};

}  // namespace ferry::fortnox
