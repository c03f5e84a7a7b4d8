#include "settings.hpp"

namespace ferry::novax {

const sdk::SettingsBinding<NovaxSettings>& settings_binding() {
    using sdk::setting;
    static const sdk::SettingsBinding<ServerSettings> server{
        setting("location", &ServerSettings::location)
            .required()
            .describe("A local or mounted folder, or smb://host[:port]/share[/path]."),
        setting("domain", &ServerSettings::domain)
            .describe("SMB domain or workgroup of the user (NOVAX: typically HOSTING)."),
        setting("username", &ServerSettings::username)
            .describe("SMB user; a read-only account is enough and recommended."),
        setting("password", &ServerSettings::password)
            .secret()
            .describe("SMB password; use ${file:...} or ${env:...}."),
        setting("first_date", &ServerSettings::first_date)
            .describe("Files dated before this day are reported as skipped, never read (for a "
                      "clinic whose older invoices are already booked)."),
        setting("inactive", &ServerSettings::inactive)
            .describe("true: keep the server in the file but do not list it."),
    };
    static const sdk::SettingsBinding<NovaxSettings> binding{
        sdk::objects("servers", &NovaxSettings::servers, server)
            .required()
            .describe("The folders NOVAX writes its invoice files to; each is listed on every "
                      "pass, and one that fails does not stop the others."),
        setting("max_file_mb", &NovaxSettings::max_file_mb)
            .range(1, 64)
            .describe("Files larger than this many megabytes are refused unread (an invoice "
                      "file is rarely over 1). Parsing a file costs up to about 3 times its size "
                      "plus 130 MB."),
        setting("settle", &NovaxSettings::settle)
            .range(sdk::Duration(), sdk::Duration::hours(1))
            .describe("A file that is not well-formed XML and changed less than this long ago "
                      "is read again later instead of rejected: NOVAX may still be writing it. "
                      "0s rejects it at once."),
    };
    return binding;
}

const sdk::SettingsTable& settings_table() {
    return settings_binding().table();
}

std::vector<sdk::SettingsProblem> check_settings(const sdk::Settings& settings) {
    std::vector<sdk::SettingsProblem> problems;
    const auto& servers = settings.list("servers");
    if (servers.empty())
        problems.push_back(
            {settings.where("servers"), "novax.settings.servers", "at least one server is needed"});
    for (const sdk::Settings& server : servers)
        if (auto problem = location_problem(server.string("location")))
            problems.push_back({server.where("location"), "novax.settings.location", *problem});
    return problems;
}

NovaxSettings read_settings(const sdk::Settings& settings) {
    return settings_binding().bind(settings);
}

}  // namespace ferry::novax
