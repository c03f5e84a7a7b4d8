// `${env:NAME}` and `${file:PATH}` in pipeline values: secrets stay out of pipeline files.
#pragma once

#include <string>

#include "ferry/sdk/problem.hpp"

namespace ferry {

// Replaces every `${env:NAME}` and `${file:PATH}` in `text`. A file must not be readable by
// group or others; its trailing newline is dropped. Problems never quote the secret itself.
sdk::Result<std::string> substitute_references(const std::string& text);

bool has_references(const std::string& text);

}  // namespace ferry
