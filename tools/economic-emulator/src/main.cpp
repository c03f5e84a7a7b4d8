// economic-emulator: a faithful local e-conomic for tests, demos, benchmarks and dry runs.
#include "api.hpp"
#include "options.hpp"
#include "state.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>

namespace economic_emulator {
namespace {

constexpr const char* default_app_secret = "emulator-app-secret";
constexpr const char* default_grant = "emulator-grant";

// A seed file: {"appSecretTokens":[...], "agreements":[{"grantToken":"..","companyCvr":"..",
// "readOnly":false, "data":{"customers":[...], "products":[...], ...}}]}.
void apply_seed_file(const std::string& file, State& state, std::set<std::string>& app_secrets) {
    std::ifstream in(file);
    auto seed = nlohmann::json::parse(in);
    for (const auto& token : seed.value("appSecretTokens", nlohmann::json::array()))
        app_secrets.insert(token.get<std::string>());
    for (const auto& entry : seed.value("agreements", nlohmann::json::array())) {
        auto grant = entry.at("grantToken").get<std::string>();
        Agreement* agreement = state.find(grant);
        if (!agreement)
            agreement = &state.add_agreement(grant, entry.value("companyCvr", ""),
                                             entry.value("readOnly", false));
        const auto data = entry.value("data", nlohmann::json::object());
        for (const auto& [collection, entities] : data.items())
            for (const auto& entity : entities)
                agreement->collection(collection).put(entity);
    }
}

int run(const Options& options) {
    State state(options.state_file ? std::optional<std::filesystem::path>(*options.state_file)
                                   : std::nullopt,
                options.fsync);
    ApiSettings settings;
    settings.idempotency_window_seconds = options.idempotency_window_seconds;
    settings.vat_rounding = options.vat_rounding;
    settings.app_secret_tokens.insert(options.app_secret_tokens.begin(),
                                      options.app_secret_tokens.end());
    for (const auto& agreement : options.agreements)
        state.add_agreement(agreement.grant_token, agreement.company_cvr, false);
    if (options.seed_file)
        apply_seed_file(*options.seed_file, state, settings.app_secret_tokens);
    if (options.demo) {
        state.add_agreement("demo", "", true);
        settings.app_secret_tokens.insert("demo");
    }
    if (settings.app_secret_tokens.empty() ||
        settings.app_secret_tokens == std::set<std::string>{"demo"})
        settings.app_secret_tokens.insert(default_app_secret);
    if (state.agreements().empty() || (state.agreements().size() == 1 && options.demo))
        state.add_agreement(default_grant, "", false);
    state.load();

    RateLimiter rate_limiter(options.rate_limit);
    Faults faults(options.faults,
                  options.random_seed_given ? options.random_seed : std::random_device{}());
    Api api(state, settings, rate_limiter, faults);
    boost::asio::io_context io;
    auto port = emulator_kit::start_http_server(io, options.port, api, options.limits,
                                                "ferry-economic-emulator");
    api.set_base_url("http://127.0.0.1:" + std::to_string(port));
    boost::asio::signal_set signals(io, SIGTERM, SIGINT);
    signals.async_wait([&](const boost::system::error_code&, int) { io.stop(); });
    std::printf("listening on http://127.0.0.1:%u\n", static_cast<unsigned>(port));
    std::fflush(stdout);
    io.run();
    return 0;
}

}  // namespace
}  // namespace economic_emulator

int main(int argc, char** argv) {
    auto parsed = economic_emulator::parse_options(argc, argv);
    if (auto* exit_code = std::get_if<int>(&parsed))
        return *exit_code;
    try {
        return economic_emulator::run(std::get<economic_emulator::Options>(parsed));
    } catch (const std::exception& error) {
        std::fprintf(stderr, "economic-emulator: %s\n", error.what());
        return 1;
    }
}
