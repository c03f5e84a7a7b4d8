#include "engine/runner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <set>
#include <thread>

#include "engine/company_lanes.hpp"
#include "engine/decide.hpp"
#include "ledger/ledger_record.hpp"

namespace ferry {
using sdk::LogLevel;
using sdk::State;

Runner::Runner(PipelineParts parts, sdk::HostServices& host)
    : parts_(std::move(parts)), host_(host) {}

// Decides on each document as the source lists it and keeps only those the pass acts on,
// plus the listed documents a crash left in `intent`: an idle pass over years of delivered
// files holds none of them.
class Runner::Triage : public sdk::ListingVisitor {
  public:
    Triage(Runner& runner, const std::vector<sdk::LedgerRecord>& intents, PassSummary& summary)
        : runner_(runner), now_(runner.host_.now()), summary_(summary) {
        for (const sdk::LedgerRecord& record : intents)
            intents_.insert(record.key);
    }

    void document(sdk::DocumentRef ref) override {
        ++summary_.listed;
        if (intents_.contains(ref.key) ||
            decide(runner_.parts_.store->find_brief(ref.key), ref, now_) != Decision::leave)
            to_process.push_back(std::move(ref));
    }
    void problem(sdk::Problem problem) override {
        runner_.host_.log(LogLevel::error, "source.problem", problem.code + ": " + problem.message);
        summary_.source_problems.push_back(std::move(problem));
    }
    void ignored(std::size_t count) override { summary_.ignored += count; }

    std::vector<sdk::DocumentRef> to_process;

  private:
    Runner& runner_;
    sdk::TimePoint now_;
    PassSummary& summary_;
    std::set<sdk::DocumentKey> intents_;
};

std::string counted_text(const std::map<std::string, double>& counted) {
    std::string text;
    for (const auto& [name, amount] : counted) {
        // Counts print whole; seconds and other sums to a tenth.
        std::string figure = amount == std::floor(amount) && std::abs(amount) < 1e15
                                 ? fmt::format("{}", static_cast<long long>(amount))
                                 : fmt::format("{:.1f}", amount);
        text += fmt::format("{}{} {}", text.empty() ? "" : ", ", name, figure);
    }
    return text;
}

PassSummary Runner::run_pass() {
    const auto started = std::chrono::steady_clock::now();
    PassSummary summary;
    done_ = 0;
    host_.log(LogLevel::info, "pass.start", "listing documents");
    std::vector<sdk::LedgerRecord> intents;
    parts_.store->scan_state(State::intent, [&](const sdk::LedgerRecord& record) {
        intents.push_back(record);
        return true;
    });
    Triage triage(*this, intents, summary);
    parts_.source->list(triage);
    std::vector<sdk::DocumentRef>& documents = triage.to_process;

    recover_intents(intents, documents, summary);

    std::sort(documents.begin(), documents.end(), delivery_order);
    // The master data delivery_order puts first is delivered whole before the rest begins.
    auto others = std::partition_point(
        documents.begin(), documents.end(),
        [](const sdk::DocumentRef& ref) { return follows_its_source(ref.key.kind); });
    std::vector<sdk::DocumentRef> first_wave(std::make_move_iterator(documents.begin()),
                                             std::make_move_iterator(others));
    documents.erase(documents.begin(), others);
    deliver_all(first_wave, first_wave.size() + documents.size(), summary);
    if (!summary.stopped)
        deliver_all(documents, first_wave.size() + documents.size(), summary);
    summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    host_.log(LogLevel::info, "pass.end",
              fmt::format("listed {}, delivered {}, rejected {}, retry later {}, skipped {}, "
                          "recovered {}, unresolved {}, ignored files {}, in {:.1f} s",
                          summary.listed, summary.delivered, summary.rejected, summary.retry_later,
                          summary.skipped, summary.recovered, summary.unresolved, summary.ignored,
                          summary.seconds));
    return summary;
}

// Each document still goes intent → read → deliver → record on its own; what runs at once are
// different documents, so a crash leaves at most those in flight in `intent`.
void Runner::deliver_all(const std::vector<sdk::DocumentRef>& documents, std::size_t pass_total,
                         PassSummary& summary) {
    CompanyLanes lanes(documents, parts_.in_flight);
    std::exception_ptr failure;
    auto work = [&] {
        while (const sdk::DocumentRef* ref = lanes.take()) {
            if (host_.stop_requested()) {
                std::lock_guard lock(ledger_);
                summary.stopped = true;
                lanes.close();
                break;
            }
            try {
                process(*ref, summary);
            } catch (...) {
                std::lock_guard lock(ledger_);
                if (!failure)
                    failure = std::current_exception();
                lanes.close();
                break;
            }
            lanes.done(*ref);
            std::lock_guard lock(ledger_);
            if (progress_)
                progress_(++done_, pass_total);
        }
    };
    std::size_t workers = parts_.concurrent_deliveries
                              ? std::min(documents.size(), parts_.in_flight * lanes.companies())
                              : 1;
    std::vector<std::jthread> threads;
    for (std::size_t i = 1; i < workers; ++i)
        threads.emplace_back(work);
    work();
    threads.clear();  // joins
    if (failure)
        std::rethrow_exception(failure);
}

void Runner::save(const sdk::LedgerRecord& record) {
    std::lock_guard lock(ledger_);
    parts_.store->save(record);
}

void Runner::save_counted(const sdk::LedgerRecord& record, std::size_t& count) {
    std::lock_guard lock(ledger_);
    parts_.store->save(record);
    ++count;
}

// Documents left in `intent` by a crash may or may not have reached the target. Ask it before
// anything else is sent, so nothing is booked twice.
void Runner::recover_intents(std::vector<sdk::LedgerRecord>& intents,
                             const std::vector<sdk::DocumentRef>& documents, PassSummary& summary) {
    if (intents.empty())
        return;
    // The listed documents among them.
    std::map<sdk::DocumentKey, const sdk::DocumentRef*> listed;
    for (const sdk::LedgerRecord& record : intents)
        listed.emplace(record.key, nullptr);
    for (const sdk::DocumentRef& ref : documents)
        if (auto it = listed.find(ref.key); it != listed.end())
            it->second = &ref;
    for (sdk::LedgerRecord& record : intents) {
        const sdk::DocumentRef* listed_ref = listed.at(record.key);
        sdk::DocumentRef ref =
            listed_ref
                ? *listed_ref
                : sdk::DocumentRef{
                      record.key, record.date.value_or(sdk::Date{}), record.fingerprint, {}, {}};
        // An interrupted update: the target holds the document under its reference, but maybe
        // the version before. Its answer cannot tell, so the update is delivered again, which
        // a sink's delivery under the same reference makes idempotent.
        if (follows_its_source(record.key.kind) && was_delivered(record)) {
            record.next_attempt = host_.now();
            transition(record, State::seen, host_.now(),
                       "recovered: an interrupted update; will deliver it again");
            parts_.store->save(record);
            ++summary.recovered;
            continue;
        }
        sdk::Found found;
        try {
            found = parts_.sink->find(ref, target_reference(parts_.name, record.key));
        } catch (const sdk::Error& e) {
            ++summary.unresolved;
            host_.log(LogLevel::error, record.key, "recovery.failed",
                      "cannot ask the target what it holds; left in intent: " + e.code() + ": " +
                          e.what());
            continue;
        }
        auto now = host_.now();
        for (const auto& [name, value] : found.target)
            record.target[name] = value;
        switch (found.status) {
            case sdk::Found::Status::delivered:
                record.error_code.clear(), record.error_text.clear();
                transition(record, State::delivered, now,
                           "recovered: the target already holds it (" +
                               describe_target(found.target) + ")");
                ++summary.delivered;
                host_.log(LogLevel::info, record.key, "document.recovered",
                          describe_target(found.target));
                break;
            case sdk::Found::Status::incomplete:
            case sdk::Found::Status::absent:
                record.next_attempt = now;
                transition(record, State::seen, now,
                           found.status == sdk::Found::Status::absent
                               ? "recovered: not on the target; will deliver again"
                               : "recovered: unfinished on the target (" +
                                     describe_target(found.target) + "); will complete it");
                break;
        }
        parts_.store->save(record);
        ++summary.recovered;
    }
}

void Runner::process(const sdk::DocumentRef& ref, PassSummary& summary) {
    std::optional<sdk::LedgerRecord> existing;
    {
        std::lock_guard lock(ledger_);
        existing = parts_.store->find(ref.key);
    }
    auto now = host_.now();
    switch (decide(existing ? std::optional(sdk::brief_of(*existing)) : std::nullopt, ref, now)) {
        case Decision::leave:
            return;
        case Decision::skip: {
            sdk::LedgerRecord record = new_record(ref, now);
            transition(record, State::skipped, now, ref.skip->message, ref.skip->code);
            save_counted(record, summary.skipped);
            host_.log(LogLevel::info, ref.key, "document.skipped",
                      ref.skip->code + ": " + ref.skip->message);
            return;
        }
        case Decision::flag_changed: {
            sdk::LedgerRecord record = *existing;
            record.changed_fingerprint = ref.fingerprint;
            transition(record, State::delivered, now,
                       "the source re-issued this document after delivery; not delivered again, "
                       "check it by hand");
            save_counted(record, summary.changed_after_delivery);
            host_.log(LogLevel::warning, ref.key, "document.changed_after_delivery",
                      "re-issued after it was delivered; not delivered again; check it by hand");
            return;
        }
        case Decision::deliver:
        case Decision::update: {
            sdk::LedgerRecord record = existing ? *existing : new_record(ref, now);
            if (std::optional<sdk::Problem> refusal = kind_refusal(parts_.kinds, ref.key.kind)) {
                record.fingerprint = ref.fingerprint;
                record_rejection(record, *refusal, summary);
                return;
            }
            if (record.state == State::delivered)
                host_.log(LogLevel::info, ref.key, "document.update",
                          record.fingerprint.empty() && is_linked_by_hand(record)
                              ? "linked by hand with the source's data winning; delivered as "
                                "an update"
                              : "changed at the source after delivery; delivered again");
            deliver(record, ref, summary);
            return;
        }
    }
}

void Runner::deliver(sdk::LedgerRecord& record, const sdk::DocumentRef& ref, PassSummary& summary) {
    // The intent is durable before anything is read or sent: a crash from here on is
    // resolved by asking the sink, never by delivering blindly.
    const bool update = record.state == State::delivered;
    record.fingerprint = ref.fingerprint;
    record.attempts += 1;
    transition(record, State::intent, host_.now(),
               update ? fmt::format("attempt {}: an update, the source changed it after delivery",
                                    record.attempts)
                      : fmt::format("attempt {}", record.attempts));
    save(record);

    // The plugin guards turn whatever a plugin throws into an sdk::Error whose code and
    // filtered message are fit to record (plugin_boundary.hpp); a source that throws instead of
    // answering says nothing about the document.
    sdk::ReadOutcome read;
    try {
        std::lock_guard lock(source_);
        read = parts_.source->read(ref);
    } catch (const sdk::Error& e) {
        record_retry(record, e.problem(), std::nullopt, summary);
        return;
    }
    switch (read.status) {
        case sdk::ReadOutcome::Status::read:
            break;
        case sdk::ReadOutcome::Status::retry_later:
            record_retry(record, read.problem, read.retry_after, summary);
            return;
        case sdk::ReadOutcome::Status::rejected:
            record_rejection(record, read.problem, summary);
            return;
    }
    const sdk::Document& document = read.document;
    // The kind the source listed was checked; this is the kind it read.
    if (auto refusal = kind_refusal(parts_.kinds, document.key.kind)) {
        record_rejection(record, *refusal, summary);
        return;
    }
    record.date = document.issue_date;

    std::map<sdk::DocumentKey, sdk::TargetRefs> prerequisites;
    for (const sdk::DocumentKey& key : document.prerequisites) {
        std::optional<sdk::LedgerRecord> prerequisite;
        {
            std::lock_guard lock(ledger_);
            prerequisite = parts_.store->find(key);
        }
        if (std::optional<sdk::Problem> missing =
                unmet_prerequisite(parts_.name, key, prerequisite)) {
            record_wait(record, *missing, summary);
            return;
        }
        prerequisites.emplace(key, prerequisite->target);
    }

    sdk::DeliveryRequest request{document,
                                 target_reference(parts_.name, record.key),
                                 record.target,
                                 [&](const sdk::TargetRefs& progress) {
                                     for (const auto& [name, value] : progress)
                                         record.target[name] = value;
                                     record.updated = host_.now();
                                     save(record);
                                 },
                                 record.generation,
                                 std::move(prerequisites)};
    sdk::Delivery delivery;
    try {
        delivery = parts_.sink->deliver(request);
    } catch (const sdk::Error& e) {
        record_retry(record, e.problem(), std::nullopt, summary);
        return;
    }
    // Master data and figures carry no amounts: a customer is not booked at 0.00.
    if (!delivery.net && !follows_its_source(document.key.kind)) {
        const sdk::Totals& totals = document.totals;
        delivery.net = totals.net, delivery.vat = totals.vat, delivery.gross = totals.gross;
    }
    record_delivery(record, delivery, summary);
}

void Runner::record_delivery(sdk::LedgerRecord& record, const sdk::Delivery& delivery,
                             PassSummary& summary) {
    for (const auto& [name, value] : delivery.target)
        record.target[name] = value;
    switch (delivery.status) {
        case sdk::Delivery::Status::delivered:
            record.error_code.clear(), record.error_text.clear();
            record.net = delivery.net, record.vat = delivery.vat, record.gross = delivery.gross;
            transition(record, State::delivered, host_.now(), describe_target(delivery.target));
            save_counted(record, summary.delivered);
            host_.log(LogLevel::info, record.key, "document.delivered",
                      describe_target(record.target));
            return;
        case sdk::Delivery::Status::retry_later:
            record_retry(record, delivery.problem, delivery.retry_after, summary);
            return;
        case sdk::Delivery::Status::rejected:
            record_rejection(record, delivery.problem, summary);
            return;
    }
}

void Runner::record_retry(sdk::LedgerRecord& record, const sdk::Problem& problem,
                          std::optional<std::chrono::seconds> after, PassSummary& summary) {
    auto now = host_.now();
    record.error_code = problem.code, record.error_text = problem.message;
    record.next_attempt = now + after.value_or(retry_backoff(record.attempts));
    transition(record, State::retry_later, now, problem.code + ": " + problem.message,
               problem.code);
    save_counted(record, summary.retry_later);
    host_.log(LogLevel::warning, record.key, "document.retry_later",
              problem.code + ": " + problem.message);
}

// Waiting for a prerequisite is not a failed attempt: nothing was sent, and the next pass looks
// again without backing off, since a person may link the customer at any moment.
void Runner::record_wait(sdk::LedgerRecord& record, const sdk::Problem& problem,
                         PassSummary& summary) {
    record.attempts -= 1;
    record_retry(record, problem, std::chrono::seconds(0), summary);
}

void Runner::record_rejection(sdk::LedgerRecord& record, const sdk::Problem& problem,
                              PassSummary& summary) {
    record.error_code = problem.code, record.error_text = problem.message;
    transition(record, State::rejected, host_.now(), problem.code + ": " + problem.message,
               problem.code);
    save_counted(record, summary.rejected);
    host_.log(LogLevel::error, record.key, "document.rejected",
              problem.code + ": " + problem.message);
}

}  // namespace ferry
