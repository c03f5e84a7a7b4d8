// Host-side wrappers around plugin objects.
//
// An exception thrown by plugin code carries that plugin's copy of its destructor. If the
// library is unloaded while the exception travels (the object that threw is destroyed during
// unwinding), destroying the exception jumps into unmapped code. So every call into a plugin
// goes through these wrappers, which turn what the plugin threw into an exception the host
// built, while the library is certainly still loaded.
#pragma once

#include <memory>
#include <string>

#include "ferry/sdk/sink.hpp"
#include "ferry/sdk/source.hpp"
#include "ferry/sdk/store.hpp"

namespace ferry {

// Runs `call`, re-throwing a plugin's sdk::Error or std::exception as a host-built sdk::Error.
// Other exception types pass through untouched.
template <class Call>
decltype(auto) across_boundary(const std::string& plugin, Call&& call) {
    try {
        return call();
    } catch (const sdk::Error& e) {
        throw sdk::Error(std::string(e.code()), std::string(e.what()));
    } catch (const std::exception& e) {
        throw sdk::Error("plugin.exception", plugin + ": " + std::string(e.what()));
    }
}

std::shared_ptr<sdk::Source> guard(std::string plugin, std::shared_ptr<sdk::Source> source);
std::shared_ptr<sdk::Sink> guard(std::string plugin, std::shared_ptr<sdk::Sink> sink);
std::shared_ptr<sdk::Store> guard(std::string plugin, std::shared_ptr<sdk::Store> store);

}  // namespace ferry
