#include "novax_settings.hpp"

#include "oioubl_parser.hpp"

namespace ferry::novax {

namespace {

sdk::SettingSpec setting(std::string name, sdk::SettingType type, std::string description) {
    sdk::SettingSpec spec;
    spec.name = std::move(name);
    spec.type = type;
    spec.description = std::move(description);
    return spec;
}

sdk::SettingSpec required(sdk::SettingSpec spec) {
    spec.required = true;
    return spec;
}

sdk::SettingSpec secret(sdk::SettingSpec spec) {
    spec.secret = true;
    return spec;
}

sdk::SettingSpec with_default(sdk::SettingSpec spec, std::string value) {
    spec.default_value = std::move(value);
    return spec;
}

sdk::SettingsTable make_table() {
    using sdk::SettingType;
    sdk::SettingSpec servers = required(setting(
        "servers", SettingType::object_list,
        "The folders NOVAX writes its invoice files to; each is listed on every pass, and one "
        "that fails does not stop the others."));
    servers.fields = {
        required(setting("location", SettingType::string,
                         "A local or mounted folder, or smb://host[:port]/share[/path].")),
        setting("domain", SettingType::string,
                "SMB domain or workgroup of the user (NOVAX: typically HOSTING)."),
        setting("username", SettingType::string,
                "SMB user; a read-only account is enough and recommended."),
        secret(setting("password", SettingType::string,
                       "SMB password; use ${file:...} or ${env:...}.")),
        setting("first_date", SettingType::date,
                "Files dated before this day are reported as skipped, never read (for a clinic "
                "whose older invoices are already booked)."),
        with_default(setting("inactive", SettingType::boolean,
                             "true: keep the server in the file but do not list it."),
                     "false"),
    };
    return {
        servers,
        with_default(setting("max_file_mb", SettingType::integer,
                             "Files larger than this many megabytes are refused unread (1 to "
                             "64). Parsing a file costs up to about 3 times its size plus "
                             "130 MB."),
                     std::to_string(default_max_file_mb)),
    };
}

}  // namespace

const sdk::SettingsTable& settings_table() {
    static const sdk::SettingsTable table = make_table();
    return table;
}

NovaxSettings read_settings(const sdk::Settings& settings) {
    NovaxSettings result;
    std::int64_t max_mb = settings.has("max_file_mb") ? settings.integer("max_file_mb")
                                                      : std::int64_t{default_max_file_mb};
    if (max_mb < 1 || max_mb > 64)
        throw sdk::Error("novax.settings.max_file_mb",
                         settings.where("max_file_mb") +
                             ": max_file_mb must be 1 to 64 (an invoice file is rarely over 1)");
    result.max_file_bytes = static_cast<std::size_t>(max_mb) * 1024 * 1024;
    for (const sdk::Settings& server : settings.list("servers")) {
        ServerSettings entry;
        entry.access = {server.string("location"), server.string("domain"),
                        server.string("username"), server.string("password")};
        if (entry.access.location.empty())
            throw sdk::Error("novax.settings.location",
                             server.where("location") + ": location must not be empty");
        if (server.has("first_date")) {
            entry.first_date = server.date("first_date");
            if (!entry.first_date)
                throw sdk::Error("novax.settings.first_date",
                                 server.where("first_date") + ": first_date must be YYYY-MM-DD");
        }
        entry.inactive = server.boolean("inactive");
        result.servers.push_back(std::move(entry));
    }
    if (result.servers.empty())
        throw sdk::Error("novax.settings.servers",
                         settings.where("servers") + ": at least one server is needed");
    return result;
}

}  // namespace ferry::novax
