#include "privacy_scan.hpp"

#include <fstream>
#include <iterator>
#include <map>

namespace ferry::campaign {

namespace fs = std::filesystem;

namespace {

// (kind, value) → the first document it came from, as the scan takes it.
using Unique = std::map<std::pair<std::string, std::string>, std::string>;

std::vector<PersonalDatum> listed(const Unique& unique) {
    std::vector<PersonalDatum> data;
    for (const auto& [datum, document] : unique)
        data.push_back({datum.first, datum.second, document});
    return data;
}

}  // namespace

std::vector<PersonalDatum> personal_data_of(
    const std::vector<oioubl_generator::GeneratedDocument>& documents) {
    Unique unique;
    for (const auto& document : documents) {
        if (document.patient_cpr.empty())
            continue;
        unique.insert({{"name", document.patient_name}, document.number});
        unique.insert({{"CPR", document.patient_cpr}, document.number});
        unique.insert(
            {{"CPR", document.patient_cpr.substr(0, 6) + "-" + document.patient_cpr.substr(6)},
             document.number});
    }
    return listed(unique);
}

std::vector<PersonalDatum> personal_data_of(
    const std::vector<peppol_generator::GeneratedDocument>& documents) {
    Unique unique;
    for (const auto& document : documents) {
        if (document.patient_name.empty())
            continue;
        unique.insert({{"name", document.patient_name}, document.number});
        unique.insert({{"street", document.patient_street}, document.number});
        unique.insert({{"e-mail", document.patient_email}, document.number});
    }
    return listed(unique);
}

namespace {

void scan(const std::vector<PersonalDatum>& data, const std::string& where,
          const std::string& bytes, std::vector<PrivacyHit>& hits) {
    for (const auto& datum : data)
        if (bytes.find(datum.value) != std::string::npos)
            hits.push_back({where, datum.kind, datum.document});
}

void scan_file(const std::vector<PersonalDatum>& data, const fs::path& file,
               std::vector<PrivacyHit>& hits) {
    std::ifstream in(file, std::ios::binary);
    std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    scan(data, file.string(), bytes, hits);
}

}  // namespace

std::vector<PrivacyHit> scan_for_personal_data(const std::vector<PersonalDatum>& data,
                                               const std::vector<fs::path>& files,
                                               const std::vector<Text>& texts) {
    std::vector<PrivacyHit> hits;
    for (const auto& path : files) {
        if (fs::is_directory(path)) {
            for (const auto& entry : fs::recursive_directory_iterator(path))
                if (entry.is_regular_file())
                    scan_file(data, entry.path(), hits);
        } else {
            scan_file(data, path, hits);
        }
    }
    for (const auto& text : texts)
        scan(data, text.label, text.bytes, hits);
    return hits;
}

}  // namespace ferry::campaign
