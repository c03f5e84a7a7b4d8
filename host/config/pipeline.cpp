#include "config/pipeline.hpp"

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>

#include <iostream>

#include "config/schedule.hpp"

namespace ferry {
using sdk::SettingType;

ConfigError::ConfigError(ConfigErrors errors)
    : std::runtime_error(errors.empty() ? "invalid configuration" : errors.front()),
      errors_(std::move(errors)) {}

namespace {
// "a@b" or "Name <a@b>", as SMTP takes them.
constexpr const char* mail_address_pattern =
    "[^@\\s<>]+@[^@\\s<>]+|[^@<>\\n]*<[^@\\s<>]+@[^@\\s<>]+>";
}  // namespace

const sdk::SettingsTable& pipeline_settings_table() {
    static const sdk::SettingsTable table = {
        {.name = "pipeline",
         .required = true,
         .description = "the pipeline's name: letters, digits, '.', '_' or '-'; keys its ledger "
                        "entries and log lines",
         .pattern = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}"},
        {.name = "in_flight",
         .type = SettingType::integer,
         .default_value = "8",
         .description = "documents delivered at once per company, when the sink can take more "
                        "than one; the target's rate budget still sets the pace. 1 delivers a "
                        "company's documents strictly in the order of their numbers",
         .minimum = 1,
         .maximum = 64},
        {.name = "schedule",
         .type = SettingType::object,
         .description = "when `ferry run` starts a pass",
         .fields = {{.name = "timezone",
                     .default_value = "Europe/Copenhagen",
                     .description = "IANA time zone the windows are read in"},
                    {.name = "windows",
                     .type = SettingType::object_list,
                     .description = "weekly windows; the first that contains a moment decides",
                     .fields = {{.name = "days",
                                 .required = true,
                                 .description =
                                     "mon-fri, sat, mon-sun, ... (comma-separated ranges)"},
                                {.name = "from",
                                 .required = true,
                                 .description = "start time HH:MM",
                                 .pattern = "([01][0-9]|2[0-3]):[0-5][0-9]"},
                                {.name = "to",
                                 .required = true,
                                 .description = "end time HH:MM (24:00 for midnight)",
                                 .pattern = "([01][0-9]|2[0-3]):[0-5][0-9]|24:00"},
                                {.name = "every",
                                 .type = SettingType::duration,
                                 .required = true,
                                 .description = "interval like 15m, 2h or 1h30m, rounded up to "
                                                "whole minutes; 0 idles until the next window"}}}}},
        {.name = "notify",
         .type = SettingType::object,
         .description = "e-mail after the first pass of each day and after any rejected "
                        "document: holes in the number series and documents that need a person",
         .fields = {{.name = "smtp_url",
                     .required = true,
                     .description = "smtp://host:587 (STARTTLS) or smtps://host:465; no "
                                    "credentials in the URL",
                     .pattern = "smtps?://[^@/\\s]+/?"},
                    {.name = "username", .description = "SMTP AUTH user; empty: no AUTH"},
                    {.name = "password",
                     .secret = true,
                     .description = "SMTP AUTH password, e.g. \"${file:/etc/ferry/smtp.secret}\""},
                    {.name = "from",
                     .required = true,
                     .description = "sender address, e.g. ferry@clinic.dk or "
                                    "\"Ferry <ferry@clinic.dk>\"",
                     .pattern = mail_address_pattern},
                    {.name = "to",
                     .type = SettingType::string_list,
                     .required = true,
                     .description = "recipient addresses, e.g. bogholderi@clinic.dk or "
                                    "\"Bogholderi <bogholderi@clinic.dk>\"",
                     .pattern = mail_address_pattern},
                    {.name = "starttls",
                     .default_value = "required",
                     .description = "required: never send without TLS; opportunistic: TLS if "
                                    "offered; off: plain. With a password, opportunistic and "
                                    "off are refused unless the relay is on this machine",
                     .choices = {"required", "opportunistic", "off"}},
                    {.name = "ca_file",
                     .description = "PEM file of the CA that signed the server's certificate; "
                                    "empty: the system's trust store"},
                    {.name = "state_file",
                     .description =
                         "remembers the day of the last daily mail so a restart does "
                         "not send it again (default /var/lib/ferry/PIPELINE.notified)"}}},
    };
    return table;
}

namespace {

struct SectionSpec {
    const char* key;
    sdk::PluginKind kind;
    PluginSection PipelineConfig::*member;
};

constexpr SectionSpec sections[] = {
    {"store", sdk::PluginKind::store, &PipelineConfig::store},
    {"source", sdk::PluginKind::source, &PipelineConfig::source},
    {"sink", sdk::PluginKind::sink, &PipelineConfig::sink},
};

void load_section(const YAML::Node& root, const SectionSpec& spec, const std::string& file,
                  const PluginCatalog& catalog, PipelineConfig& config, ConfigErrors& errors) {
    YAML::Node node = root[spec.key];
    if (!node) {
        errors.push_back(fmt::format("{}: missing required section '{}' (with 'plugin: NAME')",
                                     position(file, root.Mark()), spec.key));
        return;
    }
    if (!node.IsMap()) {
        errors.push_back(fmt::format("{}: {}: expected a mapping with 'plugin: NAME'",
                                     position(file, node.Mark()), spec.key));
        return;
    }
    YAML::Node name = node["plugin"];
    if (!name || !name.IsScalar()) {
        errors.push_back(fmt::format("{}: {}.plugin: missing: name the {} plugin to use",
                                     position(file, node.Mark()), spec.key, spec.key));
        return;
    }
    try {
        auto plugin = std::make_shared<LoadedPlugin>(catalog.load(name.Scalar()));
        if (plugin->descriptor().kind != spec.kind) {
            errors.push_back(fmt::format("{}: {}.plugin: '{}' is a {} plugin, not a {}",
                                         position(file, name.Mark()), spec.key, name.Scalar(),
                                         sdk::to_string(plugin->descriptor().kind), spec.key));
            return;
        }
        PluginSection& section = config.*spec.member;
        std::size_t errors_before = errors.size();
        section.settings = validate_settings(node, plugin->settings_table(), spec.key, file, errors,
                                             {"plugin"}, &config.references, &config.warnings);
        // Names the plugin when it reads a setting its table does not declare.
        section.settings.origin += " (plugin " + plugin->name() + ")";
        if (errors.size() == errors_before)
            for (const sdk::SettingsProblem& problem : plugin->check_settings(section.settings))
                errors.push_back(fmt::format("{}: {}: {} ({})", problem.where, spec.key,
                                             problem.message, problem.code));
        section.plugin = std::move(plugin);
    } catch (const sdk::Error& e) {
        errors.push_back(
            fmt::format("{}: {}.plugin: {}", position(file, name.Mark()), spec.key, e.what()));
    }
}

// Every kind the source produces must reach a sink that accepts it and a store that can name it.
void check_kinds(const YAML::Node& root, const std::string& file, const PipelineConfig& config,
                 ConfigErrors& errors) {
    if (!config.source.plugin)
        return;
    const std::string source = config.source.plugin->name();
    const sdk::DocumentKinds produced = config.source.plugin->descriptor().document_kinds;
    if (config.sink.plugin) {
        const std::string sink = config.sink.plugin->name();
        const sdk::DocumentKinds accepted = config.sink.plugin->descriptor().document_kinds;
        for (sdk::DocumentKind kind : produced.without(accepted).list())
            errors.push_back(fmt::format(
                "{}: sink.plugin: {} produces {}, which {} does not accept (it accepts {}); "
                "choose a sink that accepts {}, or a source that does not produce it",
                position(file, root["sink"]["plugin"].Mark()), source, sdk::to_string(kind), sink,
                accepted.str(), sdk::to_string(kind)));
    }
    if (config.store.plugin) {
        const std::string store = config.store.plugin->name();
        const sdk::DocumentKinds known = config.store.plugin->descriptor().known_kinds;
        for (sdk::DocumentKind kind : produced.without(known).list())
            errors.push_back(fmt::format(
                "{}: store.plugin: {} produces {}, which {} was built too early to know (it "
                "knows {}); rebuild {} against this Ferry's SDK",
                position(file, root["store"]["plugin"].Mark()), source, sdk::to_string(kind), store,
                known.str(), store));
    }
}

// "smtp://127.0.0.1:25", "smtp://[::1]", "smtp://localhost/": a relay on this machine.
bool is_loopback_url(const std::string& url) {
    std::string_view host = url;
    host.remove_prefix(std::min(host.size(), host.find("://") + 3));
    host = host.substr(0, host.find('/'));
    if (host.starts_with('['))
        return host.substr(0, host.find(']') + 1) == "[::1]";
    host = host.substr(0, host.find(':'));
    return host == "localhost" || host.starts_with("127.");
}

bool sends_password_in_clear(const sdk::Settings& notify) {
    return !notify.string("password").empty() && notify.string("starttls") != "required" &&
           notify.string("smtp_url").starts_with("smtp://") &&
           !is_loopback_url(notify.string("smtp_url"));
}

}  // namespace

std::vector<std::string> expand_pipeline_paths(const std::vector<std::string>& paths) {
    std::vector<std::string> files;
    for (const std::string& path : paths) {
        std::error_code ec;
        if (!std::filesystem::is_directory(path, ec)) {
            files.push_back(path);
            continue;
        }
        std::vector<std::string> found;
        for (const auto& entry : std::filesystem::directory_iterator(path, ec)) {
            auto extension = entry.path().extension();
            if (entry.is_regular_file() && (extension == ".yaml" || extension == ".yml"))
                found.push_back(entry.path().string());
        }
        std::sort(found.begin(), found.end());
        files.insert(files.end(), found.begin(), found.end());
    }
    return files;
}

PipelineConfig load_pipeline(const std::filesystem::path& path, const PluginCatalog& catalog) {
    const std::string file = path.string();
    std::error_code ec;
    auto status = std::filesystem::status(path, ec);
    if (std::filesystem::is_directory(status)) {
        std::vector<std::string> inside = expand_pipeline_paths({file});
        throw ConfigError({file + ": is a folder; this command takes one pipeline file" +
                           (inside.empty() ? std::string(", and the folder holds none")
                                           : ", e.g. " + inside.front())});
    }
    // A FIFO or a device would be waited on for ever (validate, or a reload that then cannot stop).
    if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status))
        throw ConfigError({file + ": is not a regular file; name a pipeline file (*.yaml)"});
    YAML::Node root;
    try {
        root = YAML::LoadFile(file);
    } catch (const YAML::BadFile&) {
        throw ConfigError({file + ": cannot read the pipeline file"});
    } catch (const YAML::DeepRecursion& e) {
        // yaml-cpp's own text for this is "bad file", which sends people looking at the disk.
        throw ConfigError(
            {fmt::format("{}: nested more than {} levels deep; a pipeline file needs only a few",
                         position(file, e.mark), e.depth())});
    } catch (const YAML::ParserException& e) {
        throw ConfigError(
            {fmt::format("{}: YAML syntax error: {}", position(file, e.mark), e.msg)});
    }
    if (!root.IsMap())
        throw ConfigError({file + ":1:1: a pipeline file is a mapping (pipeline:, source:, sink:, "
                                  "store:)"});

    ConfigErrors errors;
    PipelineConfig config;
    config.file = path;
    config.host =
        validate_settings(root, pipeline_settings_table(), "", file, errors,
                          {"store", "source", "sink"}, &config.references, &config.warnings);
    config.name = config.host.string("pipeline");
    if (errors.empty() && config.host.given("notify")) {
        const sdk::Settings& notify = config.host.object("notify");
        if (notify.strings("to").empty())
            errors.push_back(
                fmt::format("{}: notify.to: name at least one recipient", notify.where("to")));
        if (sends_password_in_clear(notify))
            errors.push_back(fmt::format(
                "{}: notify.starttls: {} would let the SMTP password cross the network unencrypted "
                "(a relay that does not offer STARTTLS, or someone between, gets it); use "
                "starttls: required or an smtps:// URL, or a relay on this machine",
                notify.where("starttls"), notify.string("starttls")));
    }
    if (errors.empty()) {
        try {
            Schedule::from_settings(config.host.object("schedule"));
        } catch (const sdk::Error& e) {
            errors.push_back(e.what());
        }
    }
    for (const SectionSpec& spec : sections)
        load_section(root, spec, file, catalog, config, errors);
    check_kinds(root, file, config, errors);
    // Said by every command that loads the file (validate, check, once, run), before any
    // error, so a renamed setting is fixed while its old name still works.
    for (const std::string& warning : config.warnings)
        std::cerr << "warning: " << warning << "\n";
    if (!errors.empty())
        throw ConfigError(std::move(errors));
    return config;
}

}  // namespace ferry
