// Settings as the host would bind them from a pipeline file, for the tests that construct the
// source directly.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "ferry/sdk/testing/settings_builder.hpp"
#include "settings.hpp"

namespace ferry::peppol::testing {

// The settings a pipeline file with these servers (and extra scalar settings) would give.
inline PeppolSettings make_settings(const std::vector<std::map<std::string, std::string>>& servers,
                                    const std::vector<std::string>& suppliers = {},
                                    const std::string& settle = "1m") {
    sdk::testing::SettingsBuilder builder(settings_table());
    for (const auto& server : servers)
        builder.add("servers", server);
    builder.set_list("suppliers", suppliers);
    builder.set("settle", settle);
    auto settings = builder.build();
    auto problems = check_settings(settings);
    if (!problems.empty())
        throw std::runtime_error(problems.front().code + ": " + problems.front().message);
    return read_settings(settings);
}

}  // namespace ferry::peppol::testing
