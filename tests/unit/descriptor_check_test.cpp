#include <catch2/catch.hpp>

#include "ferry/sdk/descriptor_check.hpp"

using namespace ferry::sdk;

namespace {

const SettingsTable& no_settings() {
    static const SettingsTable table;
    return table;
}

std::unique_ptr<Sink> no_sink(const PluginContext&) {
    return nullptr;
}

const std::filesystem::path file = "/usr/lib/ferry/sink-acme.so";

std::vector<std::string> codes(const std::vector<Problem>& problems) {
    std::vector<std::string> result;
    for (const Problem& problem : problems)
        result.push_back(problem.code);
    return result;
}

}  // namespace

TEST_CASE("a descriptor made by describe_sink and named like its file is accepted") {
    PluginDescriptor good =
        describe_sink("sink-acme", "1.0.0", "x", {DocumentKind::invoice}, &no_settings, &no_sink);
    CHECK(descriptor_problems(&good, file).empty());
    CHECK(descriptor_problems(&good, file, PluginKind::sink).empty());
}

TEST_CASE("a library without a Ferry descriptor is refused before anything of it is read") {
    CHECK(descriptor_problems(nullptr, file).at(0).message ==
          "/usr/lib/ferry/sink-acme.so is not a Ferry plugin: it exports no 'ferry_plugin' "
          "descriptor");
    PluginDescriptor other =
        describe_sink("sink-acme", "1.0.0", "x", {DocumentKind::invoice}, &no_settings, &no_sink);
    other.magic = 0x1234;
    other.sdk_abi_version = 999;  // not read: the rest may be anything
    auto problems = descriptor_problems(&other, file);
    REQUIRE(codes(problems) == std::vector<std::string>{"plugin.not_ferry"});
    CHECK_THAT(problems[0].message, Catch::Contains("magic 0x1234, expected 0x59525246"));
}

TEST_CASE("another ABI version and toolchain are both named and nothing past them is read") {
    PluginDescriptor old =
        describe_sink("sink-acme", "1.0.0", "x", {DocumentKind::invoice}, &no_settings, &no_sink);
    old.sdk_abi_version = 999;
    old.toolchain = "gcc-4/libstdc++-cxx11abi0/c++201103L";
    old.name = nullptr;  // would be a problem of its own if it were read
    auto problems = descriptor_problems(&old, file);
    REQUIRE(codes(problems) == std::vector<std::string>{"plugin.abi", "plugin.toolchain"});
    CHECK(problems[0].message ==
          "refusing plugin /usr/lib/ferry/sink-acme.so: built for Ferry SDK "
          "ABI version 999, this host expects " +
              std::to_string(abi_version) + "; rebuild the plugin against this host's SDK");
    CHECK_THAT(problems[1].message, Catch::Contains("'gcc-4/libstdc++-cxx11abi0/c++201103L'") &&
                                        Catch::Contains(std::string("'") + toolchain_tag + "'"));
}

TEST_CASE("a descriptor of another kind than expected or without its factory is refused") {
    PluginDescriptor sink =
        describe_sink("sink-acme", "1.0.0", "x", {DocumentKind::invoice}, &no_settings, &no_sink);
    auto wrong_kind = descriptor_problems(&sink, file, PluginKind::store);
    REQUIRE(codes(wrong_kind) == std::vector<std::string>{"plugin.kind"});
    CHECK_THAT(wrong_kind[0].message, Catch::EndsWith("it is a sink plugin, not a store"));

    PluginDescriptor no_factory = sink;
    no_factory.create_sink = nullptr;
    no_factory.create_store = [](const PluginContext&) { return std::unique_ptr<Store>(); };
    CHECK(codes(descriptor_problems(&no_factory, file)) ==
          std::vector<std::string>{"plugin.incomplete"});
    PluginDescriptor no_settings_table = sink;
    no_settings_table.settings = nullptr;
    CHECK(codes(descriptor_problems(&no_settings_table, file)) ==
          std::vector<std::string>{"plugin.incomplete"});
    PluginDescriptor no_summary = sink;
    no_summary.summary = nullptr;
    CHECK(codes(descriptor_problems(&no_summary, file)) ==
          std::vector<std::string>{"plugin.incomplete"});
}

TEST_CASE("a plugin is named <kind>-<name> in lower case and its file after it") {
    for (const char* bad :
         {"acme", "sink-", "sink--acme", "sink-Acme", "source-acme", "sink-a_b"}) {
        INFO(bad);
        PluginDescriptor named =
            describe_sink(bad, "1.0.0", "x", {DocumentKind::invoice}, &no_settings, &no_sink);
        CHECK(codes(descriptor_problems(&named, file)) == std::vector<std::string>{"plugin.name"});
    }
    PluginDescriptor unnamed =
        describe_sink(nullptr, "1.0.0", "x", {DocumentKind::invoice}, &no_settings, &no_sink);
    CHECK(codes(descriptor_problems(&unnamed, file)) == std::vector<std::string>{"plugin.name"});

    PluginDescriptor acme =
        describe_sink("sink-acme", "1.0.0", "x", {DocumentKind::invoice}, &no_settings, &no_sink);
    auto renamed = descriptor_problems(&acme, "/usr/lib/ferry/sink-acme2.so");
    REQUIRE(codes(renamed) == std::vector<std::string>{"plugin.name"});
    CHECK(renamed[0].message ==
          "plugin file /usr/lib/ferry/sink-acme2.so describes itself as 'sink-acme', so the host "
          "looks for it as sink-acme.so; rename the file or fix the descriptor");
    CHECK(descriptor_problems(&acme, "/opt/sink-1x.so").size() == 1);
    PluginDescriptor digits =
        describe_sink("sink-1x", "1.0.0", "x", {DocumentKind::invoice}, &no_settings, &no_sink);
    CHECK(descriptor_problems(&digits, "/opt/sink-1x.so").empty());
}
