// A source for the conformance kit's own tests: `<number>.txt` files of `field: value` lines
// (name, cpr, street) in a folder, correct with its default settings, and leaking a personal
// string where `leak_into` asks, answering a file it cannot open as `unreadable` asks, and
// numbering as `numbering` asks, so a test can show the kit catches each.
#include <sys/stat.h>

#include <ferry/sdk/sdk.hpp>
#include <filesystem>
#include <fstream>
#include <map>

namespace {
namespace fs = std::filesystem;
using namespace ferry::sdk;

struct ProbeConfig {
    std::string path;
    std::string leak_into = "nothing";
    std::string unreadable = "retry_later";
    std::string numbering = "counter";
};

const SettingsBinding<ProbeConfig>& binding() {
    static const SettingsBinding<ProbeConfig> table{
        setting("path", &ProbeConfig::path).required().describe("folder holding the documents"),
        one_of("leak_into", &ProbeConfig::leak_into, {"nothing", "log", "metric", "problem"})
            .describe("where to put a personal string of a customer"),
        one_of("unreadable", &ProbeConfig::unreadable, {"retry_later", "rejected", "throw"})
            .describe("what read() answers for a file it cannot open"),
        one_of("numbering", &ProbeConfig::numbering, {"counter", "off_by_one"})
            .describe("the number series the source declares"),
    };
    return table;
}

const SettingsTable& settings_table() {
    return binding().table();
}

std::map<std::string, std::string> fields_of(const fs::path& file) {
    std::map<std::string, std::string> fields;
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);)
        if (auto colon = line.find(": "); colon != std::string::npos)
            fields[line.substr(0, colon)] = line.substr(colon + 2);
    return fields;
}

// Numbers are counters; `off_by_one` prints a position one past where it placed it.
class ProbeNumbering : public NumberSeriesRule {
  public:
    explicit ProbeNumbering(bool off_by_one) : off_by_one_(off_by_one) {}
    std::optional<SeriesPlace> place(const DocumentKey& key) const override {
        if (key.number.empty() || key.number.find_first_not_of("0123456789") != std::string::npos)
            return std::nullopt;
        return SeriesPlace{"", std::stoull(key.number)};
    }
    std::string number_at(const std::string&, std::uint64_t position) const override {
        return std::to_string(position + (off_by_one_ ? 1 : 0));
    }

  private:
    bool off_by_one_;
};

class ProbeSource : public Source {
  public:
    explicit ProbeSource(const PluginContext& context)
        : ProbeSource(binding().bind(context.settings), context.host) {}
    ProbeSource(const ProbeConfig& config, HostServices& host)
        : folder_(config.path),
          leak_(config.leak_into),
          unreadable_(config.unreadable),
          numbering_(config.numbering == "off_by_one"),
          host_(host) {}

    void list(ListingVisitor& out) override {
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(folder_))
            files.push_back(entry.path());
        std::sort(files.begin(), files.end());
        for (const fs::path& file : files) {
            struct stat info {};
            ::stat(file.c_str(), &info);
            // Field by field: GCC 12's inliner takes the braced form for a read of an
            // uninitialised string at -O3 (-Wmaybe-uninitialized).
            DocumentRef ref;
            ref.key = {"12345678", DocumentKind::invoice, file.stem().string()};
            ref.date = {2026, 3, 2};
            ref.fingerprint = std::to_string(info.st_size) + "-" + std::to_string(info.st_mtime);
            ref.location = file.filename().string();
            out.document(std::move(ref));
        }
        if (leak_ == "problem" && !files.empty())
            out.problem({"probe.note", "the first is for " + fields_of(files.front())["name"]});
    }

    ReadOutcome read(const DocumentRef& ref) override {
        if (!std::ifstream(folder_ / ref.location)) {
            Problem problem{"probe.unopened", ref.location + ": cannot be opened"};
            if (unreadable_ == "throw")
                throw Error(problem.code, problem.message);
            return unreadable_ == "rejected" ? ReadOutcome::rejected(problem)
                                             : ReadOutcome::retry_later(problem);
        }
        auto fields = fields_of(folder_ / ref.location);
        if (!fields.count("name"))
            return ReadOutcome::rejected(
                {"probe.unreadable", ref.location + ": not a probe document"});
        Document document = sample_document(ref.key, fields);
        if (leak_ == "log")
            host_.log(LogLevel::info, ref.key, "probe.read", "read " + fields["name"]);
        if (leak_ == "metric")
            host_.count("probe_reads_total", {{"street", fields["street"]}});
        return ReadOutcome::read(std::move(document));
    }

    const NumberSeriesRule* number_series() const override { return &numbering_; }

  private:
    static Document sample_document(const DocumentKey& key,
                                    std::map<std::string, std::string>& fields) {
        Document document;
        document.key = key;
        document.issue_date = {2026, 3, 2};
        document.currency = "DKK";
        document.customer.name = fields["name"];
        document.customer.cpr = fields["cpr"];
        document.customer.address.street = fields["street"];
        return document;
    }

    fs::path folder_;
    std::string leak_, unreadable_;
    ProbeNumbering numbering_;
    HostServices& host_;
};

std::unique_ptr<Source> create(const PluginContext& context) {
    return std::make_unique<ProbeSource>(context);
}

}  // namespace

FERRY_PLUGIN(describe_source("source-probe", "0.1.0", "Probes the conformance kit",
                             {DocumentKind::invoice}, &settings_table, &create));
