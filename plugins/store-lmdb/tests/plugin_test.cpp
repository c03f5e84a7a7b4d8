// The built module, loaded the way the host loads it: one exported descriptor, a working store.
#include <dlfcn.h>

#include <catch2/catch.hpp>

#include "ferry/sdk/plugin.hpp"
#include "test_support.hpp"

using namespace ferry;

TEST_CASE("the plugin module exports a store descriptor whose factory opens a ledger", "[plugin]") {
    void* module = ::dlopen(FERRY_STORE_LMDB_PLUGIN, RTLD_NOW | RTLD_LOCAL);
    INFO((module ? "" : ::dlerror()));
    REQUIRE(module);
    {
        auto* descriptor = static_cast<const sdk::PluginDescriptor*>(
            ::dlsym(module, FERRY_SDK_STRINGIFY(FERRY_PLUGIN_SYMBOL)));
        REQUIRE(descriptor);
        CHECK(descriptor->magic == sdk::descriptor_magic);
        CHECK(descriptor->sdk_abi_version == sdk::abi_version);
        CHECK(std::string(descriptor->name) == "store-lmdb");
        CHECK(descriptor->kind == sdk::PluginKind::store);
        CHECK(descriptor->settings().size() == 3);

        store_lmdb::test::TempFolder folder;
        store_lmdb::test::RecordingHost host;
        sdk::Settings settings = store_lmdb::test::settings_for(folder.ledger());
        sdk::PluginContext context{settings, host, "nyborg-clinic", sdk::Access::read_write};
        auto store = descriptor->create_store(context);
        store->save(store_lmdb::test::full_record("11223344", "1"));
        CHECK(store->find({"11223344", sdk::DocumentKind::credit_note, "1"}));
    }
    ::dlclose(module);
}
