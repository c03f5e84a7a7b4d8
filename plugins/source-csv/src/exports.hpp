// One exported file read into documents: a customer list (one customer per row) or an invoice
// file (one line per row, the rows of an invoice found by its number).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ferry/sdk/document.hpp"
#include "ferry/sdk/problem.hpp"
#include "settings.hpp"

namespace ferry::csv {

enum class FileKind { customers, invoices };

// A document the file offers, whole or rejected.
struct Entry {
    sdk::DocumentKey key;
    std::size_t line = 0;  // of its first row
    // A hash of what the document says (for a rejected one: of its cells), so the same rows
    // give the same fingerprint whatever the file is called, where they stand in it, when it
    // was written or how its numbers are spelt.
    std::string fingerprint;
    std::optional<sdk::Date> date;          // an invoice's date, when it could be read
    std::optional<sdk::Problem> rejection;  // what is wrong with its rows, by file:line:column
    sdk::Document document;                 // when not rejected
};

struct ParsedFile {
    std::vector<Entry> entries;
    // What makes rows no documents at all: the file (its character set, an open quote, a
    // column the mapping names and the header lacks) or a row without a key.
    std::vector<sdk::Problem> problems;
};

// `file_name` is how messages name the file.
ParsedFile parse_export(std::string_view bytes, const std::string& file_name, FileKind kind,
                        const CsvSettings& settings);

}  // namespace ferry::csv
