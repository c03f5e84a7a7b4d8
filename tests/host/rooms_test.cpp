// The host's rooms (host/<room>/) depend only downwards, in the order host/CMakeLists.txt lists
// them: a newcomer reads a room knowing that nothing below it reaches up into it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace {

const std::filesystem::path host_folder = FERRY_HOST_SOURCE_DIR;

std::vector<std::string> rooms_in_order() {
    std::ifstream cmake(host_folder / "CMakeLists.txt");
    std::string line;
    const std::regex rooms_line(R"(^set\(host_rooms ([a-z_ ]+)\))");
    std::smatch match;
    while (std::getline(cmake, line))
        if (std::regex_search(line, match, rooms_line)) {
            std::vector<std::string> rooms;
            std::istringstream words(match[1].str());
            for (std::string room; words >> room;)
                rooms.push_back(room);
            return rooms;
        }
    return {};
}

}  // namespace

TEST_CASE("every host source file lives in a room and includes only from rooms below it") {
    const std::vector<std::string> rooms = rooms_in_order();
    REQUIRE(rooms.size() >= 5);
    auto rank = [&](const std::string& room) {
        return std::find(rooms.begin(), rooms.end(), room) - rooms.begin();
    };
    const std::regex host_include(R"(^#include "([a-z_]+)/[a-z0-9_]+\.hpp")");
    std::vector<std::string> violations;
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(host_folder)) {
        const std::string extension = entry.path().extension().string();
        if (extension != ".cpp" && extension != ".hpp")
            continue;
        const auto relative = entry.path().lexically_relative(host_folder);
        const std::string room = relative.begin()->string();
        if (relative.begin()->string() == relative.string() ||
            static_cast<std::size_t>(rank(room)) == rooms.size()) {
            violations.push_back(relative.string() + " is in no room of host_rooms");
            continue;
        }
        ++files;
        std::ifstream file(entry.path());
        std::string line;
        std::smatch match;
        while (std::getline(file, line))
            if (std::regex_search(line, match, host_include) && rank(match[1]) > rank(room))
                violations.push_back(relative.string() + " (room " + room + ") includes " +
                                     line.substr(10) + ", a room above it");
    }
    CHECK(files > 40);
    for (const std::string& violation : violations)
        UNSCOPED_INFO(violation);
    CHECK(violations.empty());
}
