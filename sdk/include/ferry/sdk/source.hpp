// A source lists the documents it can offer and reads one on demand.
#pragma once

#include <boost/config.hpp>
#include <chrono>
#include <cstdint>
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
    // Set when the document is out of the source's scope: the host records it as skipped, with
    // this code, and never reads it. E.g. {"acme.before_first_date", "before first_date
    // 2026-01-01"}.
    std::optional<Problem> skip;
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

// What Source::read made of a document: the document, or why not and whether to try again.
struct ReadOutcome {
    enum class Status { read, retry_later, rejected };
    Status status = Status::read;
    Document document;  // when read
    Problem problem;    // why, for retry_later and rejected
    // The earliest a retry_later is worth trying again; without it the host backs off.
    std::optional<std::chrono::seconds> retry_after;

    static ReadOutcome read(Document document) {
        ReadOutcome outcome;
        outcome.document = std::move(document);
        return outcome;
    }
    // Not the document's fault and not for good: its server does not answer, the file is locked
    // or still being written. The host tries again at a pass after `after`.
    static ReadOutcome retry_later(Problem problem,
                                   std::optional<std::chrono::seconds> after = {}) {
        ReadOutcome outcome;
        outcome.status = Status::retry_later, outcome.problem = std::move(problem);
        outcome.retry_after = after;
        return outcome;
    }
    // The document as it is cannot be used: the host quarantines it until the source re-issues
    // it (its fingerprint changes) or a person retries it.
    static ReadOutcome rejected(Problem problem) {
        ReadOutcome outcome;
        outcome.status = Status::rejected, outcome.problem = std::move(problem);
        return outcome;
    }
};

// Where a document's number stands in its issuer's numbering (see NumberSeriesRule).
struct SeriesPlace {
    std::string series;  // names one counter within the company, e.g. "A"; may be empty
    std::uint64_t position = 0;
};

// How a source's documents are numbered, for `ferry report gaps`: documents drawn from one
// counter form a series, and a value the counter skipped is a document that never reached the
// host. Only the source knows its issuer's numbering, so only it can say.
class BOOST_SYMBOL_VISIBLE NumberSeriesRule {
  public:
    virtual ~NumberSeriesRule() = default;
    // The series and position of a document's number; nullopt for a number in no series (left
    // out of the report). Documents of different kinds drawn from one counter share a series.
    virtual std::optional<SeriesPlace> place(const DocumentKey& key) const = 0;
    // The number the issuer gives `position` in the series of `example` (a number placed in
    // it), so a missing number is printed as the issuer would have printed it.
    virtual std::string number_at(const std::string& example, std::uint64_t position) const = 0;
};

// The host calls a source's methods one at a time, even while it delivers several documents at
// once: a source needs no locks of its own.
class BOOST_SYMBOL_VISIBLE Source {
  public:
    virtual ~Source() = default;

    // Cheap: names, sizes and dates only; never opens a document to list it.
    virtual void list(ListingVisitor& out) = 0;

    // Pure: reading the same unchanged document twice gives the same outcome. Never throws for
    // a document: what cannot be read now is ReadOutcome::retry_later, what cannot be used is
    // ReadOutcome::rejected, each with a stable code. A source that cannot tell whether a
    // failure is the document's says retry_later: a network blip must not quarantine anything.
    virtual ReadOutcome read(const DocumentRef& ref) = 0;

    // How the source's documents are numbered, when it knows; owned by the source and alive as
    // long as it is. Without one, `ferry report gaps` says the source declares no series.
    virtual const NumberSeriesRule* number_series() const { return nullptr; }
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
