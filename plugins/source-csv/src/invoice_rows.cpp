// Kept apart from customers: an invoice gathers rows by number into lines, VAT and totals.
#include "invoice_rows.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <string_view>
#include <utility>

#include "cell_values.hpp"
#include "fingerprints.hpp"

namespace ferry::csv {
namespace {

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

}  // namespace

InvoiceReader::InvoiceReader(const CsvSettings& settings, const std::string& file)
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

void InvoiceReader::read(const std::vector<Row>& rows, ParsedFile& out) {
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

void InvoiceReader::head_of(const Row& row, Head& head, std::vector<Fault>& faults) const {
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
        faults.push_back(
            {"csv.row.currency", columns_.bad_cell(row, currency,
                                                   "is not a currency; write its ISO 4217 code, "
                                                   "e.g. DKK or EUR")});
    if (auto kind = read_type(columns_.cell(row, type)))
        head.type = *kind;
    else
        faults.push_back({"csv.row.type", columns_.bad_cell(row, type,
                                                            "is neither Faktura nor "
                                                            "Kreditnota")});
}

void InvoiceReader::compare(const Head& first, const Head& other,
                            std::vector<Fault>& faults) const {
    auto differs = [&](std::size_t column) {
        faults.push_back({"csv.invoice.inconsistent",
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

std::optional<sdk::Line> InvoiceReader::line_of(const Row& row, std::size_t position,
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
    std::optional<sdk::Decimal> percent =
        vat_cell.empty() ? settings_.vat_percent : read_amount(vat_cell, settings_.decimal_comma);
    if (!percent)
        faults.push_back({"csv.row.vat", columns_.bad_cell(row, vat_percent, bad_number())});
    line.vat_percent = percent.value_or(sdk::Decimal());
    if (percent && std::find(rates_.begin(), rates_.end(), *percent) == rates_.end())
        faults.push_back({"csv.row.vat", columns_.place(row, vat_percent) + ": " +
                                             line.vat_percent.to_string(0) +
                                             " % is not among the VAT rates (setting "
                                             "vat_rates); correct the rate or add it"});
    line.vat_category =
        line.vat_percent == sdk::Decimal() ? sdk::VatCategory::zero : sdk::VatCategory::standard;
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
                                   "is not quantity × unit price, " + line.net_amount.to_string() +
                                       "; correct the quantity, the price or the amount")});
        if (faults.size() > before)
            return std::nullopt;
    }
    return line;
}

Entry InvoiceReader::entry(const std::vector<const Row*>& rows) const {
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

bool InvoiceReader::total(sdk::Document& document, TypeCell type, const Row& first,
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

}  // namespace ferry::csv
