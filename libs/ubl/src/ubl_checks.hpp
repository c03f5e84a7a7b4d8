// The checks an accountant would make before booking a mapped document.
#pragma once

#include <vector>

#include "ferry/sdk/problem.hpp"
#include "ubl_mapped.hpp"

namespace ferry::ubl {

// Throws Rejection for anything that would book a wrong amount or on the wrong company;
// appends to `warnings` what is irregular but books right. `key_expected`: the document's key
// came from outside it (a file name), so the supplier must state that company.
void check_document(const MappedDocument& mapped, bool key_expected,
                    std::vector<sdk::Problem>& warnings);

}  // namespace ferry::ubl
