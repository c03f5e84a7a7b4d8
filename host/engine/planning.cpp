#include "engine/planning.hpp"

#include <algorithm>
#include <map>

#include "engine/decide.hpp"

namespace ferry {

namespace {

std::string why_delivered(const std::optional<sdk::LedgerBrief>& brief,
                          const sdk::DocumentRef& ref) {
    if (!brief || brief->state == sdk::State::seen)
        return "new";
    bool reissued = ref.fingerprint != brief->fingerprint;
    if (brief->state == sdk::State::delivered)
        return "changed at the source after delivery: delivered again as an update";
    if (brief->state == sdk::State::rejected)
        return "re-issued after it was rejected";
    return reissued ? "re-issued since its last attempt" : "due for another attempt";
}

// Decides on each document as the source lists it, keeping those the pass would deliver.
class Triage : public sdk::ListingVisitor {
  public:
    Triage(sdk::Store* store, sdk::TimePoint now, PassPlan& plan)
        : store_(store), now_(now), plan_(plan) {}

    void document(sdk::DocumentRef ref) override {
        ++plan_.listed;
        auto brief = store_ ? store_->find_brief(ref.key) : std::nullopt;
        if (brief && brief->state == sdk::State::intent) {
            ++plan_.unresolved;
            return;
        }
        switch (decide(brief, ref, now_)) {
            case Decision::deliver:
            case Decision::update: {
                std::string why = why_delivered(brief, ref);
                to_deliver.push_back({std::move(ref), std::move(why)});
                return;
            }
            case Decision::skip:
                ++plan_.skipped;
                return;
            case Decision::flag_changed:
                ++plan_.changed_after_delivery;
                return;
            case Decision::leave:
                ++plan_.unchanged;
                return;
        }
    }
    void problem(sdk::Problem problem) override {
        plan_.source_problems.push_back(std::move(problem));
    }
    void ignored(std::size_t count) override { plan_.ignored += count; }

    std::vector<std::pair<sdk::DocumentRef, std::string>> to_deliver;

  private:
    sdk::Store* store_;
    sdk::TimePoint now_;
    PassPlan& plan_;
};

// What this plan does with the documents before a later one, which may wait for them: the
// rejection's code, or "" for a delivery.
using PlannedBefore = std::map<sdk::DocumentKey, std::string>;

// Why the pass would hold `document` back for a prerequisite the target does not hold and the
// plan does not deliver before it.
std::optional<sdk::Problem> waits_for(const PipelineParts& parts, const sdk::Document& document,
                                      const PlannedBefore& planned_before) {
    for (const sdk::DocumentKey& key : document.prerequisites) {
        std::optional<sdk::LedgerRecord> record =
            parts.store ? parts.store->find(key) : std::nullopt;
        if (auto planned = planned_before.find(key); planned != planned_before.end()) {
            if (planned->second.empty())
                continue;
            // As the ledger will say once the pass has rejected it.
            record = record.value_or(sdk::LedgerRecord{});
            record->state = sdk::State::rejected, record->error_code = planned->second;
        }
        if (auto missing = unmet_prerequisite(parts.name, key, record))
            return missing;
    }
    return std::nullopt;
}

}  // namespace

std::size_t PassPlan::would_reject() const {
    return std::count_if(documents.begin(), documents.end(),
                         [](const PlannedDocument& d) { return d.plan.rejection.has_value(); });
}

std::map<std::string, std::size_t> PassPlan::step_counts() const {
    std::map<std::string, std::size_t> counts;
    for (const PlannedDocument& document : documents)
        for (const sdk::PlannedStep& step : document.plan.steps)
            ++counts[step.code];
    return counts;
}

PassPlan plan_pass(const PipelineParts& parts, sdk::HostServices& host, std::size_t limit) {
    PassPlan plan;
    Triage triage(parts.store.get(), host.now(), plan);
    parts.source->list(triage);
    auto& documents = triage.to_deliver;
    plan.to_deliver = documents.size();
    std::sort(documents.begin(), documents.end(),
              [](const auto& a, const auto& b) { return delivery_order(a.first, b.first); });
    PlannedBefore planned_before;

    for (const auto& [ref, why] : documents) {
        if (plan.documents.size() == limit)
            break;
        if (host.stop_requested()) {
            plan.failure = sdk::Problem{"plan.stopped", "stopped before the plan was complete"};
            break;
        }
        PlannedDocument planned{ref.key, ref.date, why, {}};
        if (auto refusal = kind_refusal(parts.kinds, ref.key.kind)) {
            planned.plan.rejection = std::move(refusal);
            plan.documents.push_back(std::move(planned));
            continue;
        }
        sdk::ReadOutcome read;
        try {
            read = parts.source->read(ref);
        } catch (const std::exception& e) {
            read = sdk::ReadOutcome::retry_later({"source.read_failed", e.what()});
        }
        if (read.status == sdk::ReadOutcome::Status::retry_later) {
            plan.failure = sdk::Problem{
                "plan.source_failed",
                "cannot read document " + ref.key.str() + " now: " + read.problem.code + ": " +
                    read.problem.message + "; check the source (`ferry check`), then plan again"};
            break;
        }
        if (read.status == sdk::ReadOutcome::Status::rejected) {
            planned.plan.rejection = read.problem;
            planned_before[planned.key] = read.problem.code;
            plan.documents.push_back(std::move(planned));
            continue;
        }
        if (auto refusal = kind_refusal(parts.kinds, read.document.key.kind)) {
            planned.plan.rejection = std::move(refusal);
            plan.documents.push_back(std::move(planned));
            continue;
        }
        planned.date = read.document.issue_date;
        if (auto waiting = waits_for(parts, read.document, planned_before)) {
            planned.plan.steps.push_back({waiting->code, waiting->message});
            plan.documents.push_back(std::move(planned));
            continue;
        }
        sdk::Result<sdk::Plan> sink_plan = sdk::Problem{};
        try {
            sink_plan = parts.sink->plan(read.document);
        } catch (const sdk::Error& e) {
            sink_plan = e.problem();
        }
        if (!sink_plan) {
            plan.failure = sink_plan.problem();
            break;
        }
        planned.plan = std::move(sink_plan.value());
        planned_before[planned.key] =
            planned.plan.rejection ? planned.plan.rejection->code : std::string();
        plan.documents.push_back(std::move(planned));
    }
    return plan;
}

}  // namespace ferry
