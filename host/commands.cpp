#include "commands.hpp"

#include <fmt/format.h>

#include <unistd.h>

#include <iostream>

#include "describe.hpp"
#include "open_pipeline.hpp"
#include "pipeline.hpp"
#include "progress.hpp"
#include "schedule.hpp"

namespace ferry {

std::shared_ptr<EventLog> open_event_log(const GlobalOptions& options) {
    return EventLog::open(options.log_level,
                          options.log_format == "json" ? LogFormat::json : LogFormat::text,
                          options.syslog);
}

PluginCatalog make_catalog(const GlobalOptions& options) {
    return PluginCatalog(PluginCatalog::search_path(options.plugin_path, options.executable));
}

namespace {

void print_config_errors(const ConfigError& error) {
    for (const std::string& line : error.errors())
        std::cerr << "error: " << line << "\n";
    std::cerr << fmt::format("{} problem(s); fix them and run `ferry validate` again\n",
                             error.errors().size());
}

}  // namespace

int validate_command(const GlobalOptions& options, const std::vector<std::string>& pipelines) {
    PluginCatalog catalog = make_catalog(options);
    int result = exit_code::ok;
    for (const std::string& file : pipelines) {
        try {
            PipelineConfig config = load_pipeline(file, catalog);
            std::cout << fmt::format("{}: pipeline '{}' is valid\n", file, config.name);
            print_settings(std::cout, config.host, pipeline_settings_table());
            for (auto [title, section] :
                 {std::pair{"store", &config.store}, std::pair{"source", &config.source},
                  std::pair{"sink", &config.sink}}) {
                std::cout << fmt::format("  {}: {} {} ({})\n", title, section->plugin->name(),
                                         section->plugin->descriptor().version,
                                         section->plugin->file().string());
                print_settings(std::cout, section->settings, section->plugin->settings_table(), 4);
            }
        } catch (const ConfigError& error) {
            print_config_errors(error);
            result = exit_code::usage;
        }
    }
    return result;
}

int plugins_command(const GlobalOptions& options, const std::string& describe) {
    PluginCatalog catalog = make_catalog(options);
    if (!describe.empty()) {
        try {
            LoadedPlugin plugin = catalog.load(describe);
            const auto& d = plugin.descriptor();
            std::cout << fmt::format(
                "{} {} ({})\n  {}\n  file: {}\n  SDK ABI {}, toolchain {}\n\n"
                "settings:\n",
                d.name, d.version, sdk::to_string(d.kind), d.summary, plugin.file().string(),
                d.sdk_abi_version, d.toolchain);
            print_settings_table(std::cout, plugin.settings_table());
            return exit_code::ok;
        } catch (const sdk::Error& e) {
            std::cerr << "error: " << e.what() << "\n";
            return exit_code::usage;
        }
    }
    std::cout << "plugin folders:\n";
    for (const auto& folder : catalog.folders())
        std::cout << "  " << folder.string() << "\n";
    int refused = 0;
    for (const auto& entry : catalog.discover()) {
        if (entry.plugin) {
            const auto& d = entry.plugin->descriptor();
            std::cout << fmt::format("{:<20} {:<7} {:<8} {}\n", d.name, sdk::to_string(d.kind),
                                     d.version, d.summary);
        } else {
            ++refused;
            std::cout << fmt::format("{:<20} refused: {}\n", entry.file.filename().string(),
                                     entry.refusal.message);
        }
    }
    return refused ? exit_code::failure : exit_code::ok;
}

namespace {

// Opens each pipeline file and runs `action` on it (which returns an exit code); a bad file or
// a failing pipeline is reported and the others still run. Returns the worst exit code.
template <class Action>
int for_each_pipeline(const GlobalOptions& options, const std::vector<std::string>& files,
                      sdk::Access access, OpenPipeline::Parts parts, Action action) {
    PluginCatalog catalog = make_catalog(options);
    StopSignal stop;
    auto log = open_event_log(options);
    int result = exit_code::ok;
    for (const std::string& file : files) {
        try {
            OpenPipeline pipeline(load_pipeline(file, catalog), log, stop, access, parts);
            result = std::max(result, action(pipeline));
        } catch (const ConfigError& error) {
            print_config_errors(error);
            result = std::max(result, exit_code::usage);
        } catch (const sdk::Error& e) {
            log->error(file, "pipeline.failed", e.code() + ": " + e.what());
            result = std::max(result, exit_code::failure);
        }
    }
    return result;
}

}  // namespace

int check_command(const GlobalOptions& options, const std::vector<std::string>& pipelines) {
    return for_each_pipeline(
        options, pipelines, sdk::Access::read_only, OpenPipeline::Parts::without_store,
        [](OpenPipeline& pipeline) {
            sdk::Listing listing = pipeline.parts().source->list();
            std::vector<sdk::Problem> problems = listing.problems;
            for (sdk::Problem& problem : pipeline.parts().sink->check())
                problems.push_back(problem);
            std::cout << fmt::format("{}: source lists {} document(s), {} other file(s)\n",
                                     pipeline.config().name, listing.documents.size(),
                                     listing.ignored);
            for (const sdk::Problem& problem : problems)
                std::cout << fmt::format("  problem {}: {}\n", problem.code, problem.message);
            if (!problems.empty())
                return exit_code::failure;
            std::cout << "  source and target are reachable and usable\n";
            return exit_code::ok;
        });
}

int schedule_command(const GlobalOptions& options, const std::string& file, int count) {
    try {
        PipelineConfig config = load_pipeline(file, make_catalog(options));
        Schedule schedule = Schedule::from_settings(config.host.object("schedule"));
        std::cout << fmt::format("{}: next {} passes ({})\n", config.name, count,
                                 schedule.zone().name());
        auto moment = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
        for (int i = 0; i < count; ++i) {
            auto next = schedule.next_run(moment);
            if (!next) {
                std::cout << "  no pass planned: every window has interval 0\n";
                break;
            }
            std::cout << "  " << schedule.local_text(*next) << "\n";
            moment = *next;
        }
        return exit_code::ok;
    } catch (const ConfigError& error) {
        print_config_errors(error);
        return exit_code::usage;
    }
}

int once_command(const GlobalOptions& options, const std::vector<std::string>& pipelines) {
    return for_each_pipeline(
        options, pipelines, sdk::Access::read_write, OpenPipeline::Parts::all,
        [](OpenPipeline& pipeline) {
            Runner runner(pipeline.parts(), pipeline.services());
            Progress progress(pipeline.services().event_log(), pipeline.config().name,
                              ::isatty(STDERR_FILENO));
            runner.on_progress(
                [&](std::size_t done, std::size_t total) { progress.update(done, total); });
            PassSummary summary = runner.run_pass();
            progress.finish();
            std::cout << fmt::format(
                "{}: listed {}, delivered {}, rejected {}, retry later {}, skipped {}, changed "
                "after "
                "delivery {}, unresolved {}\n",
                pipeline.config().name, summary.listed, summary.delivered, summary.rejected,
                summary.retry_later, summary.skipped, summary.changed_after_delivery,
                summary.unresolved);
            return summary.source_problems.empty() && !summary.unresolved ? exit_code::ok
                                                                          : exit_code::failure;
        });
}

}  // namespace ferry
