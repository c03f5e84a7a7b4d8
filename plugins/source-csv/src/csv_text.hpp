// From a file's bytes to rows of text: the character set, and RFC 4180 quoting.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ferry/sdk/problem.hpp"

namespace ferry::csv {

enum class Encoding { automatic, utf8, windows1252 };

// The text as UTF-8, without a byte order mark. `automatic` takes bytes that are valid UTF-8
// as UTF-8 and anything else as Windows-1252 (what Excel and older Danish systems write); a
// file declared UTF-8 that is not is the error that returns nullopt.
std::optional<std::string> to_utf8(std::string_view bytes, Encoding encoding);

struct Row {
    std::size_t line = 0;  // 1-based line of the file the row starts on
    std::vector<std::string> cells;

    bool blank() const;  // no cell holds anything but spaces
};

// Every row, the header first. Cells are split at `separator` outside double quotes; a quoted
// cell may hold the separator, line breaks and `""` for a quote. CRLF and LF both end a row.
// A problem: a quote left open at the end of the file, naming the line it was opened on.
sdk::Result<std::vector<Row>> split_rows(std::string_view text, char separator);

// Header names match without regard to surrounding spaces or letter case (Æ, Ø, Å included).
std::string header_name_key(std::string_view name);

std::string_view trimmed(std::string_view text);

}  // namespace ferry::csv
