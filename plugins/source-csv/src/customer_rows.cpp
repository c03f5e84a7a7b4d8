// Kept apart from invoices: a customer row is a whole document, checked cell by cell.
#include "customer_rows.hpp"

#include <cctype>
#include <optional>
#include <string_view>
#include <utility>

#include "cell_values.hpp"
#include "fingerprints.hpp"

namespace ferry::csv {
namespace {

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

}  // namespace

CustomerReader::CustomerReader(const CsvSettings& settings, const std::string& file)
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

void CustomerReader::read(const std::vector<Row>& rows, ParsedFile& out) {
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

Entry CustomerReader::entry(const Row& row) const {
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
        faults.push_back(
            {"csv.row.country", columns_.place(row, country) +
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

}  // namespace ferry::csv
