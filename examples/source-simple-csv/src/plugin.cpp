// Simple invoices from CSV files: one file per invoice, one row per line of the invoice.
//
//   INVOICE-1042.csv (or CREDIT-17.csv for a credit note):
//   date,customer,customer_cvr,item,description,quantity,unit_price,vat_percent
//   2026-03-02,Hansen Tandlæger ApS,87654321,KONS,Consultation,2,100.00,25
#include <sys/stat.h>

#include <ferry/sdk/sdk.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

namespace {
namespace fs = std::filesystem;
using namespace ferry::sdk;

const char* const header =
    "date,customer,customer_cvr,item,description,quantity,unit_price,vat_percent";

struct CsvConfig {
    std::string path;
    std::string company_cvr;
    std::string currency = "DKK";
    std::optional<Date> first_date;
};

const SettingsBinding<CsvConfig>& binding() {
    static const SettingsBinding<CsvConfig> table{
        setting("path", &CsvConfig::path).required().describe("folder holding the CSV files"),
        setting("company_cvr", &CsvConfig::company_cvr)
            .required()
            .pattern("[0-9]{8}")
            .describe("CVR number of the company issuing the invoices"),
        setting("currency", &CsvConfig::currency)
            .pattern("[A-Z]{3}")
            .describe("ISO 4217 code of every amount"),
        setting("first_date", &CsvConfig::first_date)
            .describe("files last changed before this date are skipped"),
    };
    return table;
}

const SettingsTable& settings_table() {
    return binding().table();
}

std::vector<std::string> split(const std::string& row) {
    std::vector<std::string> cells;
    std::stringstream in(row);
    for (std::string cell; std::getline(in, cell, ',');)
        cells.push_back(cell);
    if (!row.empty() && row.back() == ',')
        cells.emplace_back();
    return cells;
}

class CsvSource : public Source {
  public:
    explicit CsvSource(const CsvConfig& config)
        : folder_(config.path),
          company_(config.company_cvr),
          currency_(config.currency),
          first_date_(config.first_date) {}

    void list(ListingVisitor& out) override {
        static const std::regex name("(INVOICE|CREDIT)-([A-Za-z0-9]+)\\.csv");
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(folder_, ec)) {
            std::smatch match;
            std::string file = entry.path().filename().string();
            struct stat info {};
            if (!std::regex_match(file, match, name) || ::stat(entry.path().c_str(), &info) != 0) {
                out.ignored(1);
                continue;
            }
            DocumentRef ref;
            auto kind = match[1] == "INVOICE" ? DocumentKind::invoice : DocumentKind::credit_note;
            ref.key = {company_, kind, match[2]};
            ref.location = file;
            ref.fingerprint = std::to_string(info.st_size) + "-" +
                              std::to_string(info.st_mtim.tv_sec) + "." +
                              std::to_string(info.st_mtim.tv_nsec);
            ref.date = Date::from_sys_days(std::chrono::floor<std::chrono::days>(
                std::chrono::system_clock::from_time_t(info.st_mtim.tv_sec)));
            if (first_date_ && ref.date < *first_date_)
                ref.skip = Problem{"csv.before_first_date",
                                   "changed before first_date " + first_date_->to_string()};
            out.document(std::move(ref));
        }
        if (ec)
            out.problem({"csv.folder",
                         "cannot list " + folder_.string() + ": " + ec.message() + "; check path"});
    }

    // A file that cannot be opened may be moved back or unlocked: tried again later. A file
    // whose content is wrong stays wrong until it is rewritten: rejected.
    ReadOutcome read(const DocumentRef& ref) override {
        std::ifstream in(folder_ / ref.location);
        if (!in)
            return ReadOutcome::retry_later(
                {"csv.unreadable", ref.location + ": cannot be opened now; tried again later"});
        std::string row;
        if (!std::getline(in, row) || row != header)
            return ReadOutcome::rejected(
                {"csv.header", ref.location + ":1: the first row must be " + header});
        Document document;
        document.key = ref.key;
        document.format = "CSV";
        document.currency = currency_;
        document.supplier.cvr = company_;
        std::map<Decimal, VatSubtotal> vat;
        for (int number = 2; std::getline(in, row); ++number) {
            auto where = ref.location + ":" + std::to_string(number) + ": ";
            auto cells = split(row);
            if (cells.size() != 8)
                return ReadOutcome::rejected({"csv.columns", where + "expected 8 columns, found " +
                                                                 std::to_string(cells.size())});
            auto date = Date::parse(cells[0]);
            auto quantity = Decimal::parse(cells[5]), price = Decimal::parse(cells[6]),
                 percent = Decimal::parse(cells[7]);
            if (!date || !quantity || !price || !percent)
                return ReadOutcome::rejected(
                    {"csv.value", where + "date, quantity, unit_price or vat_percent "
                                          "is not a date or a number"});
            if (number == 2) {
                document.issue_date = *date;
                document.customer.name = cells[1];
                document.customer.cvr = cells[2];
            } else if (*date != document.issue_date || cells[1] != document.customer.name) {
                return ReadOutcome::rejected(
                    {"csv.mixed", where + "every row must carry the same date and customer"});
            }
            Line line;
            line.id = std::to_string(number - 1);
            line.item_id = cells[3];
            line.name = cells[4];
            line.quantity = *quantity;
            line.unit_code = "EA";
            line.unit_price = *price;
            line.net_amount = (*quantity * *price).rounded(2);
            line.vat_percent = *percent;
            auto& subtotal = vat[*percent];
            subtotal.percent = *percent;
            subtotal.taxable_amount += line.net_amount;
            document.lines.push_back(line);
        }
        if (document.lines.empty())
            return ReadOutcome::rejected(
                {"csv.empty", ref.location + ": no invoice lines after the header"});
        for (auto& [percent, subtotal] : vat) {
            subtotal.category = percent == Decimal() ? VatCategory::zero : VatCategory::standard;
            subtotal.tax_amount =
                (subtotal.taxable_amount * percent / Decimal::from_int(100)).rounded(2);
            document.totals.net += subtotal.taxable_amount;
            document.totals.vat += subtotal.tax_amount;
            document.vat_subtotals.push_back(subtotal);
        }
        document.totals.line_total = document.totals.net;
        document.totals.gross = document.totals.payable = document.totals.net + document.totals.vat;
        return ReadOutcome::read(std::move(document));
    }

  private:
    fs::path folder_;
    std::string company_, currency_;
    std::optional<Date> first_date_;
};

std::unique_ptr<Source> create(const PluginContext& context) {
    return std::make_unique<CsvSource>(binding().bind(context.settings));
}

}  // namespace

FERRY_PLUGIN(describe_source("source-simple-csv", "1.0.0",
                             "Simple invoices from CSV files, one per invoice",
                             {DocumentKind::invoice, DocumentKind::credit_note}, &settings_table,
                             &create));
