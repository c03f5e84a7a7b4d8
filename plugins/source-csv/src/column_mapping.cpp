// Kept apart from the readers so customer and invoice files map and quote columns alike.
#include "column_mapping.hpp"

#include <algorithm>
#include <map>

namespace ferry::csv {

std::vector<sdk::Problem> Columns::resolve(const Row& header) {
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

std::string_view Columns::cell(const Row& row, std::size_t column) const {
    const auto& index = columns_[column].index;
    if (!index || *index >= row.cells.size())
        return {};
    return trimmed(row.cells[*index]);
}

std::string Columns::place(const Row& row, std::size_t column) const {
    const Column& c = columns_[column];
    return file_ + ":" + std::to_string(row.line) + ":" +
           (c.index ? std::to_string(*c.index + 1) : "1") + " (" + c.header + ")";
}

std::string Columns::bad_cell(const Row& row, std::size_t column, const std::string& what) const {
    std::string text = place(row, column) + ": ";
    if (columns_[column].quotable)
        text += "'" + std::string(cell(row, column)) + "' ";
    return text + what;
}

void Columns::fingerprint_text(const Row& row, std::string& out) const {
    for (std::size_t i = 0; i < columns_.size(); ++i)
        if (columns_[i].index)
            out.append(columns_[i].setting).append("=").append(cell(row, i)).append("\x1f");
    out += "\x1e";
}

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

}  // namespace ferry::csv
