// The one thing a plugin exports: its descriptor.
//
//   FERRY_PLUGIN(ferry::sdk::describe_sink("sink-null", "1.0.0", "Accepts and forgets documents",
//                                          {ferry::sdk::DocumentKind::invoice}, settings_table,
//                                          create)
//                    .with_settings_check(check_settings));
#pragma once

#include <boost/config.hpp>
#include <cstdint>
#include <memory>
#include <vector>

#include "ferry/sdk/host.hpp"
#include "ferry/sdk/settings.hpp"
#include "ferry/sdk/sink.hpp"
#include "ferry/sdk/source.hpp"
#include "ferry/sdk/store.hpp"

#define FERRY_SDK_STRINGIFY_(x) #x
#define FERRY_SDK_STRINGIFY(x) FERRY_SDK_STRINGIFY_(x)

namespace ferry::sdk {

// Bumped whenever a type that crosses the plugin boundary changes its layout or meaning.
// 2: Store::scan_state; Found amounts, Sink::held, HostServices::count/observe.
// 3: Source::list streams to a ListingVisitor; Store::find_brief.
// 4: Sink::plan and Sink::closed_periods; DeliveryRequest and LedgerRecord carry a generation.
// 5: SDK 4 (issue 15): document kinds, structured outcomes, typed settings.
//    Outcomes: ReadOutcome, DocumentRef::skip, HistoryEntry::code, target_key, number_series.
//    Kinds: customer and accounting-period with Document::customer_record/accounting_period;
//    descriptors declare DocumentKinds (describe_source/describe_sink take them) and known_kinds.
//    Settings: SettingsBinding, Duration, former names and the settings-check hook.
// 6: PluginDescriptor::concurrent_deliveries (issue 16).
// 7: Document::prerequisites, DeliveryRequest::prerequisites, Sink::customers (issue 19).
// 8: Party::registration_number and registration_scheme, for registers other than CVR (issue 18).
inline constexpr std::uint32_t abi_version = 8;

// What must match for objects to cross between host and plugin: compiler family and major
// version, the standard library and its string ABI, and the language standard.
inline constexpr const char* toolchain_tag =
#if defined(__clang__)
    "clang-" FERRY_SDK_STRINGIFY(__clang_major__)
#elif defined(__GNUC__)
    "gcc-" FERRY_SDK_STRINGIFY(__GNUC__)
#else
    "unknown-compiler"
#endif
#if defined(_GLIBCXX_USE_CXX11_ABI)
        "/libstdc++-cxx11abi" FERRY_SDK_STRINGIFY(_GLIBCXX_USE_CXX11_ABI)
#elif defined(_LIBCPP_VERSION)
        "/libc++"
#endif
            "/c++" FERRY_SDK_STRINGIFY(__cplusplus);

enum class PluginKind { source, sink, store };

inline const char* to_string(PluginKind kind) {
    return kind == PluginKind::source ? "source" : kind == PluginKind::sink ? "sink" : "store";
}

using SourceFactory = std::unique_ptr<Source> (*)(const PluginContext&);
using SinkFactory = std::unique_ptr<Sink> (*)(const PluginContext&);
using StoreFactory = std::unique_ptr<Store> (*)(const PluginContext&);
using SettingsTableFn = const SettingsTable& (*)();
// Rules between settings (the same company twice), checked by `ferry validate` and whenever a
// pipeline is loaded. It must open no connection and touch no file: it runs before `check`.
using SettingsCheckFn = std::vector<SettingsProblem> (*)(const Settings&);

inline constexpr std::uint32_t descriptor_magic = 0x59525246;  // "FRRY"

struct PluginDescriptor {
    // The host reads these three first and touches nothing else unless they match.
    std::uint32_t magic = descriptor_magic;
    std::uint32_t sdk_abi_version = abi_version;
    const char* toolchain = toolchain_tag;

    const char* name = "";
    PluginKind kind = PluginKind::source;
    const char* version = "";
    const char* summary = "";
    SettingsTableFn settings = nullptr;
    SourceFactory create_source = nullptr;
    SinkFactory create_sink = nullptr;
    StoreFactory create_store = nullptr;
    // A source's: the kinds it lists and reads; a sink's: the kinds it delivers. The host
    // refuses a pipeline whose sink does not accept a kind its source produces, and rejects a
    // listed document of a kind its source did not declare, so a sink never sees another kind.
    // A store declares none: it keeps whatever its pipeline carries.
    DocumentKinds document_kinds;
    // The kinds of the SDK the plugin was built with, filled in by the SDK. A store writes the
    // names of the kinds it keeps with its own copy of to_string(), so the host refuses a store
    // built before a kind existed for a pipeline that carries that kind.
    DocumentKinds known_kinds = all_document_kinds;
    SettingsCheckFn check_settings = nullptr;  // optional
    // A sink's promise that deliver() and find() may run on several threads at once, for
    // different documents (never the same one twice at a time). The host then keeps up to the
    // pipeline's `in_flight` documents per company in flight; without it, one at a time.
    bool concurrent_deliveries = false;

    constexpr PluginDescriptor with_settings_check(SettingsCheckFn check) const {
        PluginDescriptor d = *this;
        d.check_settings = check;
        return d;
    }
    constexpr PluginDescriptor with_concurrent_deliveries() const {
        PluginDescriptor d = *this;
        d.concurrent_deliveries = true;
        return d;
    }
};

// `produces`: every kind list() may name, e.g. {DocumentKind::invoice, DocumentKind::credit_note}.
constexpr PluginDescriptor describe_source(const char* name, const char* version,
                                           const char* summary, DocumentKinds produces,
                                           SettingsTableFn settings, SourceFactory factory) {
    PluginDescriptor d;
    d.name = name, d.kind = PluginKind::source, d.version = version, d.summary = summary;
    d.settings = settings, d.create_source = factory, d.document_kinds = produces;
    return d;
}

// `accepts`: every kind deliver() takes; the host hands it no other.
constexpr PluginDescriptor describe_sink(const char* name, const char* version, const char* summary,
                                         DocumentKinds accepts, SettingsTableFn settings,
                                         SinkFactory factory) {
    PluginDescriptor d;
    d.name = name, d.kind = PluginKind::sink, d.version = version, d.summary = summary;
    d.settings = settings, d.create_sink = factory, d.document_kinds = accepts;
    return d;
}

constexpr PluginDescriptor describe_store(const char* name, const char* version,
                                          const char* summary, SettingsTableFn settings,
                                          StoreFactory factory) {
    PluginDescriptor d;
    d.name = name, d.kind = PluginKind::store, d.version = version, d.summary = summary;
    d.settings = settings, d.create_store = factory;
    return d;
}

}  // namespace ferry::sdk

// The exported symbol the host looks up with Boost.DLL.
#define FERRY_PLUGIN_SYMBOL ferry_plugin
#define FERRY_PLUGIN(descriptor)                                                      \
    extern "C" BOOST_SYMBOL_EXPORT const ::ferry::sdk::PluginDescriptor ferry_plugin; \
    const ::ferry::sdk::PluginDescriptor ferry_plugin = descriptor
