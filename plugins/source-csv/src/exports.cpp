// parse_export: a file's bytes to rows, then to the customer or invoice reader its kind names.
#include "exports.hpp"

#include "csv_text.hpp"
#include "customer_rows.hpp"
#include "invoice_rows.hpp"

namespace ferry::csv {
namespace {

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

}  // namespace ferry::csv
