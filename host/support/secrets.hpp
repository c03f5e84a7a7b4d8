// `${env:NAME}` and `${file:PATH}` in pipeline values: secrets stay out of pipeline files.
#pragma once

#include <string>

#include "ferry/sdk/problem.hpp"

namespace ferry {

// Replaces every `${env:NAME}` and `${file:PATH}` in `text`. A file must be a regular file of
// at most 64 KiB, owned by root or the user Ferry runs as, and not accessible by group or
// others; it is opened without blocking (a FIFO is refused, never waited on) and its trailing
// newline is dropped. Problems never quote the secret itself.
sdk::Result<std::string> substitute_references(const std::string& text);

bool has_references(const std::string& text);

}  // namespace ferry
