// Command-line options of fortnox-emulator.
#pragma once

#include "emulator_kit/faults.hpp"
#include "emulator_kit/http_server.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace fortnox_emulator {

struct ClientOption {
    std::string id;
    std::string secret;
};

struct TenantOption {
    std::string organisation_number;  // 10 digits
    std::string name;
};

// Where VAT is rounded to öre: on each row and summed, or once over the invoice.
enum class VatRounding { row, invoice };
// How Total is rounded for SEK: to whole kronor (RoundOff carries the difference), or not at all.
enum class RoundOff { whole_krona, none };
enum class ErrorCasing { lower, upper };

struct Options {
    std::uint16_t port = 0;
    std::optional<std::string> state_file;
    bool fsync = true;
    std::vector<ClientOption> clients;
    std::vector<TenantOption> tenants;
    std::int64_t access_token_seconds = 3600;
    std::int64_t refresh_token_days = 45;
    std::int64_t code_seconds = 600;
    int rate_limit_requests = 25;
    double rate_limit_seconds = 5;
    emulator_kit::FaultSettings faults;
    std::uint64_t random_seed = 0;
    bool random_seed_given = false;
    ErrorCasing error_casing = ErrorCasing::lower;
    VatRounding vat_rounding = VatRounding::row;
    RoundOff round_off = RoundOff::whole_krona;
    std::optional<std::string> seed_file;
    emulator_kit::ServerLimits limits;
};

// Parses argv; on --help or a usage error prints to stdout/stderr and returns the exit code.
std::variant<Options, int> parse_options(int argc, char** argv);

}  // namespace fortnox_emulator
