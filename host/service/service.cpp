#include "service/service.hpp"

#include <fmt/format.h>
#include <signal.h>

#include <atomic>
#include <thread>
#include <utility>

#include "config/schedule.hpp"
#include "engine/open_pipeline.hpp"
#include "engine/progress.hpp"
#include "service/health_server.hpp"
#include "service/notifier.hpp"
#include "service/telemetry.hpp"

namespace ferry {
using namespace std::chrono;

namespace {

// One pipeline's life: open its ledger and plugins, then pass after pass on its schedule.
// Nothing that goes wrong here leaves this function: other pipelines must keep running.
// `telemetry` is null unless the service listens for /metrics and /healthz.
void run_pipeline(PipelineConfig config, std::shared_ptr<EventLog> log,
                  std::shared_ptr<Telemetry> telemetry, StopSignal& stop, bool once,
                  std::atomic<int>& failures, std::atomic<int>& running) {
    struct Finished {
        std::atomic<int>& running;
        ~Finished() { --running; }
    } finished{running};
    const std::string name = config.name;
    Schedule schedule = Schedule::from_settings(config.host.object("schedule"));
    std::optional<Notifier> notifier;
    if (auto settings = notify_settings(config.host, name))
        notifier.emplace(std::move(*settings), schedule.zone(), *log, name);
    if (telemetry)
        telemetry->pipeline_started(name);
    std::unique_ptr<OpenPipeline> pipeline;
    // Started (or reloaded) within a window that runs passes: the first pass runs at once, so
    // whoever starts the service sees it work, and a restart catches up on what it missed.
    bool waits = !schedule.runs_passes_at(floor<seconds>(system_clock::now()));
    while (!stop.requested()) {
        try {
            if (!pipeline)
                pipeline = std::make_unique<OpenPipeline>(
                    config, log, stop, sdk::Access::read_write, OpenPipeline::Parts::all, Clock{},
                    telemetry ? std::shared_ptr<Metrics>(telemetry, &telemetry->metrics())
                              : nullptr);
            if (!once && std::exchange(waits, true)) {
                auto now = floor<seconds>(system_clock::now());
                auto next = schedule.next_run(now);
                if (!next) {
                    log->warning(name, "schedule.idle",
                                 "no pass planned: every window has interval 0");
                    stop.wait_for(hours(24));
                    continue;
                }
                log->info(name, "schedule.next", "next pass " + schedule.local_text(*next));
                if (!stop.wait_for(duration_cast<milliseconds>(*next - now)))
                    break;
            }
            Runner runner(pipeline->parts(), pipeline->services());
            Progress progress(*log, name, false);
            runner.on_progress(
                [&](std::size_t done, std::size_t total) { progress.update(done, total); });
            PassSummary summary = runner.run_pass();
            if (telemetry)
                telemetry->pass_finished(name, summary, pipeline->store());
            if (notifier)
                notifier->after_pass(pipeline->parts(), summary);
        } catch (const std::exception& e) {
            ++failures;
            log->error(name, "pass.failed", e.what());
            if (telemetry)
                telemetry->pass_failed(name, e.what());
            pipeline.reset();  // reopen next time: the ledger or a plugin may have recovered
            if (!once)
                stop.wait_for(minutes(1));
        }
        if (once)
            break;
    }
}

class Generation {
  public:
    Generation(std::vector<PipelineConfig> configs, std::shared_ptr<EventLog> log,
               std::shared_ptr<Telemetry> telemetry, bool once) {
        running_ = static_cast<int>(configs.size());
        for (auto& config : configs)
            workers_.emplace_back(run_pipeline, std::move(config), log, telemetry, std::ref(stop_),
                                  once, std::ref(failures_), std::ref(running_));
    }
    ~Generation() { stop(); }

    void stop() {
        stop_.request();
        join();
    }
    void join() {
        for (auto& worker : workers_)
            if (worker.joinable())
                worker.join();
    }
    int failures() const { return failures_; }
    bool finished() const { return running_ == 0; }

  private:
    StopSignal stop_;
    std::atomic<int> failures_{0};
    std::atomic<int> running_{0};
    std::vector<std::thread> workers_;
};

std::vector<PipelineConfig> load_all(const GlobalOptions& options,
                                     const std::vector<std::string>& files) {
    PluginCatalog catalog = make_catalog(options);
    std::vector<PipelineConfig> configs;
    ConfigErrors errors;
    for (const std::string& file : expand_pipeline_paths(files)) {
        try {
            configs.push_back(load_pipeline(file, catalog));
        } catch (const ConfigError& error) {
            errors.insert(errors.end(), error.errors().begin(), error.errors().end());
        }
    }
    if (configs.empty() && errors.empty())
        errors.push_back("no pipeline files (*.yaml, *.yml) in the folders given");
    if (!errors.empty())
        throw ConfigError(std::move(errors));
    return configs;
}

}  // namespace

int run_service(const GlobalOptions& options, const std::vector<std::string>& pipelines, bool once,
                const std::string& listen) {
    auto log = open_event_log(options);
    std::vector<PipelineConfig> configs;
    try {
        configs = load_all(options, pipelines);
    } catch (const ConfigError& error) {
        for (const std::string& line : error.errors())
            log->error("", "config.invalid", line);
        return exit_code::usage;
    }

    // Signals are taken by this thread alone, synchronously, so no handler runs inside a pass.
    sigset_t signals;
    sigemptyset(&signals);
    for (int signal : {SIGTERM, SIGINT, SIGHUP})
        sigaddset(&signals, signal);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    // Counters live as long as the process, across reloads, as Prometheus expects.
    std::shared_ptr<Telemetry> telemetry;
    std::unique_ptr<HealthServer> health;
    if (!listen.empty()) {
        telemetry = std::make_shared<Telemetry>();
        try {
            health = std::make_unique<HealthServer>(listen, *telemetry, *log);
        } catch (const sdk::Error& e) {
            log->error("", e.code(), e.what());
            return exit_code::usage;
        }
    }

    log->info("", "service.start",
              fmt::format("{} pipeline(s){}", configs.size(), once ? ", one pass each" : ""));
    for (const PluginFolder& folder :
         PluginCatalog::sources(options.plugin_path, options.executable))
        log->info(
            "", "plugin.folder",
            fmt::format("plugins load from {} (set by {})", folder.path.string(), folder.origin));
    auto generation = std::make_unique<Generation>(std::move(configs), log, telemetry, once);
    while (!(once && generation->finished())) {
        timespec tick{0, 200'000'000};
        int signal = sigtimedwait(&signals, nullptr, &tick);
        if (signal < 0)
            continue;
        if (signal != SIGHUP)
            break;
        if (once)
            continue;
        try {
            auto reloaded = load_all(options, pipelines);
            log->info("", "service.reload", "pipeline files are valid; restarting pipelines");
            generation.reset();  // the old ledgers close before the new ones open
            generation = std::make_unique<Generation>(std::move(reloaded), log, telemetry, false);
        } catch (const ConfigError& error) {
            for (const std::string& line : error.errors())
                log->error("", "config.invalid", line);
            log->error("", "service.reload_rejected", "keeping the running configuration");
        }
    }
    if (!generation->finished())
        log->info("", "service.stopping", "finishing the documents in flight");
    generation->stop();
    log->info("", "service.stop", "");
    return once && generation->failures() ? exit_code::failure : exit_code::ok;
}

}  // namespace ferry
