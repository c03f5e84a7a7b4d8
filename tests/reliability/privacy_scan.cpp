#include "privacy_scan.hpp"

#include <fstream>
#include <iterator>
#include <set>

namespace ferry::campaign {

namespace fs = std::filesystem;

std::vector<PersonalDatum> personal_data_of(
    const std::vector<oioubl_generator::GeneratedDocument>& documents) {
    std::set<std::pair<std::string, std::string>> unique;
    for (const auto& document : documents) {
        if (document.patient_cpr.empty())
            continue;
        unique.insert({"name", document.patient_name});
        unique.insert({"CPR", document.patient_cpr});
        unique.insert(
            {"CPR", document.patient_cpr.substr(0, 6) + "-" + document.patient_cpr.substr(6)});
    }
    std::vector<PersonalDatum> data;
    for (const auto& [kind, value] : unique)
        data.push_back({kind, value});
    return data;
}

namespace {

void scan(const std::vector<PersonalDatum>& data, const std::string& where,
          const std::string& bytes, std::vector<PrivacyHit>& hits) {
    for (const auto& datum : data)
        if (bytes.find(datum.value) != std::string::npos)
            hits.push_back({where, datum.kind, datum.value});
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
