// ferry: moves business documents from the system that issues them into the one that books them.
#include <CLI/CLI.hpp>

#include <functional>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/ledger_commands.hpp"
#include "cli/link_command.hpp"
#include "cli/new_plugin.hpp"
#include "cli/page_command.hpp"
#include "cli/plan_command.hpp"
#include "cli/report_commands.hpp"
#include "config/pipeline.hpp"
#include "ferry/sdk/problem.hpp"
#include "service/service.hpp"

#ifndef FERRY_VERSION
#define FERRY_VERSION "0.0.0"
#endif

namespace {

using namespace ferry;

// What the command line gave: CLI11 writes into it while parsing, the chosen command reads it.
struct Arguments {
    GlobalOptions options;
    std::vector<std::string> plugin_paths;
    std::vector<std::string> pipelines;  // files or folders, expanded before a command runs
    std::string pipeline, document;
    bool json = false;
};

using Command = std::function<int(Arguments&)>;
// Declares a subcommand's own options on `command` and returns what runs it.
using Declare = Command (*)(CLI::App& command, Arguments& args);

void add_pipelines(CLI::App& command, Arguments& args) {
    command.add_option("PIPELINE", args.pipelines, "pipeline YAML files, or folders of them")
        ->required();
}

void add_pipeline(CLI::App& command, Arguments& args) {
    command.add_option("PIPELINE", args.pipeline, "pipeline YAML file")->required();
}

void add_json(CLI::App& command, Arguments& args) {
    command.add_flag("--json", args.json, "machine-readable output");
}

Command declare_validate(CLI::App& command, Arguments& args) {
    add_pipelines(command, args);
    return [](Arguments& a) { return validate_command(a.options, a.pipelines); };
}

Command declare_plugins(CLI::App& command, Arguments&) {
    struct State {
        std::string describe;
        bool markdown = false;
        bool reference = false;
    };
    auto state = std::make_shared<State>();
    auto* describe_option =
        command.add_option("--describe", state->describe, "print a plugin's settings table");
    command
        .add_flag("--markdown", state->markdown,
                  "with --describe: the settings table as Markdown, as the plugin's README has it")
        ->needs(describe_option);
    command
        .add_flag("--reference", state->reference,
                  "print the pipeline reference (Markdown) of the host and every plugin found")
        ->excludes(describe_option);
    return [state](Arguments& a) {
        return state->reference ? plugins_reference_command(a.options)
                                : plugins_command(a.options, state->describe, state->markdown);
    };
}

Command declare_new_plugin(CLI::App& command, Arguments&) {
    struct State {
        std::string name;
        std::string kind;
        std::string folder;
    };
    auto state = std::make_shared<State>();
    command.add_option("NAME", state->name, "plugin name, e.g. acme (becomes sink-acme)")
        ->required();
    command.add_option("--kind", state->kind, "source, sink or store")
        ->required()
        ->check(CLI::IsMember({"source", "sink", "store"}));
    command.add_option("--dir", state->folder, "folder to create (default: ./<kind>-NAME)");
    return [state](Arguments& a) {
        return new_plugin_command(state->name, state->kind, state->folder, a.options.executable);
    };
}

Command declare_check(CLI::App& command, Arguments& args) {
    add_pipelines(command, args);
    return [](Arguments& a) { return check_command(a.options, a.pipelines); };
}

Command declare_ledger(CLI::App& command, Arguments& args) {
    auto file = std::make_shared<std::string>("-");
    command.require_subcommand(1);
    CLI::App* exporting = command.add_subcommand("export", "write every record as JSON lines");
    add_pipeline(*exporting, args);
    exporting->add_option("--output,-o", *file, "file to write (default: standard output)");
    auto* importing = command.add_subcommand("import", "save JSON-lines records into the ledger");
    add_pipeline(*importing, args);
    importing->add_option("FILE", *file, "file to read (- for standard input)")->required();
    return [file, exporting](Arguments& a) {
        return exporting->parsed() ? ledger_export_command(a.options, a.pipeline, *file)
                                   : ledger_import_command(a.options, a.pipeline, *file);
    };
}

Command declare_page(CLI::App& command, Arguments& args) {
    auto listen = std::make_shared<std::string>("127.0.0.1:9180");
    add_pipelines(command, args);
    command
        .add_option("--listen", *listen,
                    "loopback ADDRESS:PORT to serve the read-only page on; port 0 picks one")
        ->capture_default_str();
    return [listen](Arguments& a) { return page_command(a.options, a.pipelines, *listen); };
}

Command declare_run(CLI::App& command, Arguments& args) {
    struct State {
        bool once = false;
        ListenOptions listen;
        std::size_t passes_at_once = default_passes_at_once;
    };
    auto state = std::make_shared<State>();
    add_pipelines(command, args);
    command.add_flag("--once", state->once,
                     "one pass of each pipeline as the service runs it, mail included, then exit");
    command.add_option("--listen", state->listen.address,
                       "serve the operator page, /healthz and /metrics over HTTP on "
                       "ADDRESS:PORT, e.g. 127.0.0.1:9100 (off by default)");
    command.add_option("--operator-token-file", state->listen.operator_token_file,
                       "a secret file (0600) holding the operator token: whoever signs in on the "
                       "page with it may retry, skip and resend documents; required to listen "
                       "beyond loopback");
    command
        .add_option("--passes-at-once", state->passes_at_once,
                    "pipelines that run a pass at the same time, each on its own thread; the "
                    "others wait for a free one")
        ->check(CLI::Range(1, 256))
        ->capture_default_str();
    return [state](Arguments& a) {
        return run_service(a.options, a.pipelines, state->once, state->listen,
                           state->passes_at_once);
    };
}

Command declare_schedule(CLI::App& command, Arguments& args) {
    struct State {
        int count = 10;
    };
    auto state = std::make_shared<State>();
    add_pipeline(command, args);
    command.add_option("--count", state->count, "how many")->check(CLI::Range(1, 1000));
    return [state](Arguments& a) { return schedule_command(a.options, a.pipeline, state->count); };
}

Command declare_once(CLI::App& command, Arguments& args) {
    add_pipelines(command, args);
    return [](Arguments& a) { return once_command(a.options, a.pipelines); };
}

Command declare_plan(CLI::App& command, Arguments& args) {
    struct State {
        std::size_t limit = 0;
    };
    auto state = std::make_shared<State>();
    add_pipeline(command, args);
    add_json(command, args);
    command.add_option("--limit", state->limit, "plan at most N of the documents to deliver")
        ->check(CLI::PositiveNumber);
    return
        [state](Arguments& a) { return plan_command(a.options, a.pipeline, a.json, state->limit); };
}

Command declare_status(CLI::App& command, Arguments& args) {
    struct State {
        bool documents = false;
    };
    auto state = std::make_shared<State>();
    add_pipeline(command, args);
    add_json(command, args);
    command.add_flag("--documents", state->documents,
                     "also every document: state, target numbers, amounts as booked");
    return [state](Arguments& a) {
        return status_command(a.options, a.pipeline, a.json, state->documents);
    };
}

Command declare_explain(CLI::App& command, Arguments& args) {
    add_pipeline(command, args);
    command.add_option("DOCUMENT", args.document, "COMPANY/KIND/NUMBER, or just the number")
        ->required();
    return [](Arguments& a) { return explain_command(a.options, a.pipeline, a.document); };
}

Command declare_retry(CLI::App& command, Arguments& args) {
    struct State {
        bool all_rejected = false;
        bool resend = false;
    };
    auto state = std::make_shared<State>();
    add_pipeline(command, args);
    auto* document = command.add_option("DOCUMENT", args.document,
                                        "COMPANY/KIND/NUMBER or number; or --rejected");
    auto* all =
        command.add_flag("--rejected", state->all_rejected, "every rejected document; or DOCUMENT");
    document->excludes(all);
    command
        .add_flag("--resend", state->resend,
                  "DOCUMENT was delivered, then deleted in the target by hand: deliver it again "
                  "(refused while the target still holds it)")
        ->excludes(all);
    // CLI11's require_option counts PIPELINE too and words its help badly; one of these two is
    // what is required.
    command.callback([&args, state] {
        if (args.document.empty() && !state->all_rejected)
            throw CLI::RequiredError(state->resend ? "DOCUMENT" : "DOCUMENT or --rejected");
    });
    return [state](Arguments& a) {
        return retry_command(a.options, a.pipeline, a.document, state->all_rejected, state->resend);
    };
}

Command declare_skip(CLI::App& command, Arguments& args) {
    struct State {
        std::string reason;
    };
    auto state = std::make_shared<State>();
    add_pipeline(command, args);
    command.add_option("DOCUMENT", args.document, "COMPANY/KIND/NUMBER or number")->required();
    command.add_option("--reason", state->reason, "why, for the ledger's history")->required();
    return [state](Arguments& a) {
        return skip_command(a.options, a.pipeline, a.document, state->reason);
    };
}

Command declare_link(CLI::App& command, Arguments& args) {
    auto request = std::make_shared<LinkRequest>();
    command.require_subcommand(1);
    CLI::App* customers = command.add_subcommand(
        "customers",
        "list the source's customers beside the target's by CVR/VAT/EAN, telephone and name in "
        "three lists (one suggestion, several, none); with --accept-all or --accept, link them");
    add_pipeline(*customers, args);
    customers->add_flag("--json", request->json, "the three lists, machine-readable");
    customers->add_flag("--accept-all", request->accept_all,
                        "link every customer that has exactly one suggestion");
    customers->add_option("--accept", request->accept,
                          "link SOURCE=TARGET: the source's customer (number or "
                          "COMPANY/customer/NUMBER) to the target's customer number; may be "
                          "repeated");
    customers->add_option("--undo", request->undo,
                          "undo the link of this source customer; may "
                          "be repeated");
    customers
        ->add_option("--winner", request->winner,
                     "whose data the accepted links keep: source (the next pass updates "
                     "the target's customer) or target (left as it is)")
        ->check(CLI::IsMember({"source", "target"}));
    return
        [request](Arguments& a) { return link_customers_command(a.options, a.pipeline, *request); };
}

Command declare_report(CLI::App& command, Arguments& args) {
    struct State {
        std::string from, to;
        bool documents = false;
    };
    auto state = std::make_shared<State>();
    command.require_subcommand(1);
    CLI::App* gaps =
        command.add_subcommand("gaps", "holes in each company's document-number series");
    add_pipeline(*gaps, args);
    add_json(*gaps, args);
    auto* reconcile = command.add_subcommand(
        "reconcile", "per company: count, net, VAT and gross in the source and in the target");
    add_pipeline(*reconcile, args);
    reconcile->add_option("--from", state->from, "first issue date, YYYY-MM-DD")->required();
    reconcile->add_option("--to", state->to, "last issue date, YYYY-MM-DD")->required();
    reconcile->add_flag("--documents", state->documents,
                        "also each document beside the target's: date, currency, both amounts, "
                        "the ledger's state and the target's numbers");
    add_json(*reconcile, args);
    return [state, gaps](Arguments& a) {
        return gaps->parsed() ? gaps_command(a.options, a.pipeline, a.json)
                              : reconcile_command(a.options, a.pipeline, state->from, state->to,
                                                  a.json, state->documents);
    };
}

struct Subcommand {
    const char* name;
    const char* summary;
    Declare declare;
};

const Subcommand subcommands[] = {
    {"validate", "check pipeline files, plugins and secrets", declare_validate},
    {"plugins", "list installed plugins, or describe one", declare_plugins},
    {"new-plugin", "scaffold a plugin that builds against the installed SDK, with its test",
     declare_new_plugin},
    {"check", "can the source be listed and the target be used?", declare_check},
    {"ledger", "export or import the ledger as JSON lines", declare_ledger},
    {"run", "run every pipeline on its schedule until stopped", declare_run},
    {"page",
     "serve the operator page over pipelines' ledgers, read-only, without running passes "
     "(Ctrl-C stops it)",
     declare_page},
    {"schedule", "print the next planned passes", declare_schedule},
    {"once",
     "run one pass of each pipeline with progress, then exit (no mail; for cron: run --once)",
     declare_once},
    {"plan",
     "what the next pass would do with each document, asking the target read-only; sends "
     "nothing and leaves the ledger as it is",
     declare_plan},
    {"status", "documents per state and company, last failures", declare_status},
    {"explain", "the history of one document", declare_explain},
    {"retry",
     "deliver a rejected or skipped document again: DOCUMENT, or --rejected for every rejected "
     "one (exactly one of the two); with --resend, a delivered DOCUMENT whose booking was "
     "deleted in the target",
     declare_retry},
    {"skip", "never deliver this document", declare_skip},
    {"link", "link the source's customers to those the target already keeps", declare_link},
    {"report", "number-series gaps, or source against target", declare_report},
};

void declare_global_options(CLI::App& app, Arguments& args) {
    app.footer(
        "Exit codes: 0 success; 1 a run failed (target, share or ledger trouble: see the log); "
        "2 bad command line or invalid configuration.\n"
        "Plugins are searched in --plugin-path, then FERRY_PLUGIN_PATH (both colon-separated), "
        "then ../lib/ferry beside the ferry binary.");
    app.set_version_flag("--version", std::string("ferry ") + FERRY_VERSION);
    app.require_subcommand(1);
    app.add_option("--plugin-path", args.plugin_paths,
                   "extra plugin folders, colon-separated; may be repeated");
    app.add_option("--log-level", args.options.log_level, "debug, info, warn or error")
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}));
    app.add_option("--log-format", args.options.log_format, "text, or json (one object per line)")
        ->check(CLI::IsMember({"text", "json"}));
    app.add_flag("--syslog", args.options.syslog,
                 "also log to syslog (and so the systemd journal)");
}

// Folders become the pipeline files in them; `run` keeps folders, as it re-reads them on SIGHUP.
int run_command(const Command& command, Arguments& args, bool keeps_folders) {
    if (!keeps_folders && !args.pipelines.empty()) {
        args.pipelines = expand_pipeline_paths(args.pipelines);
        if (args.pipelines.empty()) {
            std::cerr << "error: the folders given hold no pipeline files (*.yaml, *.yml)\n";
            return exit_code::usage;
        }
    }
    for (const std::string& path : args.plugin_paths)
        args.options.plugin_path += (args.options.plugin_path.empty() ? "" : ":") + path;
    return command(args);
}

}  // namespace

int main(int argc, char** argv) {
    Arguments args;
    args.options.executable = "/proc/self/exe";
    CLI::App app{
        "Ferry moves business documents from the system that issues them into the system "
        "that "
        "books them, exactly once."};
    declare_global_options(app, args);
    std::vector<std::pair<CLI::App*, Command>> commands;
    for (const Subcommand& subcommand : subcommands) {
        CLI::App* command = app.add_subcommand(subcommand.name, subcommand.summary);
        commands.emplace_back(command, subcommand.declare(*command, args));
    }

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
    try {
        for (const auto& [command, run] : commands)
            if (command->parsed())
                return run_command(run, args, command->get_name() == "run");
        return exit_code::usage;
    } catch (const sdk::Error& e) {
        std::cerr << "error: " << e.code() << ": " << e.what() << "\n";
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what()
                  << "\n(an unexpected failure: please report it with the command you ran)\n";
    }
    return exit_code::failure;
}
