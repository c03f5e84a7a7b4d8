// A source lists the documents it can offer and reads one on demand.
#pragma once

#include <boost/config.hpp>
#include <optional>
#include <string>
#include <vector>

#include "ferry/sdk/document.hpp"
#include "ferry/sdk/problem.hpp"

namespace ferry::sdk {

struct DocumentRef {
    DocumentKey key;
    Date date;                // the date the source knows without reading (e.g. file date)
    std::string fingerprint;  // changes when the document is re-issued (name + size + mtime)
    std::string location;     // how the source finds it again; no personal data
    std::optional<std::string> skip_reason;  // e.g. "before first_date 2026-01-01"
};

struct Listing {
    std::vector<DocumentRef> documents;
    std::vector<Problem> problems;  // e.g. a server that did not answer; the rest still listed
    std::size_t ignored = 0;        // entries that are not documents (other file names)
};

class BOOST_SYMBOL_VISIBLE Source {
  public:
    virtual ~Source() = default;

    // Cheap: names, sizes and dates only; never opens a document to list it.
    virtual Listing list() = 0;

    // Pure: reading the same unchanged document twice gives the same Document. A document
    // that cannot be used is a Problem (with a stable code), never an exception.
    virtual Result<Document> read(const DocumentRef& ref) = 0;
};

}  // namespace ferry::sdk
