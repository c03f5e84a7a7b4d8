#include "emulator_kit/faults.hpp"

namespace emulator_kit {

bool Faults::roll(double rate) {
    return rate > 0 && std::uniform_real_distribution<double>(0, 1)(random_) < rate;
}

bool Faults::applies_to(const std::string& method, const std::string& path) const {
    return (settings_.method.empty() || settings_.method == method) &&
           (settings_.path_prefix.empty() || path.starts_with(settings_.path_prefix));
}

std::optional<int> Faults::failure_status(const std::string& method, const std::string& path) {
    if (!applies_to(method, path))
        return std::nullopt;
    if (settings_.fail_next > 0) {
        --settings_.fail_next;
        return settings_.fail_status;
    }
    if (roll(settings_.fail_rate))
        return settings_.fail_status;
    return std::nullopt;
}

bool Faults::lose_response(const std::string& method, const std::string& path) {
    if (!applies_to(method, path))
        return false;
    if (settings_.lose_next > 0) {
        --settings_.lose_next;
        return true;
    }
    return roll(settings_.lose_response_rate);
}

std::chrono::milliseconds Faults::latency(const std::string& method,
                                          const std::string& path) const {
    return applies_to(method, path) ? settings_.latency : std::chrono::milliseconds{0};
}

std::optional<std::string> Faults::update(const nlohmann::json& update) {
    if (!update.is_object())
        return "The body must be a JSON object.";
    FaultSettings next = settings_;
    try {
        for (const auto& [name, value] : update.items()) {
            if (name == "failRate")
                next.fail_rate = value.get<double>();
            else if (name == "failStatus")
                next.fail_status = value.get<int>();
            else if (name == "failNext")
                next.fail_next = value.get<int>();
            else if (name == "latencyMs")
                next.latency = std::chrono::milliseconds(value.get<int>());
            else if (name == "loseResponseRate")
                next.lose_response_rate = value.get<double>();
            else if (name == "loseNext")
                next.lose_next = value.get<int>();
            else if (name == "method")
                next.method = value.get<std::string>();
            else if (name == "pathPrefix")
                next.path_prefix = value.get<std::string>();
            else
                return "Unknown fault setting '" + name + "'.";
        }
    } catch (const nlohmann::json::exception&) {
        return "A fault setting has the wrong type.";
    }
    if (next.fail_rate < 0 || next.fail_rate > 1 || next.lose_response_rate < 0 ||
        next.lose_response_rate > 1)
        return "Rates are fractions from 0 to 1.";
    if (next.fail_status < 500 || next.fail_status > 599)
        return "failStatus must be a 5xx status.";
    settings_ = next;
    return std::nullopt;
}

nlohmann::json Faults::describe() const {
    return {{"failRate", settings_.fail_rate},
            {"failStatus", settings_.fail_status},
            {"failNext", settings_.fail_next},
            {"latencyMs", settings_.latency.count()},
            {"loseResponseRate", settings_.lose_response_rate},
            {"loseNext", settings_.lose_next},
            {"method", settings_.method},
            {"pathPrefix", settings_.path_prefix}};
}

}  // namespace emulator_kit
