// The checks an accountant would make before booking a mapped document.
#pragma once

#include <vector>

#include "ferry/sdk/problem.hpp"
#include "oioubl_mapped.hpp"

namespace ferry::novax {

// Throws Rejection for anything that would book a wrong amount or on the wrong company;
// appends to `warnings` what is irregular but books right.
void check_document(const MappedDocument& mapped, std::vector<sdk::Problem>& warnings);

}  // namespace ferry::novax
