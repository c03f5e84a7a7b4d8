// A customer list read into sdk::Customer records, one customer per row.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "column_mapping.hpp"
#include "csv_text.hpp"
#include "exports.hpp"
#include "settings.hpp"

namespace ferry::csv {

class CustomerReader {
  public:
    CustomerReader(const CsvSettings& settings, const std::string& file);

    void read(const std::vector<Row>& rows, ParsedFile& out);

    Columns& columns() { return columns_; }

  private:
    Entry entry(const Row& row) const;

    const CsvSettings& settings_;
    Columns columns_;
    std::size_t number, name, cvr, vat_number, ean, address, postcode, city, country, email,
        telephone, contact, barred;
};

}  // namespace ferry::csv
