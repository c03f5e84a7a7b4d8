// Host-side wrappers around plugin objects.
//
// An exception thrown by plugin code carries that plugin's copy of its destructor. If the
// library is unloaded while the exception travels (the object that threw is destroyed during
// unwinding), destroying the exception jumps into unmapped code. So every call into a plugin
// goes through these wrappers, which turn whatever the plugin threw into an exception the host
// built, while the library is certainly still loaded.
//
// They are also the one door for a plugin's words: every message it returns or throws passes
// through without_personal_data() on its way in, so nothing a plugin wrote puts personal data
// into the ledger, the log or a report.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "ferry/sdk/sink.hpp"
#include "ferry/sdk/source.hpp"
#include "ferry/sdk/store.hpp"
#include "support/privacy_filter.hpp"

namespace ferry {

// What a plugin threw that is not an sdk::Error, as the host keeps it: the code
// "plugin.exception", a message naming the plugin, the call and the exception's type, and not
// its text, which may hold anything the plugin had in hand. Call it only inside a catch block.
sdk::Error withheld_exception(const std::string& plugin, std::string_view call);

// Runs `call`, the plugin's method named `call_name`, re-throwing an sdk::Error it threw as a
// host-built one with the same code and its message filtered (of `document`'s personal strings
// too, where the call was given one), and anything else as withheld_exception().
template <class Call>
decltype(auto) across_boundary(const std::string& plugin, std::string_view call_name, Call&& call,
                               const sdk::Document* document = nullptr) {
    try {
        return call();
    } catch (const sdk::Error& e) {
        throw sdk::Error(e.code(), without_personal_data(e.what(), document));
    } catch (...) {
        throw withheld_exception(plugin, call_name);
    }
}

std::shared_ptr<sdk::Source> guard(std::string plugin, std::shared_ptr<sdk::Source> source);
std::shared_ptr<sdk::Sink> guard(std::string plugin, std::shared_ptr<sdk::Sink> sink);
std::shared_ptr<sdk::Store> guard(std::string plugin, std::shared_ptr<sdk::Store> store);

}  // namespace ferry
