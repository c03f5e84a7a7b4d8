# ferry_add_plugin(NAME KIND source|sink|store SOURCES ... [LIBRARIES ...] [NO_INSTALL])
#
# Builds one Ferry plugin as a shared library named exactly NAME.so (the host derives nothing
# from the file name, but people look for it), with hidden visibility so only the descriptor is
# exported, and --no-undefined so a missing symbol fails the build instead of the load.
function(ferry_add_plugin name)
  cmake_parse_arguments(PARSE_ARGV 1 FP "NO_INSTALL" "KIND" "SOURCES;LIBRARIES")
  if(NOT FP_KIND MATCHES "^(source|sink|store)$")
    message(FATAL_ERROR "ferry_add_plugin(${name}): KIND must be source, sink or store")
  endif()
  add_library(${name} MODULE ${FP_SOURCES})
  target_link_libraries(${name} PRIVATE Ferry::sdk ${FP_LIBRARIES})
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LIBRARY_OUTPUT_DIRECTORY ${FERRY_PLUGIN_OUTPUT_DIRECTORY})
  target_link_options(${name} PRIVATE -Wl,--no-undefined)
  if(FERRY_SANITIZE AND CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    # clang links the sanitizer (and libFuzzer) runtimes into executables only, so a sanitized
    # module has undefined references the host resolves at load time: lift --no-undefined
    # (the last -z wins) for such builds only.
    target_link_options(${name} PRIVATE -Wl,-z,undefs)
  endif()
  # Always lib/ferry (not a multiarch libdir): the host looks in ../lib/ferry beside its binary.
  if(NOT FP_NO_INSTALL)
    install(TARGETS ${name} LIBRARY DESTINATION lib/ferry)
  endif()
endfunction()
