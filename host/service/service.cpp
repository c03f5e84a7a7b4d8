#include "service/service.hpp"

#include <fmt/format.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
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

// One pipeline as the service keeps it: its schedule, its mail, and its plugins, opened for its
// first pass and kept between passes (reopened after a failure, since the ledger or a plugin
// may have recovered). Nothing that goes wrong in a pass leaves pass(): other pipelines must
// keep running. `telemetry` is null unless the service listens for /metrics and /healthz.
class ScheduledPipeline {
  public:
    ScheduledPipeline(PipelineConfig config, std::shared_ptr<EventLog> log,
                      std::shared_ptr<Telemetry> telemetry, StopSignal& stop, bool once)
        : config_(std::move(config)),
          name_(config_.name),
          log_(std::move(log)),
          telemetry_(std::move(telemetry)),
          stop_(stop),
          once_(once),
          schedule_(Schedule::from_settings(config_.host.object("schedule"))) {
        if (auto settings = notify_settings(config_.host, name_))
            notifier_.emplace(std::move(*settings), schedule_.zone(), *log_, name_);
        if (telemetry_)
            telemetry_->pipeline_started(name_);
    }

    // Started (or reloaded) within a window that runs passes, or with --once, the first pass is
    // due at once, so whoever starts the service sees it work, and a restart catches up on what
    // it missed; otherwise at the schedule's next pass.
    system_clock::time_point first_due() const {
        SysSeconds now = floor<seconds>(system_clock::now());
        return once_ || schedule_.runs_passes_at(now) ? now : next_due(now);
    }

    // One pass; when the next is due, or nothing with --once. False in `failed` when the pass
    // could not run or finish.
    std::optional<system_clock::time_point> pass(bool& failed) {
        failed = false;
        try {
            if (!pipeline_)
                pipeline_ = std::make_unique<OpenPipeline>(
                    config_, log_, stop_, sdk::Access::read_write, OpenPipeline::Parts::all,
                    Clock{},
                    telemetry_ ? std::shared_ptr<Metrics>(telemetry_, &telemetry_->metrics())
                               : nullptr);
            Runner runner(pipeline_->parts(), pipeline_->services());
            Progress progress(*log_, name_, false);
            runner.on_progress(
                [&](std::size_t done, std::size_t total) { progress.update(done, total); });
            PassSummary summary = runner.run_pass();
            if (telemetry_)
                telemetry_->pass_finished(name_, summary, pipeline_->store());
            if (notifier_)
                notifier_->after_pass(pipeline_->parts(), summary);
        } catch (const std::exception& e) {
            failed = true;
            log_->error(name_, "pass.failed", e.what());
            if (telemetry_)
                telemetry_->pass_failed(name_, e.what());
            pipeline_.reset();
            if (!once_)
                return next_due(floor<seconds>(system_clock::now()) + minutes(1));
        }
        if (once_) {
            pipeline_.reset();  // its ledger and plugins are not needed again
            return std::nullopt;
        }
        return next_due(floor<seconds>(system_clock::now()));
    }

  private:
    system_clock::time_point next_due(SysSeconds after) const {
        auto next = schedule_.next_run(after);
        if (!next) {
            log_->warning(name_, "schedule.idle", "no pass planned: every window has interval 0");
            return after + hours(24);
        }
        log_->info(name_, "schedule.next", "next pass " + schedule_.local_text(*next));
        return *next;
    }

    PipelineConfig config_;
    const std::string name_;
    std::shared_ptr<EventLog> log_;
    std::shared_ptr<Telemetry> telemetry_;
    StopSignal& stop_;
    const bool once_;
    Schedule schedule_;
    std::optional<Notifier> notifier_;
    std::unique_ptr<OpenPipeline> pipeline_;
};

// The pipelines of one configuration, run by a fixed number of threads that take whichever
// pass is due next: a thousand clinics in one host cost a few threads, not a thousand.
class Generation {
  public:
    Generation(std::vector<PipelineConfig> configs, std::shared_ptr<EventLog> log,
               std::shared_ptr<Telemetry> telemetry, bool once, std::size_t passes_at_once)
        : once_(once) {
        for (auto& config : configs) {
            pipelines_.push_back(std::make_unique<ScheduledPipeline>(std::move(config), log,
                                                                     telemetry, stop_, once));
            agenda_.emplace(pipelines_.back()->first_due(), pipelines_.back().get());
        }
        unfinished_ = pipelines_.size();
        std::size_t workers = std::clamp<std::size_t>(passes_at_once, 1, pipelines_.size());
        for (std::size_t i = 0; i < workers; ++i)
            workers_.emplace_back([this] { work(); });
    }
    ~Generation() { stop(); }

    void stop() {
        stop_.request();
        { std::lock_guard lock(mutex_); }
        agenda_changed_.notify_all();
        workers_.clear();  // joins
    }
    int failures() const { return failures_; }
    bool finished() const { return unfinished_ == 0; }

  private:
    void work() {
        std::unique_lock lock(mutex_);
        while (!stop_.requested()) {
            if (agenda_.empty()) {
                if (once_)
                    return;  // each pipeline had its pass or is having it
                agenda_changed_.wait(lock);
                continue;
            }
            auto first = agenda_.begin();
            if (first->first > system_clock::now()) {
                agenda_changed_.wait_until(lock, first->first);
                continue;
            }
            ScheduledPipeline* pipeline = first->second;
            agenda_.erase(first);
            lock.unlock();
            bool failed = false;
            std::optional<system_clock::time_point> next = pipeline->pass(failed);
            failures_ += failed;
            lock.lock();
            if (next)
                agenda_.emplace(*next, pipeline);
            else
                --unfinished_;
            agenda_changed_.notify_all();  // another thread may wait for a later pass
        }
    }

    StopSignal stop_;
    const bool once_;
    std::vector<std::unique_ptr<ScheduledPipeline>> pipelines_;
    std::mutex mutex_;
    std::condition_variable agenda_changed_;
    std::multimap<system_clock::time_point, ScheduledPipeline*> agenda_;
    std::atomic<int> failures_{0};
    std::atomic<std::size_t> unfinished_{0};
    std::vector<std::jthread> workers_;  // last: they stop before what they use goes
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
                const std::string& listen, std::size_t passes_at_once) {
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
    auto generation =
        std::make_unique<Generation>(std::move(configs), log, telemetry, once, passes_at_once);
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
            generation = std::make_unique<Generation>(std::move(reloaded), log, telemetry, false,
                                                      passes_at_once);
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
