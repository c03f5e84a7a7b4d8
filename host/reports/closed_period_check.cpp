#include "reports/closed_period_check.hpp"

#include <fmt/format.h>

#include <map>

namespace ferry {

namespace {

constexpr std::size_t documents_named = 5;

struct Waiting {
    const sdk::DocumentRef* ref;
    sdk::Date date;
    bool listing_date;  // the source's date without reading it, not the document's own
};

// Waiting documents and the date each would be booked on, as far as the host can tell.
std::vector<Waiting> waiting_documents(const std::vector<sdk::DocumentRef>& listed,
                                       sdk::Store* ledger) {
    std::vector<Waiting> waiting;
    for (const sdk::DocumentRef& ref : listed) {
        if (ref.skip)
            continue;
        std::optional<sdk::LedgerBrief> brief = ledger ? ledger->find_brief(ref.key) : std::nullopt;
        if (brief && (brief->state == sdk::State::delivered ||
                      brief->state == sdk::State::rejected || brief->state == sdk::State::skipped))
            continue;
        // A document tried before was read, and its record holds its own date.
        if (brief && brief->state != sdk::State::seen)
            if (auto record = ledger->find(ref.key); record && record->date) {
                waiting.push_back({&ref, *record->date, false});
                continue;
            }
        waiting.push_back({&ref, ref.date, true});
    }
    return waiting;
}

std::string document_name(const sdk::DocumentRef& ref) {
    return std::string(sdk::to_string(ref.key.kind)) + " " + ref.key.number;
}

}  // namespace

std::size_t warn_closed_periods(std::ostream& out, const std::vector<sdk::DocumentRef>& listed,
                                sdk::Sink& sink, sdk::Store* ledger, const std::string& no_ledger) {
    sdk::Result<std::vector<sdk::ClosedPeriod>> closed = sink.closed_periods();
    if (!closed) {
        out << fmt::format(
            "  warning {}: cannot tell which waiting documents fall in closed "
            "periods: {}\n",
            closed.problem().code, closed.problem().message);
        return 1;
    }
    if (closed.value().empty())
        return 0;
    std::vector<Waiting> waiting = waiting_documents(listed, ledger);
    std::size_t warnings = 0;
    bool listing_dates = false;
    for (const sdk::ClosedPeriod& period : closed.value()) {
        std::vector<const Waiting*> inside;
        for (const Waiting& document : waiting)
            if (document.ref->key.company == period.company && period.from <= document.date &&
                document.date <= period.to)
                inside.push_back(&document);
        if (inside.empty())
            continue;
        std::string names;
        for (std::size_t i = 0; i < inside.size() && i < documents_named; ++i) {
            names += (i ? ", " : "") + document_name(*inside[i]->ref) + " (" +
                     inside[i]->date.to_string() + (inside[i]->listing_date ? "*" : "") + ")";
            listing_dates |= inside[i]->listing_date;
        }
        if (inside.size() > documents_named)
            names += fmt::format(" and {} more", inside.size() - documents_named);
        out << fmt::format(
            "  warning period.closed: company {}: {} waiting document(s) dated in {} ({}..{}), "
            "where the target books nothing: {}\n",
            period.company, inside.size(), period.name, period.from.to_string(),
            period.to.to_string(), names);
        ++warnings;
    }
    if (listing_dates)
        out << "  (* the date the source lists the document with, before reading it: for files, "
               "the file's date, which may differ from the date printed on the document)\n";
    if (warnings && !ledger)
        out << fmt::format("  (no ledger to read: {}; every listed document counted as waiting)\n",
                           no_ledger);
    if (warnings)
        out << "  a pass rejects them, or books them on another date where the sink is set to; "
               "see the sink's settings\n";
    return warnings;
}

}  // namespace ferry
