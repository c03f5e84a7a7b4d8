// Command-line options of economic-emulator.
#pragma once

#include "emulator_kit/faults.hpp"
#include "emulator_kit/http_server.hpp"
#include "invoice_totals.hpp"
#include "rate_limiter.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace economic_emulator {

using emulator_kit::FaultSettings;
using emulator_kit::ServerLimits;

struct AgreementOption {
    std::string grant_token;
    std::string company_cvr;
};

struct Options {
    std::uint16_t port = 0;
    std::optional<std::string> state_file;
    bool fsync = true;
    std::vector<std::string> app_secret_tokens;
    std::vector<AgreementOption> agreements;
    bool demo = false;
    std::optional<std::string> seed_file;
    RateLimitSettings rate_limit;
    FaultSettings faults;
    std::uint64_t random_seed = 0;
    bool random_seed_given = false;
    std::int64_t idempotency_window_seconds = 3600;
    ServerLimits limits;
    VatRounding vat_rounding = VatRounding::per_line;
};

// Parses argv; on --help or a usage error prints to stdout/stderr and returns the exit code.
std::variant<Options, int> parse_options(int argc, char** argv);

}  // namespace economic_emulator
