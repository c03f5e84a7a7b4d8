#include "reports/reports.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "engine/decide.hpp"
#include "ledger/ledger_record.hpp"

namespace ferry {

namespace {

// Skipped because the source declared it out of scope, not by a person.
bool skipped_by_source(const sdk::LedgerRecord& record) {
    if (record.state != sdk::State::skipped)
        return false;
    auto skip = std::find_if(
        record.history.rbegin(), record.history.rend(),
        [](const sdk::HistoryEntry& entry) { return entry.state == sdk::State::skipped; });
    return skip != record.history.rend() && !skip->code.empty() &&
           skip->code != sdk::skipped_by_hand_code;
}

struct Amounts {
    sdk::Decimal net, vat, gross;
};

void add(DocumentTotals& totals, sdk::DocumentKind kind, const Amounts& amounts) {
    ++totals.count;
    bool credit = kind == sdk::DocumentKind::credit_note;
    totals.net += credit ? -amounts.net : amounts.net;
    totals.vat += credit ? -amounts.vat : amounts.vat;
    totals.gross += credit ? -amounts.gross : amounts.gross;
}

std::string amount_differences(const Amounts& source, const Amounts& target,
                               sdk::Decimal tolerance) {
    std::string text;
    auto compare = [&](const char* name, sdk::Decimal ours, sdk::Decimal theirs) {
        if ((ours - theirs).abs() > tolerance)
            text += fmt::format("{}{} {} in the source, {} in the target", text.empty() ? "" : "; ",
                                name, ours.to_string(), theirs.to_string());
    };
    compare("net", source.net, target.net);
    compare("VAT", source.vat, target.vat);
    compare("gross", source.gross, target.gross);
    return text;
}

const sdk::Decimal one_cent = sdk::Decimal::from_units(10'000);

// The documents both sides hold, as the source and as the target has them.
struct ComparedSums {
    DocumentTotals source, target;
};

Amounts amounts_of(const DocumentTotals& totals) {
    return {totals.net, totals.vat, totals.gross};
}

std::optional<Amounts> amounts_of(const std::optional<sdk::Decimal>& net,
                                  const std::optional<sdk::Decimal>& vat,
                                  const std::optional<sdk::Decimal>& gross) {
    if (!net || !gross)
        return std::nullopt;
    return Amounts{*net, vat.value_or(sdk::Decimal()), *gross};
}

// A report is made now: a document the source cannot read now is unreadable in it.
sdk::Result<sdk::Document> read_now(sdk::Source& source, const sdk::DocumentRef& ref) {
    sdk::ReadOutcome read = source.read(ref);
    if (read.status != sdk::ReadOutcome::Status::read)
        return read.problem;
    return std::move(read.document);
}

}  // namespace

GapReport gap_report(const PipelineParts& parts) {
    GapReport report;
    const sdk::NumberSeriesRule* rule = parts.source->number_series();
    if (!rule) {
        report.source_declares_series = false;
        return report;
    }
    sdk::Listing listing = sdk::list_all(*parts.source);
    report.problems = listing.problems;
    std::vector<KnownNumber> known;
    for (const sdk::DocumentRef& ref : listing.documents)
        known.push_back({ref.key, !ref.skip.has_value()});
    parts.store->scan([&](const sdk::LedgerRecord& record) {
        known.push_back({record.key, !skipped_by_source(record)});
        return true;
    });
    report.series = find_number_gaps(*rule, known);
    return report;
}

Reconciliation reconcile(const PipelineParts& parts, sdk::Date from, sdk::Date to) {
    Reconciliation report{from, to, {}, {}, 0};
    std::map<std::string, CompanyReconciliation> companies;
    auto company = [&](const std::string& cvr) -> CompanyReconciliation& {
        auto& entry = companies[cvr];
        entry.company = cvr;
        return entry;
    };

    sdk::Listing listing = sdk::list_all(*parts.source);
    report.problems = listing.problems;
    std::set<sdk::DocumentKey> listed;
    for (const sdk::DocumentRef& ref : listing.documents)
        listed.insert(ref.key);

    // What the target holds under this pipeline's references, by document key.
    const std::string prefix = target_reference_prefix(parts.name);
    std::map<sdk::DocumentKey, sdk::HeldDocument> held;
    bool held_known = false;
    auto held_list = parts.sink->held(prefix, from, to);
    if (held_list) {
        held_known = true;
        for (sdk::HeldDocument& document : held_list.value()) {
            if (auto key = sdk::DocumentKey::parse(document.reference.substr(prefix.size())))
                held.emplace(*key, std::move(document));
        }
    } else {
        report.problems.push_back(held_list.problem());
    }

    // Per company and period ("YYYY-MM", or the whole report's): source and target sums.
    const std::string whole_period = from.to_string() + " to " + to.to_string();
    std::map<std::string, std::map<std::string, ComparedSums>> compared;

    const auto earliest_file = sdk::Date::from_sys_days(from.sys_days() - std::chrono::days(31));
    std::set<sdk::DocumentKey> seen_in_source;
    for (const sdk::DocumentRef& ref : listing.documents) {
        // Master data and figures carry no amounts to compare: the transfer view is of the
        // documents that are booked, not the customers they are booked on.
        if (ref.date < earliest_file || follows_its_source(ref.key.kind))
            continue;
        if (ref.skip) {
            if (ref.date >= from && ref.date <= to)
                ++report.skipped;
            continue;
        }
        auto record = parts.store->find(ref.key);
        sdk::Result<sdk::Document> document = read_now(*parts.source, ref);
        if (!document) {
            seen_in_source.insert(ref.key);  // issue date unknown: reported as unreadable only
            if (ref.date >= from && ref.date <= to)
                company(ref.key.company)
                    .unreadable.push_back({ref.key.str(), document.problem().code + ": " +
                                                              document.problem().message});
            continue;
        }
        const sdk::Document& read = document.value();
        if (read.issue_date < from || read.issue_date > to)
            continue;
        seen_in_source.insert(ref.key);
        if (record && record->state == sdk::State::skipped) {
            ++report.skipped;
            continue;
        }
        CompanyReconciliation& entry = company(ref.key.company);
        Amounts source{read.totals.net, read.totals.vat, read.totals.gross};
        add(entry.source, ref.key.kind, source);
        DocumentPair& pair = entry.documents.emplace_back();
        pair.document = ref.key.str();
        pair.date = read.issue_date;
        pair.currency = read.currency;
        pair.source_gross = read.totals.gross;
        pair.state = record ? std::string(sdk::to_string(record->state)) : "not in the ledger";

        std::optional<Amounts> target;
        std::string target_date;
        if (auto it = held.find(ref.key); it != held.end()) {
            target = amounts_of(it->second.net, it->second.vat, it->second.gross);
            target_date = it->second.date.to_string();
            pair.target = it->second.target;
            pair.target_gross = it->second.gross;
            if (!target) {
                ++entry.target.count;
                continue;
            }
        } else {
            sdk::Found found;
            try {
                found = parts.sink->find(ref, target_reference(parts.name, ref.key));
            } catch (const sdk::Error& e) {
                report.problems.push_back({e.code(), e.what()});
                continue;
            }
            const bool delivered = record && record->state == sdk::State::delivered;
            // A delivery may end at a draft (a sink told to leave it for review): then the
            // draft is what the target should hold.
            const bool held_as_delivered =
                found.status == sdk::Found::Status::delivered ||
                (delivered && found.status == sdk::Found::Status::incomplete);
            pair.target = found.target;
            if (!held_as_delivered) {
                pair.differs = true;
                std::string state = pair.state;
                if (record && !record->error_code.empty())
                    state += " (" + record->error_code + ")";
                if (delivered)
                    entry.missing_on_target.push_back(
                        {ref.key.str(),
                         (record->target.empty()
                              ? std::string("delivered")
                              : "delivered (" + describe_target(record->target) + ")") +
                             " but the target no longer holds it: deleted there by hand?",
                         true});
                else
                    entry.missing_on_target.push_back(
                        {ref.key.str(), found.status == sdk::Found::Status::incomplete
                                            ? "only a draft on the target; ledger: " + state
                                            : "not on the target; ledger: " + state});
                continue;
            }
            target = amounts_of(found.net, found.vat, found.gross);
            pair.target_gross = found.gross;
            if (held_known)
                target_date = "outside the period";
            if (!target) {
                ++entry.target.count;
                continue;
            }
        }
        add(entry.target, ref.key.kind, *target);
        for (const std::string& period :
             {whole_period,
              fmt::format("{:04}-{:02}", read.issue_date.year, read.issue_date.month)}) {
            ComparedSums& sums = compared[ref.key.company][period];
            add(sums.source, ref.key.kind, source);
            add(sums.target, ref.key.kind, *target);
        }
        std::string differences = amount_differences(source, *target, one_cent);
        if (!target_date.empty() && target_date != read.issue_date.to_string())
            differences += fmt::format("{}issued {} in the source, dated {} in the target",
                                       differences.empty() ? "" : "; ", read.issue_date.to_string(),
                                       target_date);
        if (!differences.empty()) {
            pair.differs = true;
            entry.differences.push_back({ref.key.str(), differences});
        }
    }

    for (const auto& [key, document] : held) {
        if (seen_in_source.count(key))
            continue;
        CompanyReconciliation& entry = company(key.company);
        auto amounts = amounts_of(document.net, document.vat, document.gross);
        if (amounts)
            add(entry.target, key.kind, *amounts);
        else
            ++entry.target.count;
        DocumentPair& pair = entry.documents.emplace_back();
        pair.document = key.str();
        pair.date = document.date;
        pair.target_gross = document.gross;
        pair.target = document.target;
        pair.differs = true;
        auto record = parts.store->find(key);
        pair.state = record ? std::string(sdk::to_string(record->state)) : "not in the ledger";
        auto booked_ref = document.target.find(sdk::target_key::booked);
        std::string booked = booked_ref != document.target.end()
                                 ? "booked as " + booked_ref->second
                                 : std::string("held by the target");
        entry.missing_in_source.push_back(
            {key.str(), listed.count(key) ? booked + " dated " + document.date.to_string() +
                                                "; the source dates it outside the period"
                                          : booked + " dated " + document.date.to_string() +
                                                "; the source does not list it"});
    }
    for (auto& [cvr, entry] : companies) {
        const auto& periods = compared[cvr];
        for (const auto& [period, sums] : periods) {
            if (period != whole_period && periods.size() <= 2)
                continue;  // a single month says what the whole period says
            std::string differences =
                amount_differences(amounts_of(sums.source), amounts_of(sums.target), {});
            if (!differences.empty())
                entry.total_differences.push_back(
                    {period, fmt::format("{} over {} document(s) both hold", differences,
                                         sums.source.count)});
        }
        report.companies.push_back(std::move(entry));
    }
    return report;
}

}  // namespace ferry
