// libsmbclient, loaded when the first SMB share is opened rather than with the plugin: it
// pulls in about 60 Samba libraries (13 MB and a tenth of a second at every start), which a
// pipeline reading a local or mounted folder never needs.
#pragma once

#include <libsmbclient.h>

#include <string>

namespace ferry::files {

#define FERRY_SMBCLIENT_FUNCTIONS(X)       \
    X(smbc_new_context)                    \
    X(smbc_free_context)                   \
    X(smbc_init_context)                   \
    X(smbc_setDebug)                       \
    X(smbc_setOptionUserData)              \
    X(smbc_getOptionUserData)              \
    X(smbc_setFunctionAuthDataWithContext) \
    X(smbc_setOptionUseKerberos)           \
    X(smbc_setOptionFallbackAfterKerberos) \
    X(smbc_setOptionNoAutoAnonymousLogin)  \
    X(smbc_setOptionProtocols)             \
    X(smbc_setTimeout)                     \
    X(smbc_getFunctionOpendir)             \
    X(smbc_getFunctionReaddirPlus2)        \
    X(smbc_getFunctionClosedir)            \
    X(smbc_getFunctionOpen)                \
    X(smbc_getFunctionRead)                \
    X(smbc_getFunctionFstat)               \
    X(smbc_getFunctionClose)

// The functions Ferry uses, named as in libsmbclient.h.
struct SmbClientLibrary {
#define FERRY_SMBCLIENT_MEMBER(name) decltype(&::name) name = nullptr;
    FERRY_SMBCLIENT_FUNCTIONS(FERRY_SMBCLIENT_MEMBER)
#undef FERRY_SMBCLIENT_MEMBER
};

// Loads the library once per process; throws sdk::Error("<code_prefix>.smb.init") when it is
// missing.
const SmbClientLibrary& smbclient(const std::string& code_prefix);

}  // namespace ferry::files
