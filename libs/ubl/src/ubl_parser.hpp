// UBL bytes → a Ferry document, or the reason it is refused: OIOUBL 2.x, OIOUBL 3 and Peppol
// BIS 3 (EN 16931), the semantics chosen by CustomizationID.
//
// Independent of where the bytes come from: the sources, the tests, the fuzzer and the
// benchmark all call this.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ferry/sdk/document.hpp"
#include "ferry/sdk/problem.hpp"
#include "ubl_profile.hpp"

namespace ferry::ubl {

// The default of the sources' max_file_mb setting, which bench/bench_parse measures: the one
// place it is written.
inline constexpr std::size_t default_max_file_mb = 10;
inline constexpr std::size_t default_max_file_bytes = default_max_file_mb * 1024 * 1024;

struct Expectation {
    // What the source knew before opening the file (NOVAX: kind, number and the clinic's CVR
    // from the file name): a document that says otherwise is refused with the source's codes.
    // Without it the key is the document's own (see identify()).
    std::optional<sdk::DocumentKey> key;
    std::string file;  // how messages name the file (no personal data)
    std::size_t max_bytes = default_max_file_bytes;
};

struct ParseOutcome {
    sdk::Result<sdk::Document> document;
    // Findings that do not change what would be booked (see README, "Policy"): the document is
    // still delivered and these are logged. Never personal data.
    std::vector<sdk::Problem> warnings;
};

ParseOutcome parse_ubl(std::string_view bytes, const Expectation& expected, const Profile& profile);

// What names a document without mapping it: enough for a source to list a file whose name
// says nothing. The key is the supplier's company (see supplier_company()), the kind from the
// root element and the number from cbc:ID; the issue date when it is a date.
struct Identity {
    sdk::DocumentKey key;
    std::optional<sdk::Date> issue_date;
};

// The same hardened load as parse_ubl; a Problem (with the file's line and column for XML
// that is not well-formed) when the file names no document.
sdk::Result<Identity> identify(std::string_view bytes, std::string_view file, std::size_t max_bytes,
                               const Profile& profile);

// The company a document is routed to: the supplier's number in its company register, digits
// only: a Swedish organisationsnummer (ISO 6523 0007, also read out of a Swedish VAT number), a
// Danish CVR, another register's number; else its VAT number, else its GLN (letters and digits
// kept); empty when the supplier states none of these.
std::string supplier_company(const sdk::Party& supplier);

}  // namespace ferry::ubl
