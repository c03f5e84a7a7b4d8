#include "cli/page_command.hpp"

#include <signal.h>

#include <memory>
#include <mutex>

#include "engine/open_pipeline.hpp"
#include "operator/operator_site.hpp"
#include "service/service.hpp"
#include "service/web_server.hpp"
#include "support/stop_signal.hpp"

namespace ferry {

namespace {

// A pipeline opened read-only: its ledger and reports, never a pass or an action.
class ReadOnlyPipeline final : public OperatedPipeline {
  public:
    ReadOnlyPipeline(PipelineConfig config, std::shared_ptr<EventLog> log, StopSignal& stop)
        : name_(config.name),
          pipeline_(std::move(config), std::move(log), stop, sdk::Access::read_only) {}

    const std::string& name() const override { return name_; }
    PipelineStatus status() const override { return {}; }
    bool read_ledger(const std::function<void(sdk::Store&)>& read) override {
        std::lock_guard lock(mutex_);
        read(pipeline_.store());
        return true;
    }
    bool between_passes(
        const std::function<void(const PipelineParts&, sdk::HostServices&)>& use) override {
        std::lock_guard lock(mutex_);
        use(pipeline_.parts(), pipeline_.services());
        return true;
    }
    bool takes_actions() const override { return false; }
    void pass_soon() override {}

  private:
    const std::string name_;
    std::mutex mutex_;
    OpenPipeline pipeline_;
};

}  // namespace

int page_command(const GlobalOptions& options, const std::vector<std::string>& files,
                 const std::string& listen) {
    auto log = open_event_log(options);
    std::vector<PipelineConfig> configs;
    try {
        configs = load_pipelines(options, files);
    } catch (const ConfigError& error) {
        for (const std::string& line : error.errors())
            log->error("", "config.invalid", line);
        return exit_code::usage;
    }
    sigset_t signals;
    sigemptyset(&signals);
    for (int signal : {SIGTERM, SIGINT})
        sigaddset(&signals, signal);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    StopSignal stop;
    std::vector<std::shared_ptr<OperatedPipeline>> pipelines;
    for (auto& config : configs) {
        std::string name = config.name;
        try {
            pipelines.push_back(std::make_shared<ReadOnlyPipeline>(std::move(config), log, stop));
        } catch (const sdk::Error& e) {
            log->error(name, e.code(),
                       e.code() == sdk::ledger_missing_code
                           ? std::string(e.what()) + "; it is left off the page"
                           : std::string(e.what()));
        }
    }
    if (pipelines.empty()) {
        log->error("", "page.nothing", "no pipeline's ledger could be opened; nothing to show");
        return exit_code::failure;
    }
    try {
        if (!is_loopback_address(listen))
            throw sdk::Error("service.listen",
                             "--listen " + listen +
                                 ": `ferry page` serves loopback only; reach it from elsewhere "
                                 "through an SSH tunnel, or run `ferry run --listen` with "
                                 "--operator-token-file");
        OperatorSite site([&] { return pipelines; }, std::nullopt, false, *log);
        WebServer server(listen, {[&](const WebRequest& r) { return site.answer(r); }},
                         "the operator page at /, read-only", {}, *log);
        int signal = 0;
        while (sigwait(&signals, &signal) != 0) {
        }
        log->info("", "page.stop", "");
    } catch (const sdk::Error& e) {
        log->error("", e.code(), e.what());
        return exit_code::usage;
    }
    return exit_code::ok;
}

}  // namespace ferry
