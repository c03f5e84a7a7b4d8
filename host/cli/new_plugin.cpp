#include "cli/new_plugin.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>

#include "cli/commands.hpp"

namespace ferry {
namespace fs = std::filesystem;

namespace {

std::string filled(std::string_view text, const std::string& name, const std::string& kind) {
    std::string out(text);
    for (auto [placeholder, value] : {std::pair{"@NAME@", &name}, std::pair{"@KIND@", &kind}})
        for (auto at = out.find(placeholder); at != std::string::npos;
             at = out.find(placeholder, at + value->size()))
            out.replace(at, std::string_view(placeholder).size(), *value);
    return out;
}

// The template file for `target` in a scaffold of `kind`: src/plugin.cpp from <kind>.cpp.in,
// tests/conformance_test.cpp from <kind>_test.cpp.in, the rest by their own names.
std::string_view template_for(const std::string& target, const std::string& kind) {
    std::string wanted = target == "src/plugin.cpp"               ? kind + ".cpp"
                         : target == "tests/conformance_test.cpp" ? kind + "_test.cpp"
                                                                  : target;
    for (const auto& [name, text] : new_plugin_templates)
        if (name == wanted)
            return text;
    throw std::logic_error("no template " + wanted);
}

// The -DCMAKE_PREFIX_PATH a build needs to find the SDK installed with this ferry, empty where
// CMake looks anyway, or a note when no SDK is installed beside it (a ferry in a build tree).
struct SdkLocation {
    std::string cmake_option;
    std::string note;
};

SdkLocation sdk_location(const fs::path& executable) {
    std::error_code ec;
    fs::path prefix = fs::canonical(executable, ec).parent_path().parent_path();
    if (ec || !fs::exists(prefix / FERRY_SDK_PACKAGE_DIR / "FerrySDKConfig.cmake", ec))
        return {" -DCMAKE_PREFIX_PATH=<prefix>",
                fmt::format("no Ferry SDK is installed beside this ferry ({}): give <prefix> as "
                            "the folder Ferry and its SDK were installed into (`cmake --install "
                            "BUILD --prefix <prefix>`, or /usr for the .deb)\n",
                            prefix.string())};
    if (prefix == "/usr" || prefix == "/usr/local")
        return {};
    return {" -DCMAKE_PREFIX_PATH=" + prefix.string(), ""};
}

}  // namespace

int new_plugin_command(std::string name, const std::string& kind, std::string folder,
                       const fs::path& executable) {
    if (name.rfind(kind + "-", 0) != 0)
        name = kind + "-" + name;
    if (!std::regex_match(name, std::regex("[a-z]+-[a-z0-9][a-z0-9-]*"))) {
        std::cerr << fmt::format(
            "error: '{}' is not a plugin name: use lower-case letters, digits and '-', "
            "e.g. {}-acme\n",
            name, kind);
        return exit_code::usage;
    }
    fs::path target = folder.empty() ? fs::path(name) : fs::path(folder);
    std::error_code ec;
    if (fs::exists(target, ec) && !fs::is_empty(target, ec)) {
        std::cerr << fmt::format("error: {} already exists and is not empty; choose --dir\n",
                                 target.string());
        return exit_code::usage;
    }
    // The shape of every plugin in Ferry's own tree: sources in src/, tests in tests/.
    for (const char* folder_inside : {"src", "tests"})
        fs::create_directories(target / folder_inside, ec);
    for (const char* file :
         {"CMakeLists.txt", "README.md", "src/plugin.cpp", "tests/conformance_test.cpp"}) {
        std::ofstream out(target / file, std::ios::binary);
        out << filled(template_for(file, kind), name, kind);
        if (!out.flush()) {
            std::cerr << fmt::format("error: cannot write {}\n", (target / file).string());
            return exit_code::failure;
        }
    }
    SdkLocation sdk = sdk_location(executable);
    std::cout << fmt::format(
        "created {} {} plugin in {}: CMakeLists.txt, README.md, src/plugin.cpp, "
        "tests/conformance_test.cpp\n"
        "build and test it against the installed SDK:\n"
        "  cmake -S {} -B {}/build{} && cmake --build {}/build && ctest --test-dir {}/build\n{}",
        kind, name, target.string(), target.string(), target.string(), sdk.cmake_option,
        target.string(), target.string(), sdk.note);
    return exit_code::ok;
}

}  // namespace ferry
