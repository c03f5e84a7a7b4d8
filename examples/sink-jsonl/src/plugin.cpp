// Writes each document as one JSON line to a file. The line carries the host's reference, so
// delivering again finds the line instead of writing a second one.
#include <fcntl.h>
#include <unistd.h>

#include <ferry/sdk/sdk.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

namespace {
using namespace ferry::sdk;
using nlohmann::json;

struct JsonlConfig {
    std::string path;
};

const SettingsBinding<JsonlConfig>& binding() {
    static const SettingsBinding<JsonlConfig> table{
        setting("path", &JsonlConfig::path)
            .required()
            .describe("the JSON-lines file (created 0600)")};
    return table;
}
const SettingsTable& settings_table() {
    return binding().table();
}

class JsonlSink : public Sink {
  public:
    explicit JsonlSink(const JsonlConfig& config) : path_(config.path) {}

    Delivery deliver(const DeliveryRequest& request) override {
        Scan file = scan(request.reference);
        if (file.line)
            return Delivery::delivered({{"line", *file.line}});
        const Document& d = request.document;  // identity and totals only: no personal data
        json entry = {
            {"reference", request.reference},         {"key", d.key.str()},
            {"issue_date", d.issue_date.to_string()}, {"currency", d.currency},
            {"customer_cvr", d.customer.cvr},         {"net", d.totals.net.to_string()},
            {"vat", d.totals.vat.to_string()},        {"gross", d.totals.gross.to_string()}};
        std::string text = (file.cut_short ? "\n" : "") + entry.dump() + "\n";
        int fd = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT, 0600);
        bool written = fd >= 0 && ::write(fd, text.data(), text.size()) == ssize_t(text.size()) &&
                       ::fsync(fd) == 0;
        if (fd >= 0)
            ::close(fd);
        if (!written)
            return Delivery::retry_later({"jsonl.write", "cannot write " + path_ + "; will retry"});
        return Delivery::delivered({{"line", std::to_string(file.lines + 1)}});
    }

    Found find(const DocumentRef&, const std::string& reference) override {
        auto line = scan(reference).line;
        return line ? Found{Found::Status::delivered, {{"line", *line}}} : Found{};
    }

    std::vector<Problem> check() override {
        std::string folder = path_.substr(0, path_.find_last_of('/') + 1);
        if (::access(folder.empty() ? "." : folder.c_str(), W_OK) != 0)
            return {{"jsonl.folder", "cannot write into the folder of " + path_}};
        return {};
    }

  private:
    struct Scan {
        std::optional<std::string> line;  // the number of the line holding the reference
        int lines = 0;
        bool cut_short = false;  // the last line has no end: a crash cut it, so start afresh
    };
    Scan scan(const std::string& reference) const {
        Scan scan;
        std::ifstream in(path_, std::ios::binary);
        for (std::string line; std::getline(in, line);) {
            auto parsed = json::parse(line, nullptr, false);  // a line cut short does not parse
            if (++scan.lines; parsed.is_object() && parsed.value("reference", "") == reference)
                scan.line = std::to_string(scan.lines);
            scan.cut_short = in.eof();  // getline reached the end before a newline
        }
        return scan;
    }

    std::string path_;
};

std::unique_ptr<Sink> create(const PluginContext& context) {
    return std::make_unique<JsonlSink>(binding().bind(context.settings));
}
}  // namespace

FERRY_PLUGIN(describe_sink("sink-jsonl", "1.0.0", "Writes each document as one JSON line to a file",
                           {DocumentKind::invoice, DocumentKind::credit_note}, &settings_table,
                           &create));
