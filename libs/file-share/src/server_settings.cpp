#include "server_settings.hpp"

namespace ferry::files {

sdk::SettingsBinding<ServerSettings> server_settings_binding(std::string first_date_description) {
    using sdk::setting;
    return {
        setting("location", &ServerSettings::location)
            .required()
            .describe("A local or mounted folder, or smb://host[:port]/share[/path]."),
        setting("domain", &ServerSettings::domain).describe("SMB domain or workgroup of the user."),
        setting("username", &ServerSettings::username)
            .describe("SMB user; a read-only account is enough and recommended."),
        setting("password", &ServerSettings::password)
            .secret()
            .describe("SMB password; use ${file:...} or ${env:...}."),
        setting("first_date", &ServerSettings::first_date)
            .describe(std::move(first_date_description)),
        setting("inactive", &ServerSettings::inactive)
            .describe("true: keep the server in the file but do not list it."),
    };
}

std::vector<sdk::SettingsProblem> check_servers(const sdk::Settings& settings,
                                                const std::string& code_prefix) {
    std::vector<sdk::SettingsProblem> problems;
    const auto& servers = settings.list("servers");
    if (servers.empty())
        problems.push_back({settings.where("servers"), code_prefix + ".settings.servers",
                            "at least one server is needed"});
    for (const sdk::Settings& server : servers)
        if (auto problem = location_problem(server.string("location")))
            problems.push_back(
                {server.where("location"), code_prefix + ".settings.location", *problem});
    return problems;
}

}  // namespace ferry::files
