#include "settings.hpp"

#include "cell_values.hpp"

namespace ferry::csv {
namespace {

std::string column(const std::string& what) {
    return "Header name of the column holding " + what + "; empty: not read.";
}

std::string required_column(const std::string& what) {
    return "Header name of the column holding " + what + "; every file must have it.";
}

const sdk::SettingsBinding<CustomerColumns>& customer_columns() {
    using sdk::setting;
    using C = CustomerColumns;
    static const sdk::SettingsBinding<C> binding{
        setting("number", &C::number).describe(required_column("the customer number")),
        setting("name", &C::name).describe(required_column("the name")),
        setting("cvr", &C::cvr).describe(column("the CVR number, 8 digits, DK allowed")),
        setting("vat_number", &C::vat_number).describe(column("a foreign VAT number")),
        setting("ean", &C::ean).describe(column("the EAN (GLN) number, 13 digits")),
        setting("address", &C::address).describe(column("the street address")),
        setting("postcode", &C::postcode).describe(column("the postcode")),
        setting("city", &C::city).describe(column("the city")),
        setting("country", &C::country).describe(column("the country code (an empty cell: DK)")),
        setting("email", &C::email).describe(column("the e-mail address")),
        setting("telephone", &C::telephone).describe(column("the telephone number")),
        setting("contact_person", &C::contact_person).describe(column("the contact person")),
        setting("barred", &C::barred)
            .describe(column("whether the customer is barred (ja/nej, 1/0, x/empty)")),
    };
    return binding;
}

const sdk::SettingsBinding<InvoiceColumns>& invoice_columns() {
    using sdk::setting;
    using I = InvoiceColumns;
    static const sdk::SettingsBinding<I> binding{
        setting("number", &I::number).describe(required_column("the invoice number")),
        setting("date", &I::date).describe(required_column("the invoice date")),
        setting("due_date", &I::due_date).describe(column("the due date")),
        setting("customer", &I::customer).describe(required_column("the customer number")),
        setting("currency", &I::currency)
            .describe(column("the currency (an empty cell: setting `currency`)")),
        setting("line_kind", &I::line_kind)
            .describe(column("the line's kind (Timer, Udlæg, Kørsel ...), the sink's product")),
        setting("text", &I::text).describe(required_column("the line's text")),
        setting("quantity", &I::quantity).describe(required_column("the quantity")),
        setting("unit_price", &I::unit_price)
            .describe(required_column("the unit price excluding VAT")),
        setting("vat_percent", &I::vat_percent)
            .describe(column("the VAT percent (an empty cell: setting `vat_percent`)")),
        setting("amount", &I::amount)
            .describe(column("the line amount excluding VAT, checked against quantity × unit "
                             "price")),
        setting("type", &I::type)
            .describe(column("Faktura or Kreditnota (without it: a negative total is a credit "
                             "note)")),
    };
    return binding;
}

}  // namespace

const sdk::SettingsBinding<CsvSettings>& settings_binding() {
    using sdk::setting;
    static const sdk::SettingsBinding<files::ServerSettings> server =
        files::server_settings_binding(
            "Invoices dated before this day are reported as skipped, never read (for a firm "
            "whose older invoices are already booked). Customers are never skipped.");
    static const sdk::SettingsBinding<CsvSettings> binding{
        sdk::objects("servers", &CsvSettings::servers, server)
            .required()
            .describe("The folders the exports are written to; each is listed on every pass, "
                      "and one that fails does not stop the others."),
        setting("company", &CsvSettings::company)
            .required()
            .pattern("[0-9]{8}")
            .describe("CVR number of the firm whose customers and invoices these are; every "
                      "document's key carries it and the sink routes by it."),
        setting("customer_files", &CsvSettings::customer_files)
            .describe("File name patterns of customer lists (`*` and `?`, any letter case), e.g. "
                      "kunder*.csv."),
        setting("invoice_files", &CsvSettings::invoice_files)
            .describe("File name patterns of invoice files, one row per invoice line, e.g. "
                      "fakturaer*.csv."),
        sdk::choice("encoding", &CsvSettings::encoding,
                    {{"auto", Encoding::automatic},
                     {"utf-8", Encoding::utf8},
                     {"windows-1252", Encoding::windows1252}})
            .describe("Character set of the files; auto reads valid UTF-8 (with or without BOM) "
                      "as UTF-8 and anything else as Windows-1252."),
        setting("separator", &CsvSettings::separator)
            .pattern("[^\"\\r\\n]")
            .describe("The one character between cells."),
        setting("decimal_comma", &CsvSettings::decimal_comma)
            .describe("true: 1.234,50 (Danish); false: 1,234.50."),
        setting("currency", &CsvSettings::currency)
            .pattern("[A-Z]{3}")
            .describe("ISO 4217 currency of invoices whose currency cell is empty or absent."),
        setting("vat_percent", &CsvSettings::vat_percent)
            .describe("VAT percent of lines whose VAT cell is empty or absent."),
        setting("vat_rates", &CsvSettings::vat_rates)
            .describe("The VAT percents a line may carry; another is rejected as a typing "
                      "error. Without it: 25 and 0."),
        sdk::object("customer_columns", &CsvSettings::customer_columns, customer_columns())
            .describe("Header names of the customer list's columns; write only those that "
                      "differ from the Danish defaults."),
        sdk::object("invoice_columns", &CsvSettings::invoice_columns, invoice_columns())
            .describe("Header names of the invoice file's columns; write only those that "
                      "differ from the Danish defaults."),
        setting("max_file_mb", &CsvSettings::max_file_mb)
            .range(1, 64)
            .describe("Files larger than this many megabytes are reported and not read."),
    };
    return binding;
}

const sdk::SettingsTable& settings_table() {
    return settings_binding().table();
}

std::vector<sdk::SettingsProblem> check_settings(const sdk::Settings& settings) {
    std::vector<sdk::SettingsProblem> problems = files::check_servers(settings, "csv");
    if (settings.strings("customer_files").empty() && settings.strings("invoice_files").empty())
        problems.push_back({settings.where("customer_files"), "csv.settings.files",
                            "neither customer_files nor invoice_files names a file; give at "
                            "least one pattern, e.g. customer_files: [\"kunder*.csv\"]"});
    for (const std::string& rate : settings.strings("vat_rates"))
        if (!read_amount(rate, false))
            problems.push_back({settings.where("vat_rates"), "csv.settings.vat_rates",
                                "'" + rate + "' is not a percent; write numbers like 25 or 12.5"});
    return problems;
}

CsvSettings read_settings(const sdk::Settings& settings) {
    return settings_binding().bind(settings);
}

}  // namespace ferry::csv
