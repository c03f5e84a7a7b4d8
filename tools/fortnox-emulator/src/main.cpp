// fortnox-emulator: a strict local Fortnox (REST API v3 + OAuth 2) for tests, demos and dry runs.
#include "api.hpp"
#include "options.hpp"
#include "store.hpp"

#include "emulator_kit/http_server.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <cstdio>
#include <fstream>
#include <random>

namespace fortnox_emulator {
namespace {

int run(const Options& options) {
    Settings settings;
    for (const auto& client : options.clients)
        settings.clients[client.id] = client.secret;
    std::int64_t database_number = 1001;  // guess: small, stable per --tenant position
    for (const auto& tenant : options.tenants)
        settings.tenants.push_back({tenant.organisation_number, tenant.name, database_number++});
    settings.access_token_ms = options.access_token_seconds * 1000;
    settings.refresh_token_ms = options.refresh_token_days * 86400'000;
    settings.code_ms = options.code_seconds * 1000;
    settings.error_casing = options.error_casing;
    settings.vat_rounding = options.vat_rounding;
    settings.round_off = options.round_off;

    nlohmann::json seed = nlohmann::json::object();
    if (options.seed_file) {
        std::ifstream in(*options.seed_file);
        seed = nlohmann::json::parse(in, nullptr, false);
        if (seed.is_discarded() || !seed.is_object())
            throw std::runtime_error("seed file " + *options.seed_file + " is not a JSON object");
    }
    Store store(options.state_file ? std::optional<std::filesystem::path>(*options.state_file)
                                   : std::nullopt,
                options.fsync);
    store.load();
    RateLimiter rate_limiter(options.rate_limit_requests, options.rate_limit_seconds);
    emulator_kit::Faults faults(
        options.faults, options.random_seed_given ? options.random_seed : std::random_device{}());
    Emulator emulator(store, settings, rate_limiter, faults);
    emulator.initialise_tenants(seed);
    emulator.forget_spent_tokens();

    boost::asio::io_context io;
    auto port = emulator_kit::start_http_server(io, options.port, emulator, options.limits,
                                                "ferry-fortnox-emulator");
    emulator.set_base_url("http://127.0.0.1:" + std::to_string(port));
    boost::asio::signal_set signals(io, SIGTERM, SIGINT);
    signals.async_wait([&](const boost::system::error_code&, int) { io.stop(); });
    std::printf("listening on http://127.0.0.1:%u\n", static_cast<unsigned>(port));
    std::fflush(stdout);
    io.run();
    return 0;
}

}  // namespace
}  // namespace fortnox_emulator

int main(int argc, char** argv) {
    auto parsed = fortnox_emulator::parse_options(argc, argv);
    if (auto* exit_code = std::get_if<int>(&parsed))
        return *exit_code;
    try {
        return fortnox_emulator::run(std::get<fortnox_emulator::Options>(parsed));
    } catch (const std::exception& error) {
        std::fprintf(stderr, "fortnox-emulator: %s\n", error.what());
        return 1;
    }
}
