// An invoice file read into documents: its rows grouped by number into lines, VAT and totals.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "column_mapping.hpp"
#include "csv_text.hpp"
#include "exports.hpp"
#include "ferry/sdk/decimal.hpp"
#include "ferry/sdk/document.hpp"
#include "settings.hpp"

namespace ferry::csv {

enum class TypeCell { unstated, invoice, credit_note };

class InvoiceReader {
  public:
    InvoiceReader(const CsvSettings& settings, const std::string& file);

    void read(const std::vector<Row>& rows, ParsedFile& out);

    Columns& columns() { return columns_; }

  private:
    // What every row of an invoice must say alike.
    struct Head {
        std::optional<sdk::Date> date, due_date;
        std::string customer, currency;
        TypeCell type = TypeCell::unstated;
        const Row* row = nullptr;
    };

    void head_of(const Row& row, Head& head, std::vector<Fault>& faults) const;

    void compare(const Head& first, const Head& other, std::vector<Fault>& faults) const;

    std::optional<sdk::Line> line_of(const Row& row, std::size_t position,
                                     std::vector<Fault>& faults) const;

    Entry entry(const std::vector<const Row*>& rows) const;

    // VAT per rate, rounded once on the rate's taxable sum. True for a credit note: one the
    // type column says is, or, without it, one whose total is negative. A credit note's
    // amounts are positive, as the SDK has them, so negative ones are turned.
    bool total(sdk::Document& document, TypeCell type, const Row& first,
               std::vector<Fault>& faults) const;

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

}  // namespace ferry::csv
