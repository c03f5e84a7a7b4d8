// Validated settings as the host would hand them to the plugin, built in code.
#pragma once

#include <string>
#include <vector>

#include "ferry/sdk/settings.hpp"
#include "oioubl_parser.hpp"

namespace ferry::novax::testing {

struct ServerFields {
    std::string location{};
    std::string domain{};
    std::string username{};
    std::string password{};
    std::string first_date{};
    bool inactive = false;
};

inline sdk::Settings make_settings(const std::vector<ServerFields>& servers,
                                   std::string max_file_mb = std::to_string(default_max_file_mb),
                                   std::string settle = "") {
    auto scalar = [](std::string text) {
        sdk::Settings::Value value;
        value.text = std::move(text);
        value.present = !value.text.empty();
        return value;
    };
    sdk::Settings settings;
    settings.origin = "test.yaml: source";
    sdk::Settings::Value list;
    list.present = true;
    for (std::size_t i = 0; i < servers.size(); ++i) {
        sdk::Settings server;
        server.origin = "test.yaml: source.servers[" + std::to_string(i) + "]";
        server.values["location"] = scalar(servers[i].location);
        server.values["domain"] = scalar(servers[i].domain);
        server.values["username"] = scalar(servers[i].username);
        server.values["password"] = scalar(servers[i].password);
        server.values["first_date"] = scalar(servers[i].first_date);
        server.values["inactive"] = scalar(servers[i].inactive ? "true" : "false");
        list.objects.push_back(std::move(server));
    }
    settings.values["servers"] = std::move(list);
    settings.values["max_file_mb"] = scalar(std::move(max_file_mb));
    settings.values["settle"] = scalar(std::move(settle));
    return settings;
}

}  // namespace ferry::novax::testing
