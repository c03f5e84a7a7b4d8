// The column mapping both readers share: header names to cells, message places, row faults.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "csv_text.hpp"
#include "ferry/sdk/problem.hpp"

namespace ferry::csv {

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
    std::vector<sdk::Problem> resolve(const Row& header);

    bool present(std::size_t column) const { return columns_[column].index.has_value(); }
    std::size_t header_size() const { return header_size_; }

    std::string_view cell(const Row& row, std::size_t column) const;

    // "kunder.csv:14:3 (CVR)"
    std::string place(const Row& row, std::size_t column) const;

    // "kunder.csv:14:3 (CVR): 'DK1234' is not ...", the cell's text only where it is safe.
    std::string bad_cell(const Row& row, std::size_t column, const std::string& what) const;

    // The cells the mapping reads, for a rejected document's fingerprint: its names with their
    // trimmed cells.
    void fingerprint_text(const Row& row, std::string& out) const;

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

sdk::Problem rejection_of(const std::vector<Fault>& faults);

std::optional<Fault> cell_count_fault(const Row& row, const Columns& columns);

}  // namespace ferry::csv
