// Faults on demand: a fraction (or the next N) of answers replaced by 500/503, added latency,
// and "lost responses" (the request is carried out and committed, the answer never sent).
// Optionally limited to one method and/or path prefix.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string>

namespace emulator_kit {

struct FaultSettings {
    double fail_rate = 0;
    int fail_status = 503;
    int fail_next = 0;  // the next N matching requests fail, whatever the rate
    std::chrono::milliseconds latency{0};
    double lose_response_rate = 0;
    int lose_next = 0;
    std::string method;       // empty: every method
    std::string path_prefix;  // empty: every path
};

class Faults {
  public:
    Faults(FaultSettings settings, std::uint64_t random_seed)
        : settings_(std::move(settings)), random_(random_seed) {}

    bool applies_to(const std::string& method, const std::string& path) const;
    std::optional<int> failure_status(const std::string& method, const std::string& path);
    bool lose_response(const std::string& method, const std::string& path);
    std::chrono::milliseconds latency(const std::string& method, const std::string& path) const;

    const FaultSettings& settings() const { return settings_; }
    // Admin endpoint: fields present in `update` replace the current ones. Returns an error text.
    std::optional<std::string> update(const nlohmann::json& update);
    nlohmann::json describe() const;

  private:
    bool roll(double rate);

    FaultSettings settings_;
    std::mt19937_64 random_;
};

}  // namespace emulator_kit
