// Issue 14, item 6: a plugin runs as the service, so it is loaded only when nobody but root and
// the running user can change it or any folder on the way to it, symlinks followed.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>

#include "support/child_process.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"
#include "test_pipeline.hpp"

using namespace ferry::testing;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

struct PluginFolders {
    TempDir dir;

    // A copy of a real plugin at `name` under the temporary folder, folders made 0755.
    fs::path plugin(const std::string& name) const {
        fs::path file = dir / name;
        fs::create_directories(file.parent_path());
        for (fs::path at = file.parent_path(); at != dir.path(); at = at.parent_path())
            ::chmod(at.c_str(), 0755);
        fs::copy_file(fs::path(FERRY_TEST_PLUGIN_DIR) / "sink-recording.so", file);
        ::chmod(file.c_str(), 0755);
        return file;
    }

    CommandResult plugins(const fs::path& folder) const {
        return run_command(std::string(FERRY_BINARY) + " --plugin-path " + folder.string() +
                           " plugins");
    }
};

}  // namespace

TEST_CASE_METHOD(PluginFolders, "a FIFO named like a plugin is refused without being opened") {
    fs::path folder = plugin("plugins/sink-recording.so").parent_path();
    REQUIRE(::mkfifo((folder / "sink-fifo.so").c_str(), 0644) == 0);
    std::string log = (dir / "log").string();
    ChildProcess listing({FERRY_BINARY, "--plugin-path", folder.string(), "plugins"}, log);
    auto exit_code = listing.wait(10s);
    REQUIRE(exit_code.has_value());
    CHECK(*exit_code == 1);
    CHECK_THAT(read_file(log),
               Catch::Contains("sink-fifo.so         refused: refusing plugin " +
                               (folder / "sink-fifo.so").string() + ": " +
                               (folder / "sink-fifo.so").string() + " is not a regular file"));
    CHECK_THAT(read_file(log), Catch::Contains("sink-recording       sink"));
}

TEST_CASE_METHOD(PluginFolders, "a symlink to a plugin in a folder others may write is refused") {
    fs::path folder = dir / "plugins";
    fs::create_directories(folder);
    ::chmod(folder.c_str(), 0755);
    SECTION("a world-writable folder") {
        fs::path real = plugin("open/sink-recording.so");
        ::chmod(real.parent_path().c_str(), 0777);
        fs::create_symlink(real, folder / "sink-recording.so");
        CHECK_THAT(
            plugins(folder).output,
            Catch::Contains("refused: refusing plugin " + (folder / "sink-recording.so").string() +
                            " (really " + real.string() + "): " + real.parent_path().string() +
                            " is writable by group or others (mode 0777"));
    }
    SECTION("a root-owned sticky folder like /tmp may be on the way but may not hold a plugin") {
        fs::path real = plugin("sticky/sink-recording.so");
        ::chmod(real.parent_path().c_str(), 01777);
        fs::create_symlink(real, folder / "sink-recording.so");
        CHECK_THAT(plugins(folder).output,
                   Catch::Contains(real.parent_path().string() +
                                   " is writable by group or others (mode 1777"));
    }
}

TEST_CASE_METHOD(PluginFolders,
                 "a folder above the plugin folder that others may write is refused") {
    fs::path file = plugin("outer/inner/sink-recording.so");
    fs::path outer = file.parent_path().parent_path();
    SECTION("group-writable") {
        ::chmod(outer.c_str(), 0775);
        auto result = plugins(file.parent_path());
        CHECK(result.exit_code == 1);
        CHECK_THAT(result.output,
                   Catch::Contains("refused: refusing plugin " + file.string() + ": " +
                                   outer.string() + " is writable by group or others (mode 0775"));
    }
    SECTION("owned by another user") {
        REQUIRE(::chown(outer.c_str(), 65534, 65534) == 0);
        auto result = plugins(file.parent_path());
        CHECK(result.exit_code == 1);
        CHECK_THAT(result.output,
                   Catch::Contains("refused: refusing plugin " + file.string() + ": " +
                                   outer.string() + " is owned by uid 65534"));
    }
}

TEST_CASE_METHOD(PluginFolders, "a plugin file owned by another user is refused") {
    fs::path file = plugin("plugins/sink-recording.so");
    REQUIRE(::chown(file.c_str(), 65534, 65534) == 0);
    auto result = plugins(file.parent_path());
    CHECK(result.exit_code == 1);
    CHECK_THAT(result.output, Catch::Contains("refused: refusing plugin " + file.string() + ": " +
                                              file.string() + " is owned by uid 65534"));
}

TEST_CASE_METHOD(PluginFolders, "the service logs a plugin folder from the environment at start") {
    std::string pipeline = write_test_pipeline(dir, memory_store);
    fs::create_directories(dir / "inbox");
    std::string log = (dir / "log").string();
    ::setenv("FERRY_PLUGIN_PATH", FERRY_TEST_PLUGIN_DIR, 1);
    ChildProcess service({FERRY_BINARY, "run", pipeline, "--once"}, log);
    ::unsetenv("FERRY_PLUGIN_PATH");
    CHECK(service.wait(30s) == 0);
    CHECK_THAT(read_file(log),
               Catch::Contains(std::string("plugin.folder plugins load from ") +
                               FERRY_TEST_PLUGIN_DIR + " (set by FERRY_PLUGIN_PATH)"));
}
