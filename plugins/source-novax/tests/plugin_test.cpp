// The built plugin module, loaded as the host loads it: its one exported descriptor, its
// settings table and a working source made by its factory.
#include <dlfcn.h>

#include <catch2/catch.hpp>

#include "ferry/sdk/plugin.hpp"
#include "recording_host.hpp"
#include "settings_builder.hpp"
#include "temp_folder.hpp"

using namespace ferry;
using namespace ferry::novax::testing;

namespace {

const sdk::PluginDescriptor& load_descriptor() {
    static void* module = ::dlopen(FERRY_NOVAX_PLUGIN_FILE, RTLD_NOW | RTLD_LOCAL);
    if (!module)
        FAIL("cannot load " << FERRY_NOVAX_PLUGIN_FILE << ": " << ::dlerror());
    auto* descriptor = static_cast<const sdk::PluginDescriptor*>(
        ::dlsym(module, FERRY_SDK_STRINGIFY(FERRY_PLUGIN_SYMBOL)));
    if (!descriptor)
        FAIL("no descriptor exported");
    return *descriptor;
}

}  // namespace

TEST_CASE("the plugin exports a source descriptor that matches this SDK") {
    const auto& descriptor = load_descriptor();
    CHECK(descriptor.magic == sdk::descriptor_magic);
    CHECK(descriptor.sdk_abi_version == sdk::abi_version);
    CHECK(std::string(descriptor.toolchain) == sdk::toolchain_tag);
    CHECK(std::string(descriptor.name) == "source-novax");
    CHECK(descriptor.kind == sdk::PluginKind::source);
    CHECK(descriptor.document_kinds ==
          sdk::DocumentKinds{sdk::DocumentKind::invoice, sdk::DocumentKind::credit_note});
    REQUIRE(descriptor.settings);
    CHECK(descriptor.settings().at(0).name == "servers");
    REQUIRE(descriptor.create_source);
    CHECK_FALSE(descriptor.create_sink);
}

TEST_CASE("the plugin's factory makes a source that lists a folder") {
    TempFolder folder;
    folder.write("Novax_9_11223344_Kreditnote.xml", "x");
    sdk::Settings settings = make_settings({{.location = folder.path().string()}});
    RecordingHost host;
    sdk::PluginContext context{settings, host, "test-pipeline", sdk::Access::read_only};
    auto source = load_descriptor().create_source(context);
    REQUIRE(source);
    auto listing = sdk::list_all(*source);
    REQUIRE(listing.documents.size() == 1);
    CHECK(listing.documents[0].key.str() == "11223344/credit-note/9");
}
