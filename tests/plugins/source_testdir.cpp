// Test source: documents are small text files `<company>_<kind>_<number>.txt` in one folder,
// with `key: value` lines (date, net, vat, customer, cpr, street, kind; a customer's cvr and
// phone; requires: <document key> for a prerequisite; reject: <code>, or retry: <code> with
// retry_after: <seconds>, for the read outcomes). Numbers are counters, one series per kind.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "ferry/sdk/sdk.hpp"

namespace {
namespace fs = std::filesystem;
using namespace ferry::sdk;

struct TestDirConfig {
    std::string path;
    std::optional<Date> first_date;
};

const SettingsBinding<TestDirConfig>& binding() {
    static const SettingsBinding<TestDirConfig> table{
        setting("path", &TestDirConfig::path)
            .required()
            .describe("folder holding the test documents"),
        setting("first_date", &TestDirConfig::first_date).describe("skip documents dated before"),
    };
    return table;
}

const SettingsTable& settings_table() {
    return binding().table();
}

std::map<std::string, std::string> read_fields(const fs::path& file) {
    std::map<std::string, std::string> fields;
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) {
        auto colon = line.find(": ");
        if (colon != std::string::npos)
            fields[line.substr(0, colon)] = line.substr(colon + 2);
    }
    return fields;
}

// Each kind counts on its own, so the host's gap report is seen to follow the declared rule
// rather than any numbering of its own.
class CounterPerKind : public NumberSeriesRule {
  public:
    std::optional<SeriesPlace> place(const DocumentKey& key) const override {
        if (key.number.empty() || key.number.size() > 18 ||
            key.number.find_first_not_of("0123456789") != std::string::npos)
            return std::nullopt;
        return SeriesPlace{std::string(to_string(key.kind)), std::stoull(key.number)};
    }
    std::string number_at(const std::string&, std::uint64_t position) const override {
        return std::to_string(position);
    }
};

class TestDirSource : public Source {
  public:
    explicit TestDirSource(const PluginContext& context)
        : TestDirSource(binding().bind(context.settings)) {}
    explicit TestDirSource(const TestDirConfig& config)
        : folder_(config.path), first_date_(config.first_date) {}

    void list(ListingVisitor& out) override {
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(folder_, ec)) {
            std::string stem = entry.path().stem().string();
            auto first = stem.find('_'), last = stem.rfind('_');
            auto kind = first == last
                            ? std::nullopt
                            : parse_document_kind(stem.substr(first + 1, last - first - 1));
            if (entry.path().extension() != ".txt" || !kind) {
                out.ignored(1);
                continue;
            }
            DocumentRef ref;
            ref.key = {stem.substr(0, first), *kind, stem.substr(last + 1)};
            struct stat info {};
            ::stat(entry.path().c_str(), &info);
            ref.fingerprint = std::to_string(info.st_size) + "-" +
                              std::to_string(info.st_mtim.tv_sec) + "." +
                              std::to_string(info.st_mtim.tv_nsec);
            ref.location = entry.path().filename().string();
            ref.date = Date::parse(read_fields(entry.path())["date"]).value_or(Date{2026, 1, 1});
            if (first_date_ && ref.date < *first_date_)
                ref.skip = Problem{"testdir.before_first_date",
                                   "dated before first_date " + first_date_->to_string()};
            out.document(std::move(ref));
        }
        if (ec)
            out.problem({"testdir.unreadable", folder_.string() + ": " + ec.message()});
    }

    ReadOutcome read(const DocumentRef& ref) override {
        auto fields = read_fields(folder_ / ref.location);
        if (fields.count("reject"))
            return ReadOutcome::rejected({fields["reject"], ref.location + ": rejected as asked"});
        if (fields.count("retry")) {
            std::optional<std::chrono::seconds> after;
            if (fields.count("retry_after"))
                after = std::chrono::seconds(std::stoll(fields["retry_after"]));
            return ReadOutcome::retry_later(
                {fields["retry"], ref.location + ": cannot be read now, as asked"}, after);
        }
        Document document;
        document.key = ref.key;
        if (auto kind = parse_document_kind(fields["kind"]))
            document.key.kind = *kind;  // a source that reads another kind than it listed
        document.issue_date = Date::parse(fields["date"]).value_or(Date{2026, 1, 1});
        document.currency = "DKK";
        document.customer.name = fields["customer"];
        document.customer.cpr = fields["cpr"];
        document.customer.address.street = fields["street"];
        document.totals.net = Decimal::parse(fields["net"]).value_or(Decimal{});
        document.totals.vat = Decimal::parse(fields["vat"]).value_or(Decimal{});
        document.totals.gross = document.totals.net + document.totals.vat;
        if (document.key.kind == DocumentKind::customer) {
            Customer customer;
            customer.number = document.key.number;
            customer.name = fields["customer"];
            customer.cvr = fields["cvr"];
            customer.telephone = fields["phone"];
            document.customer_record = customer;
        }
        if (auto prerequisite = DocumentKey::parse(fields["requires"]))
            document.prerequisites.push_back(*prerequisite);
        return ReadOutcome::read(std::move(document));
    }

    const NumberSeriesRule* number_series() const override { return &numbering_; }

  private:
    fs::path folder_;
    std::optional<Date> first_date_;
    CounterPerKind numbering_;
};

std::unique_ptr<Source> create(const PluginContext& context) {
    return std::make_unique<TestDirSource>(context);
}

}  // namespace

// Built a second time as source-testdir-customers, whose documents are customers (a kind that
// follows its source, delivered again when it changes) and the invoices that require them.
#if defined(SOURCE_CUSTOMERS)
FERRY_PLUGIN(describe_source("source-testdir-customers", "0.1.0",
                             "Test customers and their invoices from a folder of text files",
                             {DocumentKind::customer, DocumentKind::invoice}, &settings_table,
                             &create));
#else
FERRY_PLUGIN(describe_source("source-testdir", "0.1.0",
                             "Test documents from a folder of text files",
                             {DocumentKind::invoice, DocumentKind::credit_note}, &settings_table,
                             &create));
#endif
