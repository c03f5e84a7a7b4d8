#include "exports.hpp"

#include <algorithm>
#include <boost/uuid/detail/sha1.hpp>
#include <cctype>
#include <map>

#include "cell_values.hpp"
#include "csv_text.hpp"

namespace ferry::csv {
namespace {

// One column the mapping reads. Only cells of number, date and key columns are ever quoted in
// a message: the others may hold a person's name, address or words about them.
struct Column {
    std::string setting;  // "customer_columns.cvr"
    std::string header;   // as the mapping names it
    bool required = false;
    bool quotable = false;
    bool overridden = false;  // the pipeline named it, so its absence is a mistake
    std::optional<std::size_t> index;
};

class Columns {
  public:
    Columns(std::string group, std::string file)
        : group_(std::move(group)), file_(std::move(file)) {}

    std::size_t add(const std::string& name, const std::string& header,
                    const std::string& default_header, bool required, bool quotable) {
        columns_.push_back(
            {group_ + "." + name, header, required, quotable, header != default_header, {}});
        return columns_.size() - 1;
    }

    // Finds each column in the header; a problem for each the file lacks but must have.
    std::vector<sdk::Problem> resolve(const Row& header) {
        header_size_ = header.cells.size();
        std::map<std::string, std::size_t> positions;
        for (std::size_t i = 0; i < header.cells.size(); ++i)
            positions.emplace(header_name_key(header.cells[i]), i);
        std::vector<sdk::Problem> problems;
        for (Column& column : columns_) {
            if (column.header.empty()) {
                if (column.required)
                    problems.push_back({"csv.file.column_missing",
                                        file_ + ": " + column.setting +
                                            " is empty but the column is required; name the "
                                            "column that holds it"});
                continue;
            }
            auto found = positions.find(header_name_key(column.header));
            if (found != positions.end())
                column.index = found->second;
            else if (column.required || column.overridden)
                problems.push_back({"csv.file.column_missing",
                                    file_ + ":" + std::to_string(header.line) +
                                        ": the header has no column '" + column.header +
                                        "'; add it to the export, or name the column that " +
                                        "holds it in the setting " + column.setting});
        }
        return problems;
    }

    bool present(std::size_t column) const { return columns_[column].index.has_value(); }
    std::size_t header_size() const { return header_size_; }

    std::string_view cell(const Row& row, std::size_t column) const {
        const auto& index = columns_[column].index;
        if (!index || *index >= row.cells.size())
            return {};
        return trimmed(row.cells[*index]);
    }

    // "kunder.csv:14:3 (CVR)"
    std::string place(const Row& row, std::size_t column) const {
        const Column& c = columns_[column];
        return file_ + ":" + std::to_string(row.line) + ":" +
               (c.index ? std::to_string(*c.index + 1) : "1") + " (" + c.header + ")";
    }

    // "kunder.csv:14:3 (CVR): 'DK1234' is not ...", the cell's text only where it is safe.
    std::string bad_cell(const Row& row, std::size_t column, const std::string& what) const {
        std::string text = place(row, column) + ": ";
        if (columns_[column].quotable)
            text += "'" + std::string(cell(row, column)) + "' ";
        return text + what;
    }

    // The cells the mapping reads, for a rejected document's fingerprint: its names with their
    // trimmed cells.
    void fingerprint_text(const Row& row, std::string& out) const {
        for (std::size_t i = 0; i < columns_.size(); ++i)
            if (columns_[i].index)
                out.append(columns_[i].setting).append("=").append(cell(row, i)).append("\x1f");
        out += "\x1e";
    }

    const std::string& file() const { return file_; }

  private:
    std::string group_;
    std::string file_;
    std::vector<Column> columns_;
    std::size_t header_size_ = 0;
};

struct Fault {
    std::string code;
    std::string message;
};

sdk::Problem rejection_of(const std::vector<Fault>& faults) {
    constexpr std::size_t shown = 10;
    std::string message;
    for (std::size_t i = 0; i < faults.size() && i < shown; ++i)
        message += (i ? "; " : "") + faults[i].message;
    if (faults.size() > shown)
        message += "; and " + std::to_string(faults.size() - shown) + " more";
    return {faults.front().code,
            message +
                ". Correct the export and write the file again; the document is read "
                "again when its rows change"};
}

// Fingerprints of documents that could be read hash what they say, written one way, so that an
// export adding an empty column, writing 1.000,00 as 1000 or naming a column differently
// changes nothing; those of rejected documents hash their raw cells, since nothing else is known.
class Fingerprint {
  public:
    explicit Fingerprint(std::string_view kind) { add(kind); }
    Fingerprint& add(std::string_view field) {
        text_.append(field).append("\x1f");
        return *this;
    }
    Fingerprint& add(const sdk::Decimal& value) { return add(value.to_string(0)); }
    Fingerprint& add(const std::optional<sdk::Date>& date) {
        return add(date ? date->to_string() : "");
    }
    std::string hash() const { return content_hash(text_); }

  private:
    std::string text_;
};

std::string fingerprint_of(const sdk::Customer& c) {
    Fingerprint print("customer");
    print.add(c.number).add(c.name).add(c.cvr).add(c.vat_number).add(c.ean);
    print.add(c.address.street).add(c.address.postal_zone).add(c.address.city);
    print.add(c.address.country_code).add(c.email).add(c.telephone).add(c.contact_person);
    return print.add(c.barred ? "barred" : "").hash();
}

std::string fingerprint_of(const sdk::Document& d) {
    Fingerprint print(sdk::to_string(d.key.kind));
    print.add(d.key.number).add(d.issue_date).add(d.due_date).add(d.currency);
    for (const sdk::DocumentKey& customer : d.prerequisites)
        print.add(customer.number);
    for (const sdk::Line& line : d.lines)
        print.add(line.item_id)
            .add(line.name)
            .add(line.quantity)
            .add(line.unit_price)
            .add(line.vat_percent);
    return print.hash();
}

std::optional<Fault> cell_count_fault(const Row& row, const Columns& columns) {
    if (row.cells.size() == columns.header_size())
        return std::nullopt;
    return Fault{"csv.row.cells",
                 columns.file() + ":" + std::to_string(row.line) + ":" +
                     std::to_string(std::min(row.cells.size(), columns.header_size()) + 1) + ": " +
                     std::to_string(row.cells.size()) + " cells where the header has " +
                     std::to_string(columns.header_size()) +
                     "; check the separator and the quotes in this row"};
}

std::optional<std::string> country_code(std::string_view cell) {
    std::string text(cell);
    for (char& c : text)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (text.empty() || text == "DANMARK" || text == "DENMARK")
        return "DK";
    if (text.size() == 2 && std::isalpha(static_cast<unsigned char>(text[0])) &&
        std::isalpha(static_cast<unsigned char>(text[1])))
        return text;
    return std::nullopt;
}

class CustomerReader {
  public:
    CustomerReader(const CsvSettings& settings, const std::string& file)
        : settings_(settings), columns_("customer_columns", file) {
        const CustomerColumns& c = settings.customer_columns;
        const CustomerColumns d;
        number = columns_.add("number", c.number, d.number, true, true);
        name = columns_.add("name", c.name, d.name, true, false);
        cvr = columns_.add("cvr", c.cvr, d.cvr, false, true);
        vat_number = columns_.add("vat_number", c.vat_number, d.vat_number, false, true);
        ean = columns_.add("ean", c.ean, d.ean, false, true);
        address = columns_.add("address", c.address, d.address, false, false);
        postcode = columns_.add("postcode", c.postcode, d.postcode, false, false);
        city = columns_.add("city", c.city, d.city, false, false);
        country = columns_.add("country", c.country, d.country, false, false);
        email = columns_.add("email", c.email, d.email, false, false);
        telephone = columns_.add("telephone", c.telephone, d.telephone, false, false);
        contact = columns_.add("contact_person", c.contact_person, d.contact_person, false, false);
        barred = columns_.add("barred", c.barred, d.barred, false, false);
    }

    void read(const std::vector<Row>& rows, ParsedFile& out) {
        for (std::size_t r = 1; r < rows.size(); ++r) {
            const Row& row = rows[r];
            if (row.blank())
                continue;
            if (columns_.cell(row, number).empty()) {
                out.problems.push_back(
                    {"csv.row.no_key", columns_.place(row, number) +
                                           ": no customer number, so the row is no customer; "
                                           "fill it in or remove the row"});
                continue;
            }
            out.entries.push_back(entry(row));
        }
    }

    Columns& columns() { return columns_; }

  private:
    Entry entry(const Row& row) const {
        Entry entry;
        entry.key = {settings_.company, sdk::DocumentKind::customer,
                     std::string(columns_.cell(row, number))};
        entry.line = row.line;

        std::vector<Fault> faults;
        if (auto fault = cell_count_fault(row, columns_))
            faults.push_back(*fault);
        sdk::Customer customer;
        customer.number = entry.key.number;
        customer.name = columns_.cell(row, name);
        if (customer.name.empty())
            faults.push_back({"csv.row.name", columns_.place(row, name) +
                                                  ": the name is empty; every customer needs one"});
        if (auto cell = columns_.cell(row, cvr); !cell.empty()) {
            if (auto digits = read_cvr(cell))
                customer.cvr = *digits;
            else
                faults.push_back({"csv.row.cvr", columns_.bad_cell(row, cvr,
                                                                   "is not a CVR number; write "
                                                                   "8 digits, DK in front "
                                                                   "allowed")});
        }
        customer.vat_number = columns_.cell(row, vat_number);
        if (auto cell = columns_.cell(row, ean); !cell.empty()) {
            if (auto digits = read_ean(cell))
                customer.ean = *digits;
            else
                faults.push_back({"csv.row.ean", columns_.bad_cell(row, ean,
                                                                   "is not an EAN number; write "
                                                                   "its 13 digits")});
        }
        customer.address.street = columns_.cell(row, address);
        customer.address.postal_zone = columns_.cell(row, postcode);
        customer.address.city = columns_.cell(row, city);
        if (auto code = country_code(columns_.cell(row, country)))
            customer.address.country_code = *code;
        else
            faults.push_back({"csv.row.country",
                              columns_.place(row, country) +
                                  ": not a country code; write two letters such as DK or SE"});
        customer.email = columns_.cell(row, email);
        customer.telephone = columns_.cell(row, telephone);
        customer.contact_person = columns_.cell(row, contact);
        if (auto flag = read_yes_no(columns_.cell(row, barred)))
            customer.barred = *flag;
        else
            faults.push_back({"csv.row.barred", columns_.place(row, barred) +
                                                    ": not a yes or no; write ja, nej, 1, 0, x "
                                                    "or leave it empty"});
        if (!faults.empty()) {
            entry.rejection = rejection_of(faults);
            std::string cells = "rejected customer\x1e";
            columns_.fingerprint_text(row, cells);
            entry.fingerprint = content_hash(cells);
            return entry;
        }
        entry.fingerprint = fingerprint_of(customer);
        entry.document.key = entry.key;
        entry.document.customer_record = std::move(customer);
        return entry;
    }

    const CsvSettings& settings_;
    Columns columns_;
    std::size_t number, name, cvr, vat_number, ean, address, postcode, city, country, email,
        telephone, contact, barred;
};

enum class TypeCell { unstated, invoice, credit_note };

std::optional<TypeCell> read_type(std::string_view cell) {
    std::string text = header_name_key(cell);
    if (text.empty())
        return TypeCell::unstated;
    if (text == "faktura" || text == "invoice")
        return TypeCell::invoice;
    if (text == "kreditnota" || text == "kreditnote" || text == "creditnote" ||
        text == "credit note" || text == "credit-note")
        return TypeCell::credit_note;
    return std::nullopt;
}

class InvoiceReader {
  public:
    InvoiceReader(const CsvSettings& settings, const std::string& file)
        : settings_(settings), columns_("invoice_columns", file) {
        const InvoiceColumns& c = settings.invoice_columns;
        const InvoiceColumns d;
        number = columns_.add("number", c.number, d.number, true, true);
        date = columns_.add("date", c.date, d.date, true, true);
        due_date = columns_.add("due_date", c.due_date, d.due_date, false, true);
        customer = columns_.add("customer", c.customer, d.customer, true, true);
        currency = columns_.add("currency", c.currency, d.currency, false, true);
        line_kind = columns_.add("line_kind", c.line_kind, d.line_kind, false, false);
        text = columns_.add("text", c.text, d.text, true, false);
        quantity = columns_.add("quantity", c.quantity, d.quantity, true, true);
        unit_price = columns_.add("unit_price", c.unit_price, d.unit_price, true, true);
        vat_percent = columns_.add("vat_percent", c.vat_percent, d.vat_percent, false, true);
        amount = columns_.add("amount", c.amount, d.amount, false, true);
        type = columns_.add("type", c.type, d.type, false, true);
        for (const std::string& rate : settings.vat_rates)
            if (auto percent = read_amount(rate, false))
                rates_.push_back(*percent);
    }

    void read(const std::vector<Row>& rows, ParsedFile& out) {
        std::map<std::string, std::size_t> invoice_of;  // number -> index in groups
        std::vector<std::vector<const Row*>> groups;
        for (std::size_t r = 1; r < rows.size(); ++r) {
            const Row& row = rows[r];
            if (row.blank())
                continue;
            std::string key(columns_.cell(row, number));
            if (key.empty()) {
                out.problems.push_back(
                    {"csv.row.no_key", columns_.place(row, number) +
                                           ": no invoice number, so the row belongs to no "
                                           "invoice; fill it in or remove the row"});
                continue;
            }
            auto [it, added] = invoice_of.emplace(key, groups.size());
            if (added)
                groups.emplace_back();
            groups[it->second].push_back(&row);
        }
        for (const auto& group : groups)
            out.entries.push_back(entry(group));
    }

    Columns& columns() { return columns_; }

  private:
    // What every row of an invoice must say alike.
    struct Head {
        std::optional<sdk::Date> date, due_date;
        std::string customer, currency;
        TypeCell type = TypeCell::unstated;
        const Row* row = nullptr;
    };

    void head_of(const Row& row, Head& head, std::vector<Fault>& faults) const {
        head.row = &row;
        if (auto cell = columns_.cell(row, date); !(head.date = read_date(cell)))
            faults.push_back({"csv.row.date", columns_.bad_cell(row, date, bad_date)});
        if (auto cell = columns_.cell(row, due_date); !cell.empty())
            if (!(head.due_date = read_date(cell)))
                faults.push_back({"csv.row.date", columns_.bad_cell(row, due_date, bad_date)});
        head.customer = columns_.cell(row, customer);
        if (head.customer.empty())
            faults.push_back({"csv.row.customer", columns_.place(row, customer) +
                                                      ": no customer number; every invoice "
                                                      "names its customer"});
        head.currency = columns_.cell(row, currency);
        if (head.currency.empty())
            head.currency = settings_.currency;
        for (char& c : head.currency)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        bool letters = head.currency.size() == 3;
        for (char c : head.currency)
            letters = letters && c >= 'A' && c <= 'Z';
        if (!letters)
            faults.push_back({"csv.row.currency",
                              columns_.bad_cell(row, currency,
                                                "is not a currency; write its ISO 4217 code, "
                                                "e.g. DKK or EUR")});
        if (auto kind = read_type(columns_.cell(row, type)))
            head.type = *kind;
        else
            faults.push_back({"csv.row.type", columns_.bad_cell(row, type,
                                                                "is neither Faktura nor "
                                                                "Kreditnota")});
    }

    void compare(const Head& first, const Head& other, std::vector<Fault>& faults) const {
        auto differs = [&](std::size_t column) {
            faults.push_back(
                {"csv.invoice.inconsistent",
                 columns_.bad_cell(*other.row, column,
                                   "differs from line " + std::to_string(first.row->line) +
                                       " of the same invoice; every row of an "
                                       "invoice must give the same value")});
        };
        if (first.date && other.date && *first.date != *other.date)
            differs(date);
        if (first.due_date != other.due_date && (first.due_date || other.due_date))
            differs(due_date);
        if (first.customer != other.customer)
            differs(customer);
        if (first.currency != other.currency)
            differs(currency);
        if (first.type != other.type)
            differs(type);
    }

    std::optional<sdk::Line> line_of(const Row& row, std::size_t position,
                                     std::vector<Fault>& faults) const {
        std::size_t before = faults.size();
        if (auto fault = cell_count_fault(row, columns_))
            faults.push_back(*fault);
        sdk::Line line;
        line.id = std::to_string(position);
        line.item_id = columns_.cell(row, line_kind);
        line.name = columns_.cell(row, text);
        auto number_in = [&](std::size_t column, const char* code) -> sdk::Decimal {
            if (auto value = read_amount(columns_.cell(row, column), settings_.decimal_comma))
                return *value;
            faults.push_back({code, columns_.bad_cell(row, column, bad_number())});
            return {};
        };
        line.quantity = number_in(quantity, "csv.row.quantity");
        line.unit_price = number_in(unit_price, "csv.row.price");
        std::string_view vat_cell = columns_.cell(row, vat_percent);
        if (vat_cell.ends_with('%'))
            vat_cell = trimmed(vat_cell.substr(0, vat_cell.size() - 1));
        std::optional<sdk::Decimal> percent = vat_cell.empty()
                                                  ? settings_.vat_percent
                                                  : read_amount(vat_cell, settings_.decimal_comma);
        if (!percent)
            faults.push_back({"csv.row.vat", columns_.bad_cell(row, vat_percent, bad_number())});
        line.vat_percent = percent.value_or(sdk::Decimal());
        if (percent && std::find(rates_.begin(), rates_.end(), *percent) == rates_.end())
            faults.push_back({"csv.row.vat", columns_.place(row, vat_percent) + ": " +
                                                 line.vat_percent.to_string(0) +
                                                 " % is not among the VAT rates (setting "
                                                 "vat_rates); correct the rate or add it"});
        line.vat_category = line.vat_percent == sdk::Decimal() ? sdk::VatCategory::zero
                                                               : sdk::VatCategory::standard;
        if (faults.size() > before)
            return std::nullopt;
        try {
            line.net_amount = (line.quantity * line.unit_price).rounded(2);
        } catch (const sdk::Error&) {
            faults.push_back(
                {"csv.row.amount", columns_.place(row, quantity) +
                                       ": quantity times unit price is too large to be an amount"});
            return std::nullopt;
        }
        if (auto cell = columns_.cell(row, amount); !cell.empty()) {
            auto billed = read_amount(cell, settings_.decimal_comma);
            if (!billed)
                faults.push_back({"csv.row.amount", columns_.bad_cell(row, amount, bad_number())});
            else if (*billed != line.net_amount)
                faults.push_back(
                    {"csv.row.amount",
                     columns_.bad_cell(row, amount,
                                       "is not quantity × unit price, " +
                                           line.net_amount.to_string() +
                                           "; correct the quantity, the price or the amount")});
            if (faults.size() > before)
                return std::nullopt;
        }
        return line;
    }

    Entry entry(const std::vector<const Row*>& rows) const {
        const Row& first = *rows.front();
        Entry entry;
        entry.key = {settings_.company, sdk::DocumentKind::invoice,
                     std::string(columns_.cell(first, number))};
        entry.line = first.line;

        std::vector<Fault> faults;
        Head head;
        head_of(first, head, faults);
        entry.date = head.date;
        sdk::Document& document = entry.document;
        for (const Row* row : rows) {
            if (row != &first) {
                Head other;
                head_of(*row, other, faults);
                compare(head, other, faults);
            }
            if (auto line = line_of(*row, document.lines.size() + 1, faults))
                document.lines.push_back(std::move(*line));
        }
        bool credit = faults.empty() ? total(document, head.type, first, faults)
                                     : head.type == TypeCell::credit_note;
        if (credit)
            entry.key.kind = sdk::DocumentKind::credit_note;
        if (!faults.empty()) {
            entry.rejection = rejection_of(faults);
            entry.document = {};
            std::string cells = "rejected invoice\x1e";
            for (const Row* row : rows)
                columns_.fingerprint_text(*row, cells);
            entry.fingerprint = content_hash(cells);
            return entry;
        }
        document.key = entry.key;
        document.format = "csv";
        document.issue_date = *head.date;
        document.due_date = head.due_date;
        document.currency = head.currency;
        document.supplier.cvr = settings_.company;
        document.prerequisites = {
            sdk::DocumentKey{settings_.company, sdk::DocumentKind::customer, head.customer}};
        entry.fingerprint = fingerprint_of(document);
        return entry;
    }

    // VAT per rate, rounded once on the rate's taxable sum. True for a credit note: one the
    // type column says is, or, without it, one whose total is negative. A credit note's
    // amounts are positive, as the SDK has them, so negative ones are turned.
    bool total(sdk::Document& document, TypeCell type, const Row& first,
               std::vector<Fault>& faults) const {
        auto sum = [&] {
            sdk::Decimal net;
            for (const sdk::Line& line : document.lines)
                net += line.net_amount;
            return net;
        };
        bool negative = sum() < sdk::Decimal();
        if (negative && type == TypeCell::invoice) {
            faults.push_back({"csv.invoice.negative",
                              columns_.place(first, this->type) +
                                  ": a Faktura whose total is negative; write Kreditnota, or "
                                  "the amounts as positive"});
            return false;
        }
        if (negative)
            for (sdk::Line& line : document.lines)
                line.quantity = -line.quantity, line.net_amount = -line.net_amount;
        std::map<sdk::Decimal, sdk::Decimal> taxable;
        for (const sdk::Line& line : document.lines)
            taxable[line.vat_percent] += line.net_amount;
        sdk::Totals& totals = document.totals;
        for (const auto& [percent, base] : taxable) {
            sdk::VatSubtotal subtotal;
            subtotal.percent = percent;
            subtotal.category =
                percent == sdk::Decimal() ? sdk::VatCategory::zero : sdk::VatCategory::standard;
            subtotal.category_code = percent == sdk::Decimal() ? "Z" : "S";
            subtotal.taxable_amount = base;
            subtotal.tax_amount = (base * percent / sdk::Decimal::from_int(100)).rounded(2);
            totals.vat += subtotal.tax_amount;
            document.vat_subtotals.push_back(subtotal);
        }
        totals.line_total = sum();
        totals.net = totals.line_total;
        totals.gross = totals.net + totals.vat;
        totals.payable = totals.gross;
        return type == TypeCell::credit_note || negative;
    }

    static std::string bad_number() {
        return "is not a number; write it like 1.234,50 (or 1,234.50 with decimal_comma: false)";
    }
    static constexpr const char* bad_date =
        "is not a date; write dd-mm-yyyy, dd.mm.yyyy or yyyy-mm-dd";

    const CsvSettings& settings_;
    Columns columns_;
    std::vector<sdk::Decimal> rates_;
    std::size_t number, date, due_date, customer, currency, line_kind, text, quantity, unit_price,
        vat_percent, amount, type;
};

template <class Reader>
void read_rows(Reader reader, const std::vector<Row>& rows, ParsedFile& out) {
    if (rows.empty())
        return;
    out.problems = reader.columns().resolve(rows.front());
    if (out.problems.empty())
        reader.read(rows, out);
}

}  // namespace

ParsedFile parse_export(std::string_view bytes, const std::string& file_name, FileKind kind,
                        const CsvSettings& settings) {
    ParsedFile out;
    auto text = to_utf8(bytes, settings.encoding);
    if (!text) {
        out.problems.push_back(
            {"csv.file.encoding", file_name +
                                      ": not UTF-8 although encoding says utf-8; export it as "
                                      "UTF-8, or set encoding to auto or windows-1252"});
        return out;
    }
    auto rows = split_rows(*text, settings.separator.empty() ? ';' : settings.separator.front());
    if (!rows) {
        out.problems.push_back({rows.problem().code, file_name + rows.problem().message});
        return out;
    }
    if (kind == FileKind::customers)
        read_rows(CustomerReader(settings, file_name), rows.value(), out);
    else
        read_rows(InvoiceReader(settings, file_name), rows.value(), out);
    return out;
}

std::string content_hash(std::string_view text) {
    boost::uuids::detail::sha1 sha;
    sha.process_bytes(text.data(), text.size());
    boost::uuids::detail::sha1::digest_type digest;
    sha.get_digest(digest);
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (auto word : digest)
        for (int shift = static_cast<int>(sizeof word) * 8 - 4; shift >= 0; shift -= 4)
            out += hex[(word >> shift) & 0xF];
    return out;
}

}  // namespace ferry::csv
