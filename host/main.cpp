// ferry: moves business documents from the system that issues them into the one that books them.
#include <CLI/CLI.hpp>

#include <iostream>

#include "commands.hpp"

#ifndef FERRY_VERSION
#define FERRY_VERSION "0.0.0"
#endif

int main(int argc, char** argv) {
    using namespace ferry;
    GlobalOptions options;
    options.executable = "/proc/self/exe";

    CLI::App app{
        "Ferry moves invoices and credit notes from the system that issues them into the "
        "system that books them, exactly once."};
    app.footer(
        "Exit codes: 0 success; 1 a run failed (target, share or ledger trouble: see the log); "
        "2 bad command line or invalid configuration.\n"
        "Plugins are searched in --plugin-path, then FERRY_PLUGIN_PATH (both colon-separated), "
        "then ../lib/ferry beside the ferry binary.");
    app.set_version_flag("--version", std::string("ferry ") + FERRY_VERSION);
    app.require_subcommand(1);
    std::vector<std::string> plugin_paths;
    app.add_option("--plugin-path", plugin_paths,
                   "extra plugin folders, colon-separated; may be repeated");
    app.add_option("--log-level", options.log_level, "debug, info, warn or error")
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}));

    std::vector<std::string> pipelines;
    std::string describe;
    auto* validate = app.add_subcommand("validate", "check pipeline files, plugins and secrets");
    validate->add_option("PIPELINE", pipelines, "pipeline YAML files")->required();
    auto* plugins = app.add_subcommand("plugins", "list installed plugins, or describe one");
    plugins->add_option("--describe", describe, "print a plugin's settings table");
    auto* once = app.add_subcommand("once", "run one pass of each pipeline, then exit");
    once->add_option("PIPELINE", pipelines, "pipeline YAML files")->required();

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return exit_code::usage;
    }

    for (const std::string& path : plugin_paths)
        options.plugin_path += (options.plugin_path.empty() ? "" : ":") + path;

    if (*validate)
        return validate_command(options, pipelines);
    if (*plugins)
        return plugins_command(options, describe);
    if (*once)
        return once_command(options, pipelines);
    return exit_code::usage;
}
