// The public Peppol BIS 3 samples (tests/samples/peppol, see its SOURCES.md) and ways to put
// them, and variants of them, into a folder as an invoicing system would.
#pragma once

#include <sys/time.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "ferry/sdk/date.hpp"
#include "ferry/sdk/decimal.hpp"

namespace ferry::peppol::testing {

inline std::filesystem::path samples_dir() {
    return FERRY_PEPPOL_SAMPLES_DIR;
}

inline std::string read_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline std::string sample(const std::string& name) {
    return read_file(samples_dir() / name);
}

// Every sample file, in name order.
inline std::vector<std::string> sample_names() {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(samples_dir()))
        if (entry.path().extension() == ".xml")
            names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

// The samples that name different documents. The OpenPEPPOL examples reuse their numbers
// (five are Snippet1 of one supplier, two Vat-Z): in one folder those are one document given
// with different contents, which the source refuses to guess between. samples_test checks
// that these are distinct and that every other sample repeats one of them.
inline std::vector<std::string> distinct_sample_names() {
    return {"openpeppol__Allowance-example.xml",
            "openpeppol__Norwegian-example-1.xml",
            "openpeppol__base-creditnote-correction.xml",
            "openpeppol__base-negative-inv-correction.xml",
            "openpeppol__vat-category-O.xml",
            "openpeppol__vat-category-Z.xml",
            "ours__se-credit-note-sek.xml",
            "ours__se-invoice-private-patient.xml",
            "ours__se-invoice-sek-25-12-6-exempt.xml"};
}

inline constexpr const char* swedish_invoice = "ours__se-invoice-sek-25-12-6-exempt.xml";
inline constexpr const char* swedish_credit_note = "ours__se-credit-note-sek.xml";
inline constexpr const char* swedish_private = "ours__se-invoice-private-patient.xml";

// `text` with its first `from` replaced by `to`; fails the test when `from` is not there.
inline std::string replaced(std::string text, const std::string& from, const std::string& to) {
    auto at = text.find(from);
    if (at == std::string::npos)
        throw std::runtime_error("test data: '" + from + "' not found");
    return text.replace(at, from.size(), to);
}

inline sdk::Decimal dec(const char* text) {
    return *sdk::Decimal::parse(text);
}

// Files are written readable by others: the Samba server that shares the folder in the SMB
// tests reads them as its own user. Dated `age` ago (default: long settled).
inline std::filesystem::path write_file(const std::filesystem::path& file, const std::string& bytes,
                                        std::chrono::seconds age = std::chrono::hours(2)) {
    {
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out << bytes;
    }
    std::filesystem::permissions(
        file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
                  std::filesystem::perms::group_read | std::filesystem::perms::others_read);
    std::filesystem::last_write_time(file, std::filesystem::file_time_type::clock::now() - age);
    return file;
}

}  // namespace ferry::peppol::testing
