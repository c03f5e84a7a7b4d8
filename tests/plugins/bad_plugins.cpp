// Libraries the host must refuse, one per reason, selected at compile time.
#include "ferry/sdk/sdk.hpp"

namespace {
using namespace ferry::sdk;

const SettingsTable& no_settings() {
    static const SettingsTable table;
    return table;
}

std::unique_ptr<Sink> create(const PluginContext&) {
    return nullptr;
}

constexpr PluginDescriptor bad_descriptor() {
    PluginDescriptor d = describe_sink(BAD_PLUGIN_NAME, "0.1.0", "refused on purpose",
                                       {DocumentKind::invoice}, &no_settings, &create);
#if defined(BAD_ABI_VERSION)
    d.sdk_abi_version = BAD_ABI_VERSION;
#endif
#if defined(BAD_TOOLCHAIN)
    d.toolchain = BAD_TOOLCHAIN;
#endif
#if defined(NO_KINDS)
    d.document_kinds = {};
#endif
#if defined(FUTURE_KIND)
    d.document_kinds = {DocumentKind::invoice, static_cast<DocumentKind>(FUTURE_KIND)};
#endif
    return d;
}

}  // namespace

#if defined(NOT_A_PLUGIN)
extern "C" BOOST_SYMBOL_EXPORT int not_a_ferry_plugin() {
    return 42;
}
#else
FERRY_PLUGIN(bad_descriptor());
#endif
