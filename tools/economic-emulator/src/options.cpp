#include "options.hpp"

#include <CLI/CLI.hpp>

#include <variant>

namespace economic_emulator {

std::variant<Options, int> parse_options(int argc, char** argv) {
    Options options;
    CLI::App app{
        "A local emulator of e-conomic's legacy REST API (restapi.e-conomic.com), on 127.0.0.1."};
    app.add_option("--port", options.port,
                   "TCP port on 127.0.0.1; 0 picks a free one (printed on start)");
    app.add_option("--state", options.state_file,
                   "State file (JSON lines journal); without it state is in memory");
    app.add_flag("!--no-fsync", options.fsync,
                 "Do not fsync each change (survives SIGKILL, not power loss)");
    app.add_option("--app-secret", options.app_secret_tokens,
                   "Accepted X-AppSecretToken (repeatable)");
    std::vector<std::string> agreements;
    app.add_option("--agreement", agreements,
                   "Agreement as GRANT_TOKEN[:COMPANY_CVR] (repeatable)");
    app.add_flag("--demo", options.demo,
                 "Also serve the read-only demo agreement (tokens demo/demo)");
    app.add_option("--seed", options.seed_file, "JSON file with tokens, agreements and extra data")
        ->check(CLI::ExistingFile);
    std::string rate_limit;
    app.add_option("--rate-limit", rate_limit,
                   "Token bucket per agreement as TOKENS/SECONDS (default 1000000/60)");
    app.add_option("--cost-read", options.rate_limit.cost_read, "Tokens per GET")
        ->check(CLI::NonNegativeNumber);
    app.add_option("--cost-write", options.rate_limit.cost_write, "Tokens per POST/PUT/DELETE")
        ->check(CLI::NonNegativeNumber);
    app.add_option("--cost-book", options.rate_limit.cost_book, "Tokens per booking call")
        ->check(CLI::NonNegativeNumber);
    app.add_option("--fail-rate", options.faults.fail_rate,
                   "Fraction of requests answered with --fail-status")
        ->check(CLI::Range(0.0, 1.0));
    app.add_option("--fail-status", options.faults.fail_status, "Status of injected failures")
        ->check(CLI::Range(500, 599));
    int latency_ms = 0;
    app.add_option("--latency-ms", latency_ms, "Added latency per request")
        ->check(CLI::NonNegativeNumber);
    app.add_option("--lose-response-rate", options.faults.lose_response_rate,
                   "Fraction of write requests carried out but never answered")
        ->check(CLI::Range(0.0, 1.0));
    app.add_option("--fault-method", options.faults.method, "Limit faults to this HTTP method");
    app.add_option("--fault-path", options.faults.path_prefix,
                   "Limit faults to paths starting with this");
    app.add_option("--seed-random", options.random_seed, "Seed for reproducible fault sequences");
    app.add_option("--idempotency-window", options.idempotency_window_seconds,
                   "Seconds an Idempotency-Key is remembered")
        ->check(CLI::PositiveNumber);
    app.add_option("--max-body-bytes", options.limits.max_body_bytes,
                   "Largest accepted request body")
        ->check(CLI::PositiveNumber);
    app.add_option("--vat-rounding", options.vat_rounding,
                   "Round VAT per line and sum (line, the default) or once per VAT rate over the "
                   "invoice (rate)")
        ->transform(CLI::CheckedTransformer(
            std::map<std::string, VatRounding>{{"line", VatRounding::per_line},
                                               {"rate", VatRounding::per_rate}},
            CLI::ignore_case));
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        return app.exit(error);
    }
    options.random_seed_given = app.count("--seed-random") > 0;
    options.faults.latency = std::chrono::milliseconds(latency_ms);
    for (const auto& agreement : agreements) {
        auto colon = agreement.find(':');
        options.agreements.push_back(
            {agreement.substr(0, colon),
             colon == std::string::npos ? "" : agreement.substr(colon + 1)});
        if (options.agreements.back().grant_token.empty()) {
            std::fprintf(stderr, "--agreement needs a grant token: GRANT_TOKEN[:COMPANY_CVR]\n");
            return 2;
        }
    }
    if (!rate_limit.empty()) {
        auto slash = rate_limit.find('/');
        try {
            options.rate_limit.token_limit = std::stod(rate_limit.substr(0, slash));
            options.rate_limit.window_seconds =
                slash == std::string::npos ? 60 : std::stod(rate_limit.substr(slash + 1));
        } catch (const std::exception&) {
            options.rate_limit.token_limit = 0;
        }
        if (options.rate_limit.token_limit < 1 || options.rate_limit.window_seconds <= 0) {
            std::fprintf(stderr, "--rate-limit must look like 10000/60 (tokens per seconds)\n");
            return 2;
        }
    }
    return options;
}

}  // namespace economic_emulator
