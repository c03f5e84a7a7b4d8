// `ferry report gaps|reconcile`: the reports as text for people or JSON for programs.
#pragma once

#include <string>

#include "config/global_options.hpp"

namespace ferry {

// Exit 0 when the report is complete (holes and differences are findings, not failures),
// 1 when something it needs could not be read, 2 for a bad pipeline file or period.
int gaps_command(const GlobalOptions& options, const std::string& pipeline, bool json);
// With `documents`, the text lists each document beside what the target holds for it (the JSON
// always does).
int reconcile_command(const GlobalOptions& options, const std::string& pipeline,
                      const std::string& from, const std::string& to, bool json, bool documents);

}  // namespace ferry
