# ctest script: fails when the SDK headers changed but sdk/abi.lock still records the old
# headers for the same abi_version. Comments and blank space are left out of the hash, so
# rewording a comment costs nothing; any change to code does.
#
#   cmake -DSDK_INCLUDE_DIR=... -DLOCK_FILE=... -P CheckAbiLock.cmake
file(GLOB headers ${SDK_INCLUDE_DIR}/ferry/sdk/*.hpp)
list(SORT headers)
set(code "")
foreach(header IN LISTS headers)
  file(READ ${header} text)
  string(REGEX REPLACE "//[^\n]*" "" text "${text}")
  string(REGEX REPLACE "[ \t\r\n]+" " " text "${text}")
  get_filename_component(name ${header} NAME)
  string(APPEND code "${name}: ${text}\n")
endforeach()
string(SHA256 hash "${code}")

file(READ ${SDK_INCLUDE_DIR}/ferry/sdk/plugin.hpp plugin_header)
string(REGEX MATCH "abi_version = ([0-9]+);" _ "${plugin_header}")
set(version ${CMAKE_MATCH_1})

file(STRINGS ${LOCK_FILE} lock REGEX "^abi_version ")
string(REGEX MATCH "^abi_version ([0-9]+) sha256 ([0-9a-f]+)$" _ "${lock}")
set(locked_version ${CMAKE_MATCH_1})
set(locked_hash ${CMAKE_MATCH_2})

if(NOT version STREQUAL locked_version OR NOT hash STREQUAL locked_hash)
  # echo, not message(): message() folds lines, and the last line must be copied whole.
  execute_process(COMMAND ${CMAKE_COMMAND} -E echo
    "The SDK headers are not the ones sdk/abi.lock records for abi_version ${locked_version}.
If the change alters a type, a virtual function or a layout that crosses the plugin boundary,
raise abi_version in sdk/include/ferry/sdk/plugin.hpp and say why in its comment; if it does
not (a new free inline function, say), keep the version. Either way, put this line into
sdk/abi.lock:
abi_version ${version} sha256 ${hash}")
  message(FATAL_ERROR "sdk/abi.lock is stale")
endif()
