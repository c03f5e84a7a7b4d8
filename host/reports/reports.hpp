// `ferry report`: what a bookkeeper checks by hand, computed from the source, the ledger and
// the target. Reports read; they never deliver or change the ledger.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/runner.hpp"
#include "ferry/sdk/problem.hpp"
#include "reports/number_series.hpp"

namespace ferry {

struct GapReport {
    // False when the source declares no numbering (Source::number_series): no series to check.
    bool source_declares_series = true;
    std::vector<NumberSeries> series;
    std::vector<sdk::Problem> problems;  // e.g. a share that did not answer: gaps may be false
};

// Numbers are known when the source lists them or the ledger has them. Documents the source
// skips, and ledger records it skipped, do not start a series; those a person skipped do.
GapReport gap_report(const PipelineParts& parts);

struct DocumentTotals {
    std::size_t count = 0;
    sdk::Decimal net, vat, gross;  // credit notes subtract
};

// One line of a reconciliation: a document and what is wrong with it.
struct Finding {
    std::string document;  // its key, "11223344/invoice/A00095678"
    std::string detail;
    // Delivered, then gone from the target (a person deleted the draft): `ferry retry
    // --resend` delivers it again.
    bool resendable = false;
};

// One document beside what the target holds for it, as a transfer view lists them.
struct DocumentPair {
    std::string document;  // its key
    sdk::Date date;        // issued, as the source says; as the target holds it, when only it does
    std::string currency;  // as the source states it; empty when only the target holds it
    std::optional<sdk::Decimal> source_gross, target_gross;
    std::string state;       // the ledger's state, or "not in the ledger"
    sdk::TargetRefs target;  // the target's numbers; empty when it holds nothing
    bool differs = false;    // a finding names it
};

struct CompanyReconciliation {
    std::string company;
    DocumentTotals source, target;
    std::vector<DocumentPair> documents;  // in the source's order, then those only the target holds
    std::vector<Finding> differences;     // both sides hold it, amounts or dates differ
    std::vector<Finding> missing_on_target;  // the source lists it, the target has no booking
    std::vector<Finding> missing_in_source;  // booked under this pipeline, the source lacks it
    std::vector<Finding> unreadable;         // the source lists it but cannot read it
    // Sums over the documents both sides hold, for the whole period and each month in it, that
    // differ at all: what is declared is the total, which per-document tolerances can hide.
    std::vector<Finding> total_differences;
};

struct Reconciliation {
    sdk::Date from, to;
    std::vector<CompanyReconciliation> companies;
    std::vector<sdk::Problem> problems;  // what made the report incomplete
    std::size_t skipped = 0;             // in the period but skipped: not expected on the target
};

// Source side: documents issued from..to. Files dated more than a month before `from` are not
// read (a document is written when it is issued, or later when re-printed). Target side: what
// the sink holds for each, plus what it lists under this pipeline's references in the period.
Reconciliation reconcile(const PipelineParts& parts, sdk::Date from, sdk::Date to);

}  // namespace ferry
