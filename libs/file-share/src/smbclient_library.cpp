#include "smbclient_library.hpp"

#include <dlfcn.h>

#include <mutex>
#include <optional>
#include <string>

#include "ferry/sdk/problem.hpp"

namespace ferry::files {
namespace {

// The soname of Debian's libsmbclient package, which the package depends on.
constexpr const char* library_name = "libsmbclient.so.0";

SmbClientLibrary load(const std::string& code_prefix) {
    void* handle = ::dlopen(library_name, RTLD_NOW | RTLD_LOCAL);
    if (!handle)
        throw sdk::Error(code_prefix + ".smb.init", std::string("cannot load ") + library_name +
                                                        " for smb:// locations (" + ::dlerror() +
                                                        "); install the libsmbclient package");
    // Never closed: Samba's libraries do not support being unloaded.
    SmbClientLibrary library;
#define FERRY_SMBCLIENT_RESOLVE(name)                                             \
    library.name = reinterpret_cast<decltype(&::name)>(::dlsym(handle, #name));   \
    if (!library.name)                                                            \
        throw sdk::Error(code_prefix + ".smb.init", std::string(library_name) +   \
                                                        " lacks " #name           \
                                                        "; install libsmbclient " \
                                                        "4.17 or newer");
    FERRY_SMBCLIENT_FUNCTIONS(FERRY_SMBCLIENT_RESOLVE)
#undef FERRY_SMBCLIENT_RESOLVE
    return library;
}

}  // namespace

const SmbClientLibrary& smbclient(const std::string& code_prefix) {
    static std::mutex mutex;
    static std::optional<SmbClientLibrary> library;
    std::lock_guard guard(mutex);
    if (!library)
        library = load(code_prefix);  // a failure is tried again by the next share
    return *library;
}

}  // namespace ferry::files
