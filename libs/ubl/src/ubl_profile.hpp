// How one source speaks of what the UBL library finds: the prefixes of its problem codes, the
// format's name in messages, what the reader is told to do about a document that cannot be
// used, and which formats it reads. The library's rules are the same for every source; only
// these words differ, so each plugin's README documents its own codes.
#pragma once

#include <string>
#include <string_view>

namespace ferry::ubl {

struct Profile {
    // "<document_codes>.totals.payable": what is wrong inside a document.
    std::string document_codes = "ubl";
    // "<source_codes>.file.too_large", "<source_codes>.number_mismatch": the file, or the
    // document against what the source expected of it.
    std::string source_codes = "ubl";
    std::string format = "UBL";  // "has a <!DOCTYPE> declaration, which UBL never uses"
    std::string remedy = "have the issuing system send a corrected document";
    // OIOUBL 2.x (OIOUBL-2.01, 2.02, 2.1) besides the EN 16931 formats (OIOUBL 3, Peppol BIS 3).
    bool reads_oioubl2 = true;

    // The code a source shows for one of the library's own: "totals.payable" is a document's,
    // "source.file.too_large" and "expected.number_mismatch" are the source's.
    std::string code(std::string_view internal) const {
        for (std::string_view scope : {"source.", "expected."})
            if (internal.starts_with(scope))
                return source_codes + "." + std::string(internal.substr(scope.size()));
        return document_codes + "." + std::string(internal);
    }
};

}  // namespace ferry::ubl
