// What every plugin that speaks to e-conomic is configured with: where the API is, the app's
// token, and how requests are retried. The defaults (the members' initializers), ranges and
// words exist once, for sink-economic and source-economic alike: a plugin's configuration
// derives from ApiConnection and puts these settings into its binding where it lists them.
#pragma once

#include <string>

#include "economic_api.hpp"
#include "ferry/sdk/settings_binding.hpp"

namespace ferry::economic {

inline constexpr const char* real_api_url = "https://restapi.e-conomic.com";

struct ApiConnection {
    std::string base_url = real_api_url;
    std::string app_secret_token;
    int max_attempts = 4;
    sdk::Duration retry_base = sdk::Duration::milliseconds(500);
    sdk::Duration retry_max = sdk::Duration::seconds(30);
    sdk::Duration request_timeout = sdk::Duration::seconds(30);

    // For one company's agreement; `role` ("sink" or "source") names the metrics.
    ApiSettings api_settings(const std::string& agreement_grant_token, std::string role) const {
        return {app_secret_token, agreement_grant_token, max_attempts,
                BackoffPolicy{retry_base.span(), retry_max.span()}, std::move(role)};
    }
};

template <class Config>
sdk::Setting<Config> base_url_setting() {
    return sdk::setting<Config, std::string>("base_url", &Config::base_url)
        .pattern("https?://.+")
        .describe("e-conomic's REST API; change only to use the local emulator");
}

template <class Config>
sdk::Setting<Config> app_secret_token_setting() {
    return sdk::setting<Config, std::string>("app_secret_token", &Config::app_secret_token)
        .required()
        .secret()
        .describe("Ferry's app secret token (X-AppSecretToken)");
}

template <class Config>
sdk::Setting<Config> max_attempts_setting() {
    return sdk::setting<Config, int>("max_attempts", &Config::max_attempts)
        .range(1, 20)
        .describe("attempts per request on 429, 5xx, timeouts and lost connections");
}

template <class Config>
sdk::Setting<Config> retry_base_setting() {
    return sdk::setting<Config, sdk::Duration>("retry_base", &Config::retry_base)
        .range(sdk::Duration::milliseconds(1), sdk::Duration::minutes(5))
        .describe("first retry delay; doubles per attempt, with jitter (x0.5 to 1)");
}

template <class Config>
sdk::Setting<Config> retry_max_setting() {
    return sdk::setting<Config, sdk::Duration>("retry_max", &Config::retry_max)
        .range(sdk::Duration::milliseconds(1), sdk::Duration::hours(1))
        .describe("longest retry delay");
}

template <class Config>
sdk::Setting<Config> request_timeout_setting() {
    return sdk::setting<Config, sdk::Duration>("request_timeout", &Config::request_timeout)
        .range(sdk::Duration::seconds(1), sdk::Duration::minutes(10))
        .describe("how long to wait for an answer to one request");
}

}  // namespace ferry::economic
