#include "options.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace fortnox_emulator {
namespace {

bool all_digits(const std::string& text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
    });
}

}  // namespace

std::variant<Options, int> parse_options(int argc, char** argv) {
    Options options;
    CLI::App app{
        "A local emulator of Fortnox's REST API v3 and its OAuth 2 endpoints, on 127.0.0.1."};
    app.add_option("--port", options.port,
                   "TCP port on 127.0.0.1; 0 picks a free one (printed on start)");
    app.add_option("--state", options.state_file,
                   "State file (JSON lines journal); without it state is in memory");
    app.add_flag("!--no-fsync", options.fsync,
                 "Do not fsync each change (survives SIGKILL, not power loss)");
    std::vector<std::string> clients;
    app.add_option(
        "--client", clients,
        "OAuth client as ID:SECRET (repeatable; default emulator-client:emulator-secret)");
    std::vector<std::string> tenants;
    app.add_option("--tenant", tenants,
                   "Fortnox company as ORGNR[:NAME], ORGNR 10 digits (repeatable; default "
                   "5567321707:Kliniken AB)");
    app.add_option("--access-token-seconds", options.access_token_seconds,
                   "Lifetime of an access token")
        ->check(CLI::PositiveNumber);
    app.add_option("--refresh-token-days", options.refresh_token_days,
                   "Lifetime of a refresh token (access_type=offline)")
        ->check(CLI::PositiveNumber);
    app.add_option("--code-seconds", options.code_seconds, "Lifetime of an authorization code")
        ->check(CLI::PositiveNumber);
    std::string rate_limit;
    app.add_option("--rate-limit", rate_limit,
                   "Sliding window per client and tenant as REQUESTS/SECONDS (default 25/5)");
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
                   "Limit faults to paths starting with this (e.g. /3/invoices)");
    app.add_option("--seed-random", options.random_seed, "Seed for reproducible fault sequences");
    app.add_option("--error-casing", options.error_casing,
                   "Keys of ErrorInformation: lower (error/message/code, the default) or upper "
                   "(Error/Message/Code)")
        ->transform(CLI::CheckedTransformer(
            std::map<std::string, ErrorCasing>{{"lower", ErrorCasing::lower},
                                               {"upper", ErrorCasing::upper}},
            CLI::ignore_case));
    app.add_option("--vat-rounding", options.vat_rounding,
                   "Round VAT per row and sum (row, the default) or once over the invoice "
                   "(invoice)")
        ->transform(CLI::CheckedTransformer(
            std::map<std::string, VatRounding>{{"row", VatRounding::row},
                                               {"invoice", VatRounding::invoice}},
            CLI::ignore_case));
    app.add_option("--round-off", options.round_off,
                   "SEK totals: whole (round to whole kronor, .50 up; the default) or none")
        ->transform(CLI::CheckedTransformer(
            std::map<std::string, RoundOff>{{"whole", RoundOff::whole_krona},
                                            {"none", RoundOff::none}},
            CLI::ignore_case));
    app.add_option("--seed", options.seed_file,
                   "JSON file {\"tenants\":[{\"organisationNumber\":..,\"customers\":[..],"
                   "\"articles\":[..]}]} applied once to a fresh tenant")
        ->check(CLI::ExistingFile);
    app.add_option("--max-body-bytes", options.limits.max_body_bytes,
                   "Largest accepted request body")
        ->check(CLI::PositiveNumber);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        return app.exit(error);
    }
    options.random_seed_given = app.count("--seed-random") > 0;
    options.faults.latency = std::chrono::milliseconds(latency_ms);
    if (clients.empty())
        clients.push_back("emulator-client:emulator-secret");
    for (const auto& client : clients) {
        auto colon = client.find(':');
        if (colon == std::string::npos || colon == 0 || colon + 1 == client.size()) {
            // The value is not echoed: it may be a secret with its colon missing.
            std::fprintf(stderr,
                         "--client must look like ID:SECRET (a value of %zu characters "
                         "without an ID, a colon or a secret was given)\n",
                         client.size());
            return 2;
        }
        options.clients.push_back({client.substr(0, colon), client.substr(colon + 1)});
    }
    if (tenants.empty())
        tenants.push_back("5567321707:Kliniken AB");
    for (const auto& tenant : tenants) {
        auto colon = tenant.find(':');
        TenantOption parsed{tenant.substr(0, colon),
                            colon == std::string::npos ? "" : tenant.substr(colon + 1)};
        if (parsed.organisation_number.size() != 10 || !all_digits(parsed.organisation_number)) {
            std::fprintf(stderr, "--tenant needs a 10-digit organisation number: ORGNR[:NAME]\n");
            return 2;
        }
        if (parsed.name.empty())
            parsed.name = "Företag " + parsed.organisation_number;
        options.tenants.push_back(std::move(parsed));
    }
    if (!rate_limit.empty()) {
        auto slash = rate_limit.find('/');
        try {
            options.rate_limit_requests = std::stoi(rate_limit.substr(0, slash));
            options.rate_limit_seconds =
                slash == std::string::npos ? 5 : std::stod(rate_limit.substr(slash + 1));
        } catch (const std::exception&) {
            options.rate_limit_requests = 0;
        }
        if (options.rate_limit_requests < 1 || options.rate_limit_seconds <= 0) {
            std::fprintf(stderr, "--rate-limit must look like 25/5 (requests per seconds)\n");
            return 2;
        }
    }
    return options;
}

}  // namespace fortnox_emulator
