#include <dlfcn.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "plugins/plugin_catalog.hpp"
#include "support/temp_dir.hpp"

using namespace ferry;
namespace fs = std::filesystem;

namespace {

std::string refusal(const PluginCatalog& catalog, const fs::path& file) {
    try {
        catalog.load_file(file);
    } catch (const sdk::Error& e) {
        return e.code() + ": " + e.what();
    }
    return "loaded";
}

class NullHost : public sdk::HostServices {
  public:
    void log(sdk::LogLevel, std::string_view, std::string_view) override {}
    void log(sdk::LogLevel, const sdk::DocumentKey&, std::string_view, std::string_view) override {}
    std::chrono::system_clock::time_point now() const override { return {}; }
    bool stop_requested() const override { return false; }
    bool wait_for(std::chrono::milliseconds) override { return true; }
};

}  // namespace

TEST_CASE("the catalog finds plugins by name along its search path") {
    PluginCatalog catalog({"/nonexistent", FERRY_TEST_PLUGIN_DIR});
    LoadedPlugin plugin = catalog.load("sink-recording");
    CHECK(plugin.name() == "sink-recording");
    CHECK(plugin.descriptor().kind == sdk::PluginKind::sink);
    CHECK(plugin.file() == fs::path(FERRY_TEST_PLUGIN_DIR) / "sink-recording.so");
    CHECK_FALSE(plugin.settings_table().empty());
}

TEST_CASE("a missing plugin is reported with the folders searched") {
    PluginCatalog catalog({FERRY_TEST_PLUGIN_DIR});
    CHECK_THROWS_WITH(catalog.load("sink-nowhere"),
                      Catch::Contains("plugin 'sink-nowhere' not found") &&
                          Catch::Contains(FERRY_TEST_PLUGIN_DIR));
}

TEST_CASE("the search path puts --plugin-path first, then FERRY_PLUGIN_PATH, then ../lib/ferry") {
    ::setenv("FERRY_PLUGIN_PATH", "/env/one:/env/two", 1);
    auto folders = PluginCatalog::search_path("/opt/a:/opt/b", "/proc/self/exe");
    ::unsetenv("FERRY_PLUGIN_PATH");
    REQUIRE(folders.size() == 5);
    CHECK(folders[0] == "/opt/a");
    CHECK(folders[1] == "/opt/b");
    CHECK(folders[2] == "/env/one");
    CHECK(folders[3] == "/env/two");
    CHECK(folders[4].filename() == "ferry");
    CHECK(folders[4].parent_path().filename() == "lib");
}

TEST_CASE("plugins of another SDK ABI version are refused with both versions") {
    PluginCatalog catalog({FERRY_BAD_PLUGIN_DIR});
    fs::path file = fs::path(FERRY_BAD_PLUGIN_DIR) / "sink-wrong-abi.so";
    CHECK(refusal(catalog, file) ==
          "plugin.abi: refusing plugin " + file.string() +
              ": built for Ferry SDK ABI version 999, this host expects " +
              std::to_string(ferry::sdk::abi_version) +
              "; rebuild the plugin against this host's SDK");
}

TEST_CASE("plugins built with another toolchain are refused with both tags") {
    PluginCatalog catalog({FERRY_BAD_PLUGIN_DIR});
    fs::path file = fs::path(FERRY_BAD_PLUGIN_DIR) / "sink-wrong-toolchain.so";
    std::string message = refusal(catalog, file);
    CHECK_THAT(message, Catch::StartsWith("plugin.toolchain: refusing plugin " + file.string()));
    CHECK_THAT(message, Catch::Contains("'gcc-4/libstdc++-cxx11abi0/c++201103L'"));
    CHECK_THAT(message, Catch::Contains(std::string("'") + sdk::toolchain_tag + "'"));
}

TEST_CASE("sources and sinks that declare no kind or one this host does not know are refused") {
    PluginCatalog catalog({FERRY_BAD_PLUGIN_DIR});
    fs::path none = fs::path(FERRY_BAD_PLUGIN_DIR) / "sink-no-kinds.so";
    CHECK(refusal(catalog, none) == "plugin.kinds: refusing plugin " + none.string() +
                                        ": it declares no document kind; pass the kinds it "
                                        "accepts to describe_sink");
    fs::path future = fs::path(FERRY_BAD_PLUGIN_DIR) / "sink-future-kind.so";
    CHECK(refusal(catalog, future) ==
          "plugin.kinds: refusing plugin " + future.string() +
              ": it declares kind #40, which this SDK does not know; run it with a Ferry release "
              "that has that kind");
}

TEST_CASE("libraries and files that are not Ferry plugins are refused without running them") {
    PluginCatalog catalog({FERRY_BAD_PLUGIN_DIR});
    fs::path library = fs::path(FERRY_BAD_PLUGIN_DIR) / "sink-not-ferry.so";
    CHECK(refusal(catalog, library) == "plugin.not_ferry: " + library.string() +
                                           " is not a Ferry plugin: it exports no 'ferry_plugin' "
                                           "descriptor");
    CHECK(::dlopen(library.c_str(), RTLD_NOLOAD | RTLD_NOW) == nullptr);

    ferry::testing::TempDir dir;
    fs::path text = dir.write("notes.so", "this is not a library\n", 0644);
    CHECK_THAT(refusal(catalog, text), Catch::StartsWith("plugin.not_ferry: " + text.string()));
}

TEST_CASE("a plugin file named other than its descriptor is refused as the kit refuses it") {
    ferry::testing::TempDir dir;
    fs::path renamed = dir / "sink-renamed.so";
    fs::copy_file(fs::path(FERRY_TEST_PLUGIN_DIR) / "sink-recording.so", renamed);
    PluginCatalog catalog({dir.path()});
    CHECK(refusal(catalog, renamed) ==
          "plugin.name: plugin file " + renamed.string() +
              " describes itself as 'sink-recording', so the host looks for it as "
              "sink-recording.so; rename the file or fix the descriptor");
    CHECK_THROWS_WITH(catalog.load("sink-renamed"), Catch::Contains("describes itself as"));
}

TEST_CASE("plugin files or folders writable by group or others are refused") {
    ferry::testing::TempDir dir;
    fs::path copy = dir / "sink-recording.so";
    fs::copy_file(fs::path(FERRY_TEST_PLUGIN_DIR) / "sink-recording.so", copy);
    PluginCatalog catalog({dir.path()});

    ::chmod(copy.c_str(), 0664);
    CHECK_THAT(refusal(catalog, copy),
               Catch::StartsWith("plugin.permissions: refusing plugin " + copy.string() + ": " +
                                 copy.string() + " is writable by group or others (mode 0664"));
    ::chmod(copy.c_str(), 0755);
    CHECK(refusal(catalog, copy) == "loaded");

    ::chmod(dir.path().c_str(), 0777);
    CHECK_THAT(refusal(catalog, copy),
               Catch::Contains(dir.path().string() + " is writable by group or others (mode 0777"));
    ::chmod(dir.path().c_str(), 0700);
}

TEST_CASE("a plugin's library stays loaded while an object it created is alive") {
    ferry::testing::TempDir dir;
    fs::path file = fs::path(FERRY_TEST_PLUGIN_DIR) / "store-memory.so";
    NullHost host;
    sdk::Settings settings;
    settings.values["name"].text = "lifetime";
    std::shared_ptr<sdk::Store> store;
    {
        PluginCatalog catalog({FERRY_TEST_PLUGIN_DIR});
        LoadedPlugin plugin = catalog.load("store-memory");
        store = plugin.create_store({settings, host, "lifetime-test", sdk::Access::read_write});
    }
    auto is_loaded = [&] {
        void* handle = ::dlopen(file.c_str(), RTLD_NOLOAD | RTLD_NOW);
        if (handle)
            ::dlclose(handle);
        return handle != nullptr;
    };
    CHECK(is_loaded());
    sdk::LedgerRecord record;
    record.key = {"11223344", sdk::DocumentKind::invoice, "1"};
    store->save(record);
    CHECK(store->find(record.key).has_value());
    store.reset();
    CHECK_FALSE(is_loaded());
}

TEST_CASE("creating a plugin object of the wrong kind is refused") {
    PluginCatalog catalog({FERRY_TEST_PLUGIN_DIR});
    LoadedPlugin plugin = catalog.load("store-memory");
    NullHost host;
    sdk::Settings settings;
    CHECK_THROWS_WITH(plugin.create_sink({settings, host, "p", sdk::Access::read_write}),
                      "store-memory is a store plugin, not a sink");
}
