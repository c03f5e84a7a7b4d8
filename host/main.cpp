// ferry: moves business documents from the system that issues them into the one that books them.
#include <CLI/CLI.hpp>

#include <iostream>

#include "commands.hpp"
#include "ferry/sdk/problem.hpp"
#include "ledger_commands.hpp"
#include "new_plugin.hpp"
#include "pipeline.hpp"
#include "plan_command.hpp"
#include "report_commands.hpp"
#include "service.hpp"

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
    app.add_option("--log-format", options.log_format, "text, or json (one object per line)")
        ->check(CLI::IsMember({"text", "json"}));
    app.add_flag("--syslog", options.syslog, "also log to syslog (and so the systemd journal)");

    std::vector<std::string> pipelines;
    std::string pipeline, document, reason;
    bool json = false, all_rejected = false, resend = false;
    std::string describe;
    auto* validate = app.add_subcommand("validate", "check pipeline files, plugins and secrets");
    validate->add_option("PIPELINE", pipelines, "pipeline YAML files, or folders of them")
        ->required();
    auto* plugins = app.add_subcommand("plugins", "list installed plugins, or describe one");
    bool reference = false;
    auto* describe_option =
        plugins->add_option("--describe", describe, "print a plugin's settings table");
    plugins
        ->add_flag("--reference", reference,
                   "print the pipeline reference (Markdown) of the host and every plugin found")
        ->excludes(describe_option);
    std::string plugin_name, plugin_kind, plugin_folder;
    auto* new_plugin = app.add_subcommand(
        "new-plugin", "scaffold a plugin that builds against the installed SDK, with its test");
    new_plugin->add_option("NAME", plugin_name, "plugin name, e.g. acme (becomes sink-acme)")
        ->required();
    new_plugin->add_option("--kind", plugin_kind, "source, sink or store")
        ->required()
        ->check(CLI::IsMember({"source", "sink", "store"}));
    new_plugin->add_option("--dir", plugin_folder, "folder to create (default: ./<kind>-NAME)");
    auto* check = app.add_subcommand("check", "can the source be listed and the target be used?");
    check->add_option("PIPELINE", pipelines, "pipeline YAML files, or folders of them")->required();
    std::string ledger_file = "-";
    auto* ledger = app.add_subcommand("ledger", "export or import the ledger as JSON lines");
    ledger->require_subcommand(1);
    auto* ledger_export = ledger->add_subcommand("export", "write every record as JSON lines");
    ledger_export->add_option("PIPELINE", pipeline, "pipeline YAML file")->required();
    ledger_export->add_option("--output,-o", ledger_file,
                              "file to write (default: standard output)");
    auto* ledger_import =
        ledger->add_subcommand("import", "save JSON-lines records into the ledger");
    ledger_import->add_option("PIPELINE", pipeline, "pipeline YAML file")->required();
    ledger_import->add_option("FILE", ledger_file, "file to read (- for standard input)")
        ->required();
    bool run_once = false;
    auto* run = app.add_subcommand("run", "run every pipeline on its schedule until stopped");
    run->add_option("PIPELINE", pipelines, "pipeline YAML files, or folders of them")->required();
    run->add_flag("--once", run_once,
                  "one pass of each pipeline as the service runs it, mail included, then exit");
    std::string listen;
    run->add_option("--listen", listen,
                    "serve /healthz and /metrics over HTTP on ADDRESS:PORT, e.g. 127.0.0.1:9100 "
                    "(off by default)");
    int count = 10;
    auto* schedule = app.add_subcommand("schedule", "print the next planned passes");
    schedule->add_option("PIPELINE", pipeline, "pipeline YAML file")->required();
    schedule->add_option("--count", count, "how many")->check(CLI::Range(1, 1000));
    auto* once = app.add_subcommand(
        "once",
        "run one pass of each pipeline with progress, then exit (no mail; for cron: run --once)");
    once->add_option("PIPELINE", pipelines, "pipeline YAML files, or folders of them")->required();

    std::size_t plan_limit = 0;
    auto* plan = app.add_subcommand(
        "plan",
        "what the next pass would do with each document, asking the target read-only; "
        "sends nothing and leaves the ledger as it is");
    plan->add_option("PIPELINE", pipeline, "pipeline YAML file")->required();
    plan->add_flag("--json", json, "machine-readable output");
    plan->add_option("--limit", plan_limit, "plan at most N of the documents to deliver")
        ->check(CLI::PositiveNumber);

    auto* status = app.add_subcommand("status", "documents per state and company, last failures");
    status->add_option("PIPELINE", pipeline, "pipeline YAML file")->required();
    status->add_flag("--json", json, "machine-readable output");
    bool documents = false;
    status->add_flag("--documents", documents,
                     "also every document: state, target numbers, amounts as booked");
    auto* explain = app.add_subcommand("explain", "the history of one document");
    explain->add_option("PIPELINE", pipeline, "pipeline YAML file")->required();
    explain->add_option("DOCUMENT", document, "COMPANY/KIND/NUMBER, or just the number")
        ->required();
    auto* retry = app.add_subcommand(
        "retry",
        "deliver a rejected or skipped document again: DOCUMENT, or --rejected for every "
        "rejected one (exactly one of the two); with --resend, a delivered DOCUMENT whose "
        "booking was deleted in the target");
    retry->add_option("PIPELINE", pipeline, "pipeline YAML file")->required();
    auto* retry_document =
        retry->add_option("DOCUMENT", document, "COMPANY/KIND/NUMBER or number; or --rejected");
    auto* retry_all =
        retry->add_flag("--rejected", all_rejected, "every rejected document; or DOCUMENT");
    retry_document->excludes(retry_all);
    retry
        ->add_flag("--resend", resend,
                   "DOCUMENT was delivered, then deleted in the target by hand: deliver it again "
                   "(refused while the target still holds it)")
        ->excludes(retry_all);
    // CLI11's require_option counts PIPELINE too and words its help badly; one of these two is
    // what is required.
    retry->callback([&] {
        if (document.empty() && !all_rejected)
            throw CLI::RequiredError(resend ? "DOCUMENT" : "DOCUMENT or --rejected");
    });
    auto* skip = app.add_subcommand("skip", "never deliver this document");
    skip->add_option("PIPELINE", pipeline, "pipeline YAML file")->required();
    skip->add_option("DOCUMENT", document, "COMPANY/KIND/NUMBER or number")->required();
    skip->add_option("--reason", reason, "why, for the ledger's history")->required();

    auto* report = app.add_subcommand("report", "number-series gaps, or source against target");
    report->require_subcommand(1);
    auto* gaps = report->add_subcommand("gaps", "holes in each company's document-number series");
    gaps->add_option("PIPELINE", pipeline, "pipeline YAML file")->required();
    gaps->add_flag("--json", json, "machine-readable output");
    std::string from, to;
    auto* reconcile = report->add_subcommand(
        "reconcile", "per company: count, net, VAT and gross in the source and in the target");
    reconcile->add_option("PIPELINE", pipeline, "pipeline YAML file")->required();
    reconcile->add_option("--from", from, "first issue date, YYYY-MM-DD")->required();
    reconcile->add_option("--to", to, "last issue date, YYYY-MM-DD")->required();
    reconcile->add_flag("--json", json, "machine-readable output");

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

    // Every command reports its own errors; this is the net under them, so that no input ends
    // in std::terminate (a core dump, and with Restart=on-failure a crash loop).
    auto dispatch = [&]() -> int {
        if (!*run && !pipelines.empty()) {  // run re-reads its folders on SIGHUP
            pipelines = expand_pipeline_paths(pipelines);
            if (pipelines.empty()) {
                std::cerr << "error: the folders given hold no pipeline files (*.yaml, *.yml)\n";
                return exit_code::usage;
            }
        }
        for (const std::string& path : plugin_paths)
            options.plugin_path += (options.plugin_path.empty() ? "" : ":") + path;

        if (*validate)
            return validate_command(options, pipelines);
        if (*plugins && reference)
            return plugins_reference_command(options);
        if (*plugins)
            return plugins_command(options, describe);
        if (*new_plugin)
            return new_plugin_command(plugin_name, plugin_kind, plugin_folder, options.executable);
        if (*ledger_export)
            return ledger_export_command(options, pipeline, ledger_file);
        if (*ledger_import)
            return ledger_import_command(options, pipeline, ledger_file);
        if (*run)
            return run_service(options, pipelines, run_once, listen);
        if (*schedule)
            return schedule_command(options, pipeline, count);
        if (*check)
            return check_command(options, pipelines);
        if (*once)
            return once_command(options, pipelines);
        if (*plan)
            return plan_command(options, pipeline, json, plan_limit);
        if (*status)
            return status_command(options, pipeline, json, documents);
        if (*explain)
            return explain_command(options, pipeline, document);
        if (*retry)
            return retry_command(options, pipeline, document, all_rejected, resend);
        if (*skip)
            return skip_command(options, pipeline, document, reason);
        if (*gaps)
            return gaps_command(options, pipeline, json);
        if (*reconcile)
            return reconcile_command(options, pipeline, from, to, json);
        return exit_code::usage;
    };
    try {
        return dispatch();
    } catch (const sdk::Error& e) {
        std::cerr << "error: " << e.code() << ": " << e.what() << "\n";
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what()
                  << "\n(an unexpected failure: please report it with the command you ran)\n";
    }
    return exit_code::failure;
}
