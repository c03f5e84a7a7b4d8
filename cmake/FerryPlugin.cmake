# Building Ferry plugins, in this tree and out of it (installed with the SDK's CMake package:
# find_package(FerrySDK) includes this file).
#
# ferry_add_plugin(NAME KIND source|sink|store SOURCES ... [LIBRARIES ...] [NO_INSTALL])
#
# Builds one Ferry plugin as a shared library named exactly NAME.so (the host loads NAME.so for
# `plugin: NAME`), with hidden visibility so only the descriptor is exported, inline functions
# hidden too (see docs/abi.md: a plugin's inline code must never be bound by the host), and
# --no-undefined so a missing symbol fails the build instead of the load. Installs it into
# lib/ferry under the install prefix, where a ferry installed to the same prefix looks.
set(FERRY_PLUGIN_INSTALL_DIR lib/ferry)

function(ferry_add_plugin name)
  cmake_parse_arguments(PARSE_ARGV 1 FP "NO_INSTALL" "KIND" "SOURCES;LIBRARIES")
  if(NOT FP_KIND MATCHES "^(source|sink|store)$")
    message(FATAL_ERROR "ferry_add_plugin(${name}): KIND must be source, sink or store")
  endif()
  if(NOT name MATCHES "^${FP_KIND}-[a-z0-9][a-z0-9-]*$")
    message(FATAL_ERROR "ferry_add_plugin(${name}): a ${FP_KIND} plugin is named ${FP_KIND}-<name>, "
                        "in lower case")
  endif()
  add_library(${name} MODULE ${FP_SOURCES})
  target_link_libraries(${name} PRIVATE Ferry::sdk ${FP_LIBRARIES})
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(FERRY_PLUGIN_OUTPUT_DIRECTORY)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${FERRY_PLUGIN_OUTPUT_DIRECTORY})
  endif()
  target_link_options(${name} PRIVATE -Wl,--no-undefined)
  if(FERRY_SANITIZE AND CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    # clang links the sanitizer (and libFuzzer) runtimes into executables only, so a sanitized
    # module has undefined references the host resolves at load time: lift --no-undefined
    # (the last -z wins) for such builds only.
    target_link_options(${name} PRIVATE -Wl,-z,undefs)
  endif()
  # Always lib/ferry (not a multiarch libdir): the host looks in ../lib/ferry beside its binary.
  if(NOT FP_NO_INSTALL AND NOT FERRY_PLUGIN_NO_INSTALL)
    install(TARGETS ${name} LIBRARY DESTINATION ${FERRY_PLUGIN_INSTALL_DIR})
  endif()
endfunction()

# ferry_add_conformance_test(PLUGIN SOURCES ... [LIBRARIES ...] [TEST_PROPERTIES ...])
#
# A Catch2 test program PLUGIN-conformance for the SDK's conformance kit
# (ferry/sdk/testing/conformance.hpp), built from SOURCES (the harness), given the built
# plugin's path as FERRY_PLUGIN_FILE, registered with CTest one check per test. LIBRARIES are
# linked into the test program only: what the harness needs to set up a target (an emulator,
# a JSON reader), not what the plugin links (ferry_add_plugin's LIBRARIES). TEST_PROPERTIES
# are set on every check's test (e.g. ENVIRONMENT for a sanitizer's options).
function(ferry_add_conformance_test plugin)
  cmake_parse_arguments(PARSE_ARGV 1 FC "" "" "SOURCES;LIBRARIES;TEST_PROPERTIES")
  find_package(Catch2 REQUIRED)
  include(Catch)
  set(test ${plugin}-conformance)
  # One Catch2 main per build tree: it is the slowest file to compile.
  if(TARGET ferry_catch_main)
    set(main ferry_catch_main)
  else()
    if(NOT TARGET ferry_conformance_main)
      file(CONFIGURE OUTPUT ${CMAKE_BINARY_DIR}/ferry_conformance_main.cpp
           CONTENT "#define CATCH_CONFIG_MAIN\n#include <catch2/catch.hpp>\n")
      add_library(ferry_conformance_main STATIC ${CMAKE_BINARY_DIR}/ferry_conformance_main.cpp)
      target_link_libraries(ferry_conformance_main PUBLIC Catch2::Catch2)
    endif()
    set(main ferry_conformance_main)
  endif()
  add_executable(${test} ${FC_SOURCES})
  target_link_libraries(${test} PRIVATE Ferry::sdk Catch2::Catch2 ${main} ${CMAKE_DL_LIBS}
                                        ${FC_LIBRARIES})
  target_compile_definitions(${test} PRIVATE FERRY_PLUGIN_FILE="$<TARGET_FILE:${plugin}>")
  add_dependencies(${test} ${plugin})
  # -w NoTests: a check name CTest mangles must fail, not pass having run nothing.
  if(FC_TEST_PROPERTIES)
    catch_discover_tests(${test} EXTRA_ARGS -w NoTests PROPERTIES ${FC_TEST_PROPERTIES})
  else()
    catch_discover_tests(${test} EXTRA_ARGS -w NoTests)
  endif()
endfunction()
