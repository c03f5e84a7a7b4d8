// A sink for the conformance kit's own tests: one file per document in a folder, correct with its
// default settings, and wrong in the one way `check_writable`, `leak_into` or `overlapping` asks
// for, so a test can show the kit catches that.
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <ferry/sdk/sdk.hpp>
#include <filesystem>
#include <fstream>
#include <thread>

namespace {
namespace fs = std::filesystem;
using namespace ferry::sdk;

struct ProbeConfig {
    std::string path;
    std::string check_writable = "always";
    std::string leak_into = "nothing";
    std::string overlapping = "deliver";
};

const SettingsBinding<ProbeConfig>& binding() {
    static const SettingsBinding<ProbeConfig> table{
        setting("path", &ProbeConfig::path).required().describe("folder receiving the documents"),
        one_of("check_writable", &ProbeConfig::check_writable, {"always", "with_write_access"})
            .describe("with_write_access: check() tests the folder only when it may write"),
        one_of("leak_into", &ProbeConfig::leak_into,
               {"nothing", "log", "metric", "problem", "plan", "target", "error"})
            .describe("where to put a personal string of the customer"),
        one_of("overlapping", &ProbeConfig::overlapping, {"deliver", "refuse"})
            .describe("refuse: a delivery that starts while another runs is asked to retry, "
                      "though the descriptor promises concurrent deliveries"),
    };
    return table;
}

const SettingsTable& settings_table() {
    return binding().table();
}

// The reference as a file name: letters and digits kept, anything else as '_'.
std::string file_name(const std::string& reference) {
    std::string name;
    for (char c : reference)
        name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    return name + ".txt";
}

class ProbeSink : public Sink {
  public:
    explicit ProbeSink(const PluginContext& context)
        : ProbeSink(binding().bind(context.settings), context) {}
    ProbeSink(const ProbeConfig& config, const PluginContext& context)
        : folder_(config.path),
          check_always_(config.check_writable == "always"),
          may_write_(context.access == Access::read_write),
          leak_(config.leak_into),
          refuse_overlapping_(config.overlapping == "refuse"),
          host_(context.host) {}

    Delivery deliver(const DeliveryRequest& request) override {
        if (refuse_overlapping_) {
            if (busy_.exchange(true))
                return Delivery::retry_later({"probe.busy", "another delivery is running"});
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            busy_ = false;
        }
        const Party& customer = request.document.customer;
        if (leak_ == "log")
            host_.log(LogLevel::info, request.document.key, "probe.deliver",
                      "delivering for " + customer.name);
        if (leak_ == "metric")
            host_.count("probe_deliveries_total", {{"city", customer.address.city}});
        if (leak_ == "problem")
            return Delivery::rejected({"probe.refused", "refused for " + customer.email});
        if (leak_ == "error")
            throw Error("probe.failed", "no room for " + customer.address.street);
        std::string name = file_name(request.reference);
        if (!fs::exists(folder_ / name)) {
            std::ofstream out(folder_ / name);
            if (!(out << request.document.key.str() << "\n" && out.flush()))
                return Delivery::retry_later(
                    {"probe.write", "cannot write into " + folder_.string() + "; will retry"});
        }
        TargetRefs target{{"file", name}};
        if (leak_ == "target")
            target["contact"] = customer.contact_name;
        return Delivery::delivered(target);
    }

    Found find(const DocumentRef&, const std::string& reference) override {
        std::string name = file_name(reference);
        if (fs::exists(folder_ / name))
            return {Found::Status::delivered, {{"file", name}}};
        return {};
    }

    std::vector<Problem> check() override {
        if ((check_always_ || may_write_) && ::access(folder_.c_str(), W_OK) != 0)
            return {{"probe.folder", folder_.string() + " is not a folder Ferry can write into"}};
        return {};
    }

    Result<Plan> plan(const Document& document) override {
        Plan plan;
        std::string text = "would write " + document.key.str();
        if (leak_ == "plan")
            text += " for CPR " + document.customer.cpr;
        plan.steps.push_back({"probe.file.create", text});
        return plan;
    }

  private:
    fs::path folder_;
    bool check_always_, may_write_;
    std::string leak_;
    bool refuse_overlapping_;
    std::atomic<bool> busy_{false};
    HostServices& host_;
};

std::unique_ptr<Sink> create(const PluginContext& context) {
    return std::make_unique<ProbeSink>(context);
}

}  // namespace

FERRY_PLUGIN(describe_sink("sink-probe", "0.1.0", "Probes the conformance kit",
                           {DocumentKind::invoice}, &settings_table, &create)
                 .with_concurrent_deliveries());
