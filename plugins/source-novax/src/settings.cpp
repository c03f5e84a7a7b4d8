#include "settings.hpp"

namespace ferry::novax {

const sdk::SettingsBinding<NovaxSettings>& settings_binding() {
    using sdk::setting;
    static const sdk::SettingsBinding<ServerSettings> server = files::server_settings_binding(
        "Files dated before this day are reported as skipped, never read (for a clinic whose "
        "older invoices are already booked).");
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
    return files::check_servers(settings, "novax");
}

NovaxSettings read_settings(const sdk::Settings& settings) {
    return settings_binding().bind(settings);
}

}  // namespace ferry::novax
