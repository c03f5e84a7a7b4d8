#include "settings.hpp"

namespace ferry::postgres {

using sdk::setting;

const sdk::SettingsBinding<PostgresConfig>& settings_binding() {
    using C = PostgresConfig;
    static const sdk::SettingsBinding<PostgresConfig> binding{
        setting("host", &C::host)
            .describe("the server's address, or the folder of its Unix socket "
                      "(e.g. /var/run/postgresql)"),
        setting("port", &C::port).range(1, 65535).describe("the server's port"),
        setting("database", &C::database).required().describe("the database to write into"),
        setting("user", &C::user)
            .required()
            .describe("the role Ferry logs in as; it must own the schema or may create it"),
        setting("password", &C::password)
            .secret()
            .describe("the role's password; leave out for peer or certificate login"),
        setting("schema", &C::schema)
            .pattern("[a-z_][a-z0-9_]{0,62}")
            .describe("the schema holding Ferry's tables; created and migrated by the sink"),
        sdk::choice("sslmode", &C::sslmode,
                    {{"disable", "disable"},
                     {"prefer", "prefer"},
                     {"require", "require"},
                     {"verify-full", "verify-full"}})
            .describe("TLS to the server, as libpq's sslmode; use verify-full across a network"),
        setting("connect_timeout", &C::connect_timeout)
            .range(sdk::Duration::seconds(1), sdk::Duration::minutes(5))
            .describe("how long to wait for the server to answer a connection"),
        sdk::choice("entry_texts", &C::entry_texts,
                    {{"drop", EntryTexts::drop}, {"keep", EntryTexts::keep}})
            .describe("drop: entries are written without their text, which can name people "
                      "(\"Refusion Karen Hansen\"); keep: write it, for a database only the "
                      "bookkeeper reads"),
    };
    return binding;
}

const sdk::SettingsTable& settings_table() {
    return settings_binding().table();
}

}  // namespace ferry::postgres
