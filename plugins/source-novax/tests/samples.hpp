// The public OIOUBL samples under test, and where to find them.
#pragma once

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace ferry::novax::testing {

inline std::filesystem::path samples_dir() {
    return FERRY_OIOUBL_SAMPLES_DIR;
}

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace ferry::novax::testing
