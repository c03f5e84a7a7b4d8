// Whether a plugin's descriptor is one the host loads: the one check the host runs before it
// trusts a plugin library and the conformance kit runs on a built plugin, so that the kit never
// passes a plugin the host then refuses, and the two never disagree on why.
#pragma once

#include <charconv>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ferry/sdk/plugin.hpp"
#include "ferry/sdk/problem.hpp"

namespace ferry::sdk {

namespace descriptor_detail {

inline std::string hex(std::uint32_t value) {
    char digits[8];
    auto end = std::to_chars(digits, digits + sizeof digits, value, 16).ptr;
    return "0x" + std::string(digits, end);
}

inline bool is_kind(PluginKind kind) {
    return kind == PluginKind::source || kind == PluginKind::sink || kind == PluginKind::store;
}

// `<kind>-<name>`, the name of lower-case letters, digits and '-', starting with no '-'.
inline bool is_plugin_name(std::string_view name, PluginKind kind) {
    std::string prefix = std::string(to_string(kind)) + "-";
    if (name.substr(0, prefix.size()) != prefix || name.size() == prefix.size() ||
        name[prefix.size()] == '-')
        return false;
    for (char c : name.substr(prefix.size()))
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return false;
    return true;
}

}  // namespace descriptor_detail

// Why the host refuses the descriptor exported by the plugin library `file`, each problem with
// the code and message the host reports; empty when the host loads it. `descriptor` is null when
// the library exports none. With `expected`, a plugin of another kind is refused too. The file
// must be named after the descriptor (`plugin: NAME` loads NAME.so).
inline std::vector<Problem> descriptor_problems(const PluginDescriptor* descriptor,
                                                const std::filesystem::path& file,
                                                std::optional<PluginKind> expected = std::nullopt) {
    using descriptor_detail::hex;
    const std::string refusing = "refusing plugin " + file.string() + ": ";
    if (!descriptor)
        return {{"plugin.not_ferry", file.string() + " is not a Ferry plugin: it exports no '" +
                                         FERRY_SDK_STRINGIFY(FERRY_PLUGIN_SYMBOL) +
                                         "' descriptor"}};
    if (descriptor->magic != descriptor_magic)
        return {{"plugin.not_ferry",
                 file.string() + " is not a Ferry plugin: its descriptor has magic " +
                     hex(descriptor->magic) + ", expected " + hex(descriptor_magic)}};
    std::vector<Problem> problems;
    if (descriptor->sdk_abi_version != abi_version)
        problems.push_back({"plugin.abi", refusing + "built for Ferry SDK ABI version " +
                                              std::to_string(descriptor->sdk_abi_version) +
                                              ", this host expects " + std::to_string(abi_version) +
                                              "; rebuild the plugin against this host's SDK"});
    std::string_view toolchain = descriptor->toolchain ? descriptor->toolchain : "";
    if (toolchain != toolchain_tag)
        problems.push_back(
            {"plugin.toolchain", refusing + "built with toolchain '" + std::string(toolchain) +
                                     "', this host expects '" + toolchain_tag +
                                     "'; rebuild the plugin with the host's compiler and standard "
                                     "library"});
    // Past the first three fields a descriptor of another ABI or toolchain may be laid out
    // differently: nothing more of it can be read safely.
    if (!problems.empty())
        return problems;

    if (!descriptor_detail::is_kind(descriptor->kind))
        return {{"plugin.kind", refusing + "its descriptor names kind " +
                                    std::to_string(static_cast<int>(descriptor->kind)) +
                                    ", not source, sink or store"}};
    const char* kind = to_string(descriptor->kind);
    if (expected && descriptor->kind != *expected)
        problems.push_back({"plugin.kind", refusing + "it is a " + kind + " plugin, not a " +
                                               to_string(*expected)});
    bool has_factory = (descriptor->kind == PluginKind::source && descriptor->create_source) ||
                       (descriptor->kind == PluginKind::sink && descriptor->create_sink) ||
                       (descriptor->kind == PluginKind::store && descriptor->create_store);
    if (!descriptor->settings || !has_factory)
        problems.push_back(
            {"plugin.incomplete",
             refusing + "its descriptor lacks a settings table or a " + kind + " factory"});
    if (!descriptor->version || !descriptor->summary)
        problems.push_back(
            {"plugin.incomplete", refusing +
                                      "its descriptor lacks a version or a summary; build it "
                                      "with describe_" +
                                      kind + "(...)"});
    if (descriptor->kind != PluginKind::store) {
        bool source = descriptor->kind == PluginKind::source;
        DocumentKinds unknown = descriptor->document_kinds.without(all_document_kinds);
        if (descriptor->document_kinds.empty())
            problems.push_back(
                {"plugin.kinds",
                 refusing + "it declares no document kind; pass the kinds it " +
                     (source ? "produces to describe_source" : "accepts to describe_sink")});
        else if (!unknown.empty())
            problems.push_back({"plugin.kinds", refusing + "it declares " + unknown.str() +
                                                    ", which this SDK does not know; run it with "
                                                    "a Ferry release that has that kind"});
    }
    std::string_view name = descriptor->name ? descriptor->name : "";
    if (!descriptor_detail::is_plugin_name(name, descriptor->kind))
        problems.push_back({"plugin.name", refusing + "it calls itself '" + std::string(name) +
                                               "'; a " + kind + " plugin is named " + kind +
                                               "-<name>, in lower-case letters, digits and '-'"});
    else if (file.stem().string() != name || file.extension() != ".so")
        problems.push_back(
            {"plugin.name", "plugin file " + file.string() + " describes itself as '" +
                                std::string(name) + "', so the host looks for it as " +
                                std::string(name) + ".so; rename the file or fix the descriptor"});
    return problems;
}

}  // namespace ferry::sdk
