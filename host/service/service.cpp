#include "service/service.hpp"

#include <fmt/format.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <utility>

#include "config/schedule.hpp"
#include "engine/open_pipeline.hpp"
#include "engine/progress.hpp"
#include "operator/operator_site.hpp"
#include "service/notifier.hpp"
#include "service/telemetry.hpp"
#include "service/web_server.hpp"
#include "support/secrets.hpp"

namespace ferry {
using namespace std::chrono;

namespace {

// One pipeline as the service keeps it: its schedule, its mail, and its plugins, opened for its
// first pass and kept between passes (reopened after a failure, since the ledger or a plugin
// may have recovered). Nothing that goes wrong in a pass leaves pass(): other pipelines must
// keep running. `telemetry` is null unless the service listens for /metrics and /healthz.
// The operator page reads its ledger at any time and acts on it between passes.
class ScheduledPipeline final : public OperatedPipeline {
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
        std::lock_guard busy(busy_);
        failed = false;
        update_status([](PipelineStatus& s) {
            s.activity = PipelineStatus::Activity::passing;
            s.done = s.total = 0;
        });
        try {
            open();
            Runner runner(pipeline_->parts(), pipeline_->services());
            Progress progress(*log_, name_, false);
            runner.on_progress([&](std::size_t done, std::size_t total) {
                progress.update(done, total);
                update_status([&](PipelineStatus& s) { s.done = done, s.total = total; });
            });
            pipeline_->services().take_counted();
            PassSummary summary = runner.run_pass();
            summary.counted = pipeline_->services().take_counted();
            if (!summary.counted.empty())
                log_->info(name_, "pass.counted", counted_text(summary.counted));
            // Only a service that listens shows the counts, on /metrics and the page.
            std::optional<DocumentCounts> documents;
            if (telemetry_) {
                documents = count_documents(pipeline_->store());
                telemetry_->pass_finished(name_, summary, *documents);
            }
            if (notifier_)
                notifier_->after_pass(pipeline_->parts(), summary);
            update_status([&](PipelineStatus& s) {
                s.activity = PipelineStatus::Activity::waiting;
                s.last_pass = system_clock::now();
                s.last_error.clear();
                s.last_summary = summary;
                s.documents = std::move(documents);
            });
        } catch (const std::exception& e) {
            failed = true;
            log_->error(name_, "pass.failed", e.what());
            if (telemetry_)
                telemetry_->pass_failed(name_, e.what());
            update_status([&](PipelineStatus& s) {
                s.activity = PipelineStatus::Activity::failed;
                s.last_pass = system_clock::now();
                s.last_error = e.what();
            });
            close_parts();
            if (!once_)
                return next_due(floor<seconds>(system_clock::now()) + minutes(1));
        }
        if (once_) {
            close_parts();  // its ledger and plugins are not needed again
            return std::nullopt;
        }
        return next_due(floor<seconds>(system_clock::now()));
    }

    void set_next_pass(std::optional<system_clock::time_point> next) {
        update_status([&](PipelineStatus& s) { s.next_pass = next; });
    }
    void on_pass_soon(std::function<void()> ask) {
        std::lock_guard lock(ask_mutex_);
        pass_soon_ = std::move(ask);
    }

    // For good, before the service that runs it goes: a page still holding it finds it closed.
    void close() {
        on_pass_soon(nullptr);
        std::lock_guard busy(busy_);
        closed_ = true;
        close_parts();
    }

    const std::string& name() const override { return name_; }
    PipelineStatus status() const override {
        std::lock_guard lock(status_mutex_);
        return status_;
    }
    bool read_ledger(const std::function<void(sdk::Store&)>& read) override {
        std::lock_guard lock(open_mutex_);
        if (!pipeline_)
            return false;
        read(pipeline_->store());
        return true;
    }
    bool between_passes(
        const std::function<void(const PipelineParts&, sdk::HostServices&)>& use) override {
        std::unique_lock busy(busy_, std::try_to_lock);
        if (!busy.owns_lock() || closed_)
            return false;
        open();
        use(pipeline_->parts(), pipeline_->services());
        return true;
    }
    bool takes_actions() const override { return true; }
    void pass_soon() override {
        std::lock_guard lock(ask_mutex_);
        if (pass_soon_)
            pass_soon_();
    }

  private:
    // Both with busy_ held, so no pass or page action is using the parts.
    void open() {
        if (pipeline_)
            return;
        auto opened = std::make_unique<OpenPipeline>(
            config_, log_, stop_, sdk::Access::read_write, OpenPipeline::Parts::all, Clock{},
            telemetry_ ? std::shared_ptr<Metrics>(telemetry_, &telemetry_->metrics()) : nullptr);
        std::lock_guard lock(open_mutex_);
        pipeline_ = std::move(opened);
    }
    void close_parts() {
        std::lock_guard lock(open_mutex_);
        pipeline_.reset();
    }

    template <class Change>
    void update_status(Change change) {
        std::lock_guard lock(status_mutex_);
        change(status_);
    }

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
    std::mutex ask_mutex_;
    std::function<void()> pass_soon_;  // null once the generation that runs it stops
    // Held by a pass and by a page action: one of them at a time uses the parts.
    std::mutex busy_;
    bool closed_ = false;
    // Held while pipeline_ is replaced and while the page reads the ledger through it, which it
    // may do during a pass: the store takes one call at a time.
    std::mutex open_mutex_;
    std::unique_ptr<OpenPipeline> pipeline_;
    mutable std::mutex status_mutex_;
    PipelineStatus status_;
};

// The pipelines of one configuration, run by a fixed number of threads that take whichever
// pass is due next: a thousand clinics in one host cost a few threads, not a thousand.
class Generation {
  public:
    Generation(std::vector<PipelineConfig> configs, std::shared_ptr<EventLog> log,
               std::shared_ptr<Telemetry> telemetry, bool once, std::size_t passes_at_once)
        : once_(once) {
        for (auto& config : configs) {
            auto pipeline =
                std::make_shared<ScheduledPipeline>(std::move(config), log, telemetry, stop_, once);
            pipeline->on_pass_soon([this, p = pipeline.get()] { pass_soon(p); });
            auto due = pipeline->first_due();
            pipeline->set_next_pass(due);
            agenda_.emplace(due, pipeline.get());
            pipelines_.push_back(std::move(pipeline));
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
        for (auto& pipeline : pipelines_)
            pipeline->close();
    }
    int failures() const { return failures_; }

    std::vector<std::shared_ptr<OperatedPipeline>> operated() const {
        return {pipelines_.begin(), pipelines_.end()};
    }
    bool finished() const { return unfinished_ == 0; }

  private:
    // The pipeline's next pass is due now: at once when it waits, after its pass when one runs.
    void pass_soon(ScheduledPipeline* pipeline) {
        std::lock_guard lock(mutex_);
        auto waiting = std::find_if(agenda_.begin(), agenda_.end(),
                                    [&](const auto& entry) { return entry.second == pipeline; });
        if (waiting == agenda_.end()) {
            again_.insert(pipeline);
            return;
        }
        agenda_.erase(waiting);
        auto now = system_clock::now();
        pipeline->set_next_pass(now);
        agenda_.emplace(now, pipeline);
        agenda_changed_.notify_all();
    }

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
                // A copy: pass_soon() may take the entry out of the agenda while this waits.
                const system_clock::time_point due = first->first;
                agenda_changed_.wait_until(lock, due);
                continue;
            }
            ScheduledPipeline* pipeline = first->second;
            agenda_.erase(first);
            lock.unlock();
            bool failed = false;
            std::optional<system_clock::time_point> next = pipeline->pass(failed);
            failures_ += failed;
            lock.lock();
            if (next && again_.erase(pipeline))
                next = system_clock::now();
            pipeline->set_next_pass(next);
            if (next)
                agenda_.emplace(*next, pipeline);
            else
                --unfinished_;
            agenda_changed_.notify_all();  // another thread may wait for a later pass
        }
    }

    StopSignal stop_;
    const bool once_;
    std::vector<std::shared_ptr<ScheduledPipeline>> pipelines_;
    std::mutex mutex_;
    std::condition_variable agenda_changed_;
    std::multimap<system_clock::time_point, ScheduledPipeline*> agenda_;
    std::set<ScheduledPipeline*> again_;  // asked to pass soon while passing
    std::atomic<int> failures_{0};
    std::atomic<std::size_t> unfinished_{0};
    std::vector<std::jthread> workers_;  // last: they stop before what they use goes
};

}  // namespace

std::vector<PipelineConfig> load_pipelines(const GlobalOptions& options,
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

namespace {

// A token short enough to guess is no lock.
constexpr std::size_t min_operator_token_length = 16;

// Throws ConfigError when the file is not a secret file or the token is too short.
std::optional<std::string> read_operator_token(const std::string& file) {
    if (file.empty())
        return std::nullopt;
    auto token = substitute_references("${file:" + file + "}");
    if (!token)
        throw ConfigError({"--operator-token-file: " + token.problem().message});
    if (token.value().size() < min_operator_token_length)
        throw ConfigError({fmt::format(
            "--operator-token-file {}: the token is shorter than {} characters; make one with "
            "`head -c 32 /dev/urandom | base64 > {}` and `chmod 600 {}`",
            file, min_operator_token_length, file, file)});
    return token.value();
}

}  // namespace

int run_service(const GlobalOptions& options, const std::vector<std::string>& pipelines, bool once,
                const ListenOptions& listen, std::size_t passes_at_once) {
    auto log = open_event_log(options);
    std::vector<PipelineConfig> configs;
    std::optional<std::string> token;
    try {
        configs = load_pipelines(options, pipelines);
        token = read_operator_token(listen.operator_token_file);
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

    // The page reads whichever generation runs; a reload swaps it under this lock.
    std::mutex generation_mutex;
    std::unique_ptr<Generation> generation;
    PipelineBoard board = [&] {
        std::lock_guard lock(generation_mutex);
        return generation ? generation->operated()
                          : std::vector<std::shared_ptr<OperatedPipeline>>{};
    };

    // Counters live as long as the process, across reloads, as Prometheus expects.
    std::shared_ptr<Telemetry> telemetry;
    std::unique_ptr<OperatorSite> site;
    std::unique_ptr<WebServer> server;  // last: it stops before what it serves goes
    if (!listen.address.empty()) {
        telemetry = std::make_shared<Telemetry>();
        try {
            bool exposed = !is_loopback_address(listen.address);
            if (exposed && !token)
                throw sdk::Error(
                    "service.listen",
                    fmt::format("--listen {}: not a loopback address, and the operator page "
                                "would be open to anyone who reaches it. Give "
                                "--operator-token-file FILE (then the page asks for the token), "
                                "or listen on 127.0.0.1",
                                listen.address));
            site = std::make_unique<OperatorSite>(board, token, exposed, *log);
            server = std::make_unique<WebServer>(
                listen.address,
                std::vector<WebHandler>{
                    [t = telemetry.get()](const WebRequest& r) { return t->answer(r); },
                    [s = site.get()](const WebRequest& r) { return s->answer(r); }},
                "the operator page at /, /healthz and /metrics",
                "/healthz (pipeline names, each one's last pass, result and error) and /metrics "
                "(pipeline names, company numbers, document counts by state, pass and request "
                "counts) are open to anyone who reaches it; the operator page asks for the "
                "token. Admit only the hosts that need it in the firewall",
                *log);
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
    {
        auto first =
            std::make_unique<Generation>(std::move(configs), log, telemetry, once, passes_at_once);
        std::lock_guard lock(generation_mutex);
        generation = std::move(first);
    }
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
            auto reloaded = load_pipelines(options, pipelines);
            log->info("", "service.reload", "pipeline files are valid; restarting pipelines");
            std::unique_ptr<Generation> old;
            {
                std::lock_guard lock(generation_mutex);
                old = std::move(generation);
            }
            old.reset();  // the old ledgers close before the new ones open
            auto fresh = std::make_unique<Generation>(std::move(reloaded), log, telemetry, false,
                                                      passes_at_once);
            std::lock_guard lock(generation_mutex);
            generation = std::move(fresh);
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
