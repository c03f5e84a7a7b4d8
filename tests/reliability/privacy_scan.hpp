// Scans raw bytes (ledger files, logs, mails, captured output) for the personal data that went
// into a campaign's inputs. Reusable: pass whatever files and texts a campaign produced.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "oioubl_generator.hpp"
#include "peppol_generator.hpp"

namespace ferry::campaign {

struct PersonalDatum {
    std::string kind;      // "name", "CPR", "street" or "e-mail"
    std::string value;     // as it may be written: "Mette Winther", "0102031234", "010203-1234"
    std::string document;  // the generated document it came from, e.g. "N00000012"
};

// Every patient name and CPR number (with and without the dash) in the generated documents.
std::vector<PersonalDatum> personal_data_of(
    const std::vector<oioubl_generator::GeneratedDocument>& documents);
// Every patient name, street and e-mail address in the generated Swedish documents.
std::vector<PersonalDatum> personal_data_of(
    const std::vector<peppol_generator::GeneratedDocument>& documents);

struct Text {
    std::string label;  // where it came from, e.g. "ferry once output #3"
    std::string bytes;
};

struct PrivacyHit {
    std::string where;     // file path or text label
    std::string kind;      // as PersonalDatum::kind
    std::string document;  // whose patient it is: a failure names it, never the data itself
};

// Files are read whole as raw bytes (a folder: every file under it, recursively).
std::vector<PrivacyHit> scan_for_personal_data(const std::vector<PersonalDatum>& data,
                                               const std::vector<std::filesystem::path>& files,
                                               const std::vector<Text>& texts);

}  // namespace ferry::campaign
