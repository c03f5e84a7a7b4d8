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

// Where a source reports its listing, one document at a time: a folder of years of documents
// is never held whole, because the host decides on each as it arrives and keeps only the few
// it acts on. Its methods may throw (the ledger failed); let that pass through list().
class BOOST_SYMBOL_VISIBLE ListingVisitor {
  public:
    virtual ~ListingVisitor() = default;
    virtual void document(DocumentRef ref) = 0;
    // e.g. a server that did not answer; list the others still.
    virtual void problem(Problem problem) = 0;
    // Entries that are not documents (other file names), counted for the pass's summary.
    virtual void ignored(std::size_t count) = 0;
};

// A listing held whole, for callers that want it so (reports, tests); see list_all().
struct Listing {
    std::vector<DocumentRef> documents;
    std::vector<Problem> problems;
    std::size_t ignored = 0;
};

class BOOST_SYMBOL_VISIBLE Source {
  public:
    virtual ~Source() = default;

    // Cheap: names, sizes and dates only; never opens a document to list it.
    virtual void list(ListingVisitor& out) = 0;

    // Pure: reading the same unchanged document twice gives the same Document. A document
    // that cannot be used is a Problem (with a stable code): the host quarantines it. A document
    // that cannot be read *now* (its server does not answer, the file is locked) throws
    // ferry::sdk::Error with a stable code: the host tries it again at a later pass.
    virtual Result<Document> read(const DocumentRef& ref) = 0;
};

inline Listing list_all(Source& source) {
    struct Collect : ListingVisitor {
        Listing listing;
        void document(DocumentRef ref) override { listing.documents.push_back(std::move(ref)); }
        void problem(Problem problem) override { listing.problems.push_back(std::move(problem)); }
        void ignored(std::size_t count) override { listing.ignored += count; }
    } collect;
    source.list(collect);
    return std::move(collect.listing);
}

}  // namespace ferry::sdk
