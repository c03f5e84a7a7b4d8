// `ferry plan PIPELINE`: what the next pass would do with each document, changing nothing.
#pragma once

#include <cstddef>
#include <string>

#include "config/global_options.hpp"

namespace ferry {

// `limit`: plan at most this many of the documents the pass would deliver (0: all).
int plan_command(const GlobalOptions& options, const std::string& pipeline, bool json,
                 std::size_t limit);

}  // namespace ferry
