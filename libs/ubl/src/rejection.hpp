// How the mapping and the checks abandon a document: thrown inside the parser only, turned
// into a Problem at its boundary.
#pragma once

#include <string>

namespace ferry::ubl {

struct Rejection {
    std::string code;     // stable reason code, documented in the README
    std::string path;     // element path, e.g. "Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount"
    std::string message;  // what is wrong and what to do; never document content
    bool remedy = false;  // the message ends with what the source's Profile says to do
};

}  // namespace ferry::ubl
