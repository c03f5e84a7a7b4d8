// A source for the conformance kit's own tests: `<number>.txt` files of `field: value` lines
// (name, cpr, street) in a folder, correct with its default settings, and leaking a personal
// string where `leak_into` asks, so a test can show the kit catches that.
#include <sys/stat.h>

#include <ferry/sdk/sdk.hpp>
#include <filesystem>
#include <fstream>
#include <map>

namespace {
namespace fs = std::filesystem;
using namespace ferry::sdk;

const SettingsTable& settings_table() {
    static const SettingsTable table = {
        {.name = "path", .required = true, .description = "folder holding the documents"},
        {.name = "leak_into",
         .default_value = "nothing",
         .description = "where to put a personal string of a customer",
         .choices = {"nothing", "log", "metric", "problem"}},
    };
    return table;
}

std::map<std::string, std::string> fields_of(const fs::path& file) {
    std::map<std::string, std::string> fields;
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);)
        if (auto colon = line.find(": "); colon != std::string::npos)
            fields[line.substr(0, colon)] = line.substr(colon + 2);
    return fields;
}

class ProbeSource : public Source {
  public:
    explicit ProbeSource(const PluginContext& context)
        : folder_(context.settings.string("path")),
          leak_(context.settings.string("leak_into")),
          host_(context.host) {}

    void list(ListingVisitor& out) override {
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(folder_))
            files.push_back(entry.path());
        std::sort(files.begin(), files.end());
        for (const fs::path& file : files) {
            struct stat info {};
            ::stat(file.c_str(), &info);
            out.document({{"12345678", DocumentKind::invoice, file.stem().string()},
                          {2026, 3, 2},
                          std::to_string(info.st_size) + "-" + std::to_string(info.st_mtime),
                          file.filename().string(),
                          {}});
        }
        if (leak_ == "problem" && !files.empty())
            out.problem({"probe.note", "the first is for " + fields_of(files.front())["name"]});
    }

    Result<Document> read(const DocumentRef& ref) override {
        auto fields = fields_of(folder_ / ref.location);
        if (!fields.count("name"))
            return Problem{"probe.unreadable", ref.location + ": not a probe document"};
        Document document = sample_document(ref.key, fields);
        if (leak_ == "log")
            host_.log(LogLevel::info, ref.key, "probe.read", "read " + fields["name"]);
        if (leak_ == "metric")
            host_.count("probe_reads_total", {{"street", fields["street"]}});
        return document;
    }

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
    std::string leak_;
    HostServices& host_;
};

std::unique_ptr<Source> create(const PluginContext& context) {
    return std::make_unique<ProbeSource>(context);
}

}  // namespace

FERRY_PLUGIN(describe_source("source-probe", "0.1.0", "Probes the conformance kit",
                             {DocumentKind::invoice}, &settings_table, &create));
