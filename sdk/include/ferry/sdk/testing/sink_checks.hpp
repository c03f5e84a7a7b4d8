// Conformance checks for a sink: it is fed only the kinds it declares, deliver is idempotent under
// the same reference, find() answers after a crash (also one in the middle of a delivery), check()
// passes on a working target and fails on a broken one as `ferry check` calls it, deliveries
// at once are each booked once when the sink says it takes them, secrets and personal data stay
// out of output.
#pragma once

#include <catch2/catch.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "ferry/sdk/testing/output_check.hpp"
#include "ferry/sdk/testing/plugin_module.hpp"
#include "ferry/sdk/testing/recording_host.hpp"
#include "ferry/sdk/testing/samples.hpp"
#include "ferry/sdk/testing/settings_builder.hpp"

namespace ferry::sdk::testing {

// What a sink author provides. Each check constructs a fresh harness: a fresh, empty target.
class SinkHarness {
  public:
    virtual ~SinkHarness() = default;
    virtual std::filesystem::path plugin_file() const = 0;
    // Settings for a sink delivering to a working, empty target.
    virtual Settings settings(const SettingsTable& table) = 0;
    // The n-th document to deliver (n = 1, 2, ...): distinct keys, each deliverable, each of a
    // kind the sink accepts (the host delivers no other). A sink that does not accept invoices
    // overrides it, e.g. with sample_customer().
    virtual Document document(int n) { return sample_invoice(std::to_string(1000 + n)); }
    // How many documents the target holds now, finished or not: tells a duplicate from a retry.
    virtual std::size_t documents_on_target() = 0;
    // Settings for a target that cannot be used (a wrong token, a folder nobody may write), or
    // nullopt: then the check that check() reports it says it was not run.
    virtual std::optional<Settings> broken_settings(const SettingsTable&) { return std::nullopt; }
};

// Thrown from the progress callback: the host dying between two steps of a delivery.
struct SimulatedCrash {};

inline std::string describe(const TargetRefs& target) {
    std::string text = "{";
    for (const auto& [name, value] : target)
        text += (text.size() > 1 ? ", " : "") + name + "=" + value;
    return text + "}";
}

// Two answers about one document agree: not empty, and equal wherever both name a reference
// (a sink may name fewer references when it only looked one up).
inline void check_same_target(const TargetRefs& later, const TargetRefs& first) {
    INFO("first " << describe(first) << ", later " << describe(later));
    CHECK_FALSE(later.empty());
    for (const auto& [name, value] : later)
        if (first.count(name))
            CHECK(first.at(name) == value);
}

class SinkUnderTest {
  public:
    explicit SinkUnderTest(SinkHarness& harness)
        : descriptor_(load_plugin(harness.plugin_file(), PluginKind::sink)),
          settings_(harness.settings(descriptor_.settings())) {}

    // A new instance, as a restarted host would make it. `ferry check` and `ferry plan` make
    // theirs Access::read_only.
    std::unique_ptr<Sink> open(Access access = Access::read_write) {
        return descriptor_.create_sink({settings_, host_, "conformance", access});
    }
    // Delivers as the host's runner does: progress and the outcome go into `known`. With
    // crash_at_progress = n, the n-th progress report throws SimulatedCrash.
    Delivery deliver(Sink& sink, const Document& document, TargetRefs& known,
                     int crash_at_progress = 0) {
        INFO("the harness gave document " << document.key.str() << "; the sink accepts "
                                          << descriptor_.document_kinds.str());
        REQUIRE(descriptor_.document_kinds.contains(document.key.kind));
        int reports = 0;
        DeliveryRequest request{
            document, reference(document), known, [&](const TargetRefs& progress) {
                for (const auto& [name, value] : progress)
                    known[name] = value;
                output.add("target references reported to progress()", progress);
                if (++reports == crash_at_progress)
                    throw SimulatedCrash{};
            }};
        Delivery delivery = sink.deliver(request);
        output.add("a Delivery's target references", delivery.target);
        output.add("a Delivery's problem", delivery.problem);
        for (const auto& [name, value] : delivery.target)
            known[name] = value;
        return delivery;
    }
    static std::string reference(const Document& document) {
        return "ferry:conformance:" + document.key.str();
    }
    static DocumentRef ref_of(const Document& document) {
        return {document.key, document.issue_date, "conformance", document.key.number, {}};
    }
    std::vector<std::string> secrets() const {
        return secret_values(settings_, descriptor_.settings());
    }
    RecordingHost& host() { return host_; }
    const PluginDescriptor& descriptor() const { return descriptor_; }
    Output output;

  private:
    const PluginDescriptor& descriptor_;
    Settings settings_;
    RecordingHost host_;
};

// check() is called as `ferry check` calls it: on a sink made Access::read_only.
inline void sink_check_passes_on_a_working_target(SinkHarness& harness) {
    SinkUnderTest sink(harness);
    auto problems = sink.open(Access::read_only)->check();
    for (const auto& problem : problems)
        UNSCOPED_INFO(problem.code << ": " << problem.message);
    CHECK(problems.empty());
    CHECK(harness.documents_on_target() == 0);
}

// `ferry check` is how a clinic finds a wrong token before the first pass: check() must name
// what is wrong, as values with codes, without throwing and without printing secrets. It is
// called as `ferry check` calls it, on a sink made Access::read_only: one that tests whether it
// may write the target only when it was given write access says "usable" for a target the
// next pass cannot write.
inline void sink_check_reports_a_broken_target(SinkHarness& harness) {
    const PluginDescriptor& descriptor = load_plugin(harness.plugin_file(), PluginKind::sink);
    std::optional<Settings> settings = harness.broken_settings(descriptor.settings());
    if (!settings) {
        WARN("not run: the harness has no broken_settings()");
        return;
    }
    RecordingHost host;
    std::vector<Problem> problems;
    REQUIRE_NOTHROW(
        problems =
            descriptor.create_sink({*settings, host, "conformance", Access::read_only})->check());
    INFO(
        "check() on a sink made Access::read_only, as `ferry check` makes it, found no problem "
        "with broken_settings(): test what deliver() needs (writing too) whatever the access");
    REQUIRE_FALSE(problems.empty());
    Output output;
    for (const auto& problem : problems) {
        INFO(problem.code << ": " << problem.message);
        CHECK_FALSE(problem.code.empty());
        CHECK_FALSE(problem.message.empty());
        output.add("a check() problem", problem);
    }
    output.add(host);
    check_nothing_leaks(output, as_secrets(secret_values(*settings, descriptor.settings())));
}

// The descriptor accepts at least one kind, and the harness's documents are of accepted kinds
// with that kind's content: every other check feeds them, as the host would.
inline void sink_declares_the_kinds_it_is_fed(SinkHarness& harness) {
    SinkUnderTest sink(harness);
    DocumentKinds accepted = sink.descriptor().document_kinds;
    INFO("the descriptor accepts " << accepted.str());
    CHECK_FALSE(accepted.empty());
    for (int n = 1; n <= 2; ++n) {
        Document document = harness.document(n);
        INFO("harness document " << n << ": " << document.key.str());
        CHECK(accepted.contains(document.key.kind));
        CHECK(kind_content_fault(document) == "");
    }
}

inline void sink_delivers_once_under_the_same_reference(SinkHarness& harness) {
    SinkUnderTest sink(harness);
    Document document = harness.document(1);
    auto instance = sink.open();
    TargetRefs known;
    Delivery first = sink.deliver(*instance, document, known);
    INFO(first.problem.code << ": " << first.problem.message);
    REQUIRE(first.status == Delivery::Status::delivered);
    CHECK_FALSE(first.target.empty());
    CHECK(harness.documents_on_target() == 1);

    TargetRefs forgotten;  // a response lost before the ledger recorded anything
    Delivery again = sink.deliver(*instance, document, forgotten);
    REQUIRE(again.status == Delivery::Status::delivered);
    check_same_target(again.target, first.target);
    Delivery restarted = sink.deliver(*sink.open(), document, known);
    REQUIRE(restarted.status == Delivery::Status::delivered);
    check_same_target(restarted.target, first.target);
    CHECK(harness.documents_on_target() == 1);

    Delivery other = sink.deliver(*instance, harness.document(2), forgotten = {});
    CHECK(other.status == Delivery::Status::delivered);
    CHECK(harness.documents_on_target() == 2);
}

inline void sink_find_answers_after_a_crash(SinkHarness& harness) {
    SinkUnderTest sink(harness);
    Document delivered = harness.document(1), never = harness.document(2);
    TargetRefs known;
    Delivery delivery = sink.deliver(*sink.open(), delivered, known);
    REQUIRE(delivery.status == Delivery::Status::delivered);

    auto restarted = sink.open();
    Found found =
        restarted->find(SinkUnderTest::ref_of(delivered), SinkUnderTest::reference(delivered));
    CHECK(found.status == Found::Status::delivered);
    check_same_target(found.target, delivery.target);
    Found absent = restarted->find(SinkUnderTest::ref_of(never), SinkUnderTest::reference(never));
    CHECK(absent.status == Found::Status::absent);
    sink.output.add("Found's target references", found.target);
}

// A sink that says with_concurrent_deliveries() gets as many documents at once as the host's
// default in_flight: each delivered once, each found afterwards. One that does not say it is
// called one document at a time, and this check has nothing to try.
inline void sink_takes_concurrent_deliveries_when_it_says_so(SinkHarness& harness) {
    SinkUnderTest sink(harness);
    if (!sink.descriptor().concurrent_deliveries) {
        SUCCEED("the descriptor does not say with_concurrent_deliveries(): one at a time");
        return;
    }
    constexpr int at_once = 8;
    std::vector<Document> documents;
    for (int n = 1; n <= at_once; ++n)
        documents.push_back(harness.document(n));
    auto instance = sink.open();
    // Catch's macros are for one thread: the threads only deliver, the checks come after.
    std::vector<Delivery> deliveries(at_once);
    std::vector<std::string> thrown(at_once);
    {
        std::vector<std::jthread> threads;
        for (int i = 0; i < at_once; ++i)
            threads.emplace_back([&, i] {
                try {
                    DeliveryRequest request{documents[i],
                                            SinkUnderTest::reference(documents[i]),
                                            {},
                                            [](const TargetRefs&) {}};
                    deliveries[i] = instance->deliver(request);
                } catch (const Error& e) {
                    thrown[i] = e.code() + ": " + e.what();
                } catch (...) {
                    thrown[i] = "an exception that is not ferry::sdk::Error";
                }
            });
    }
    for (int i = 0; i < at_once; ++i) {
        INFO("document " << documents[i].key.str() << ": " << thrown[i] << " "
                         << deliveries[i].problem.code << ": " << deliveries[i].problem.message);
        REQUIRE(thrown[i].empty());
        CHECK(deliveries[i].status == Delivery::Status::delivered);
        Found found = instance->find(SinkUnderTest::ref_of(documents[i]),
                                     SinkUnderTest::reference(documents[i]));
        CHECK(found.status == Found::Status::delivered);
        sink.output.add("a Delivery's target references", deliveries[i].target);
    }
    CHECK(harness.documents_on_target() == static_cast<std::size_t>(at_once));
}

// The host dies at each progress report in turn (document n at the n-th): whatever the target
// then holds, find() must not call it absent, and delivering again with what the ledger
// recorded completes it with exactly one document on the target.
inline void sink_completes_a_delivery_cut_short(SinkHarness& harness) {
    SinkUnderTest sink(harness);
    for (int crash_at = 1; crash_at <= 10; ++crash_at) {
        Document document = harness.document(crash_at);
        std::size_t before = harness.documents_on_target();
        TargetRefs known;
        bool crashed = false;
        try {
            sink.deliver(*sink.open(), document, known, crash_at);
        } catch (const SimulatedCrash&) {
            crashed = true;
        }
        if (!crashed) {
            if (crash_at == 1)
                WARN("the sink reports no progress: a delivery has no steps to be cut between");
            CHECK(harness.documents_on_target() == before + 1);
            return;
        }
        INFO("crashed at progress report " << crash_at << ", the ledger held " << describe(known));
        auto restarted = sink.open();
        Found found =
            restarted->find(SinkUnderTest::ref_of(document), SinkUnderTest::reference(document));
        if (harness.documents_on_target() > before)
            CHECK(found.status != Found::Status::absent);
        for (const auto& [name, value] : found.target)
            known[name] = value;
        Delivery completed = sink.deliver(*restarted, document, known);
        INFO(completed.problem.code << ": " << completed.problem.message);
        REQUIRE(completed.status == Delivery::Status::delivered);
        CHECK(harness.documents_on_target() == before + 1);
        Found after =
            sink.open()->find(SinkUnderTest::ref_of(document), SinkUnderTest::reference(document));
        CHECK(after.status == Found::Status::delivered);
        check_same_target(after.target, completed.target);
    }
    WARN("only the first 10 progress reports were tried");
}

inline void sink_keeps_secrets_out_of_output(SinkHarness& harness) {
    SinkUnderTest sink(harness);
    auto instance = sink.open();
    sink.output.add("a check() problem", sink.open(Access::read_only)->check());
    for (int n = 1; n <= 2; ++n) {
        Document document = harness.document(n);
        TargetRefs known;
        sink.deliver(*instance, document, known);
        sink.output.add(
            "Found's target references",
            instance->find(SinkUnderTest::ref_of(document), SinkUnderTest::reference(document))
                .target);
    }
    sink.output.add(sink.host());
    check_nothing_leaks(sink.output, as_secrets(sink.secrets()));
}

// What a plan says of a document, as `ferry plan` shows it.
inline void add_plan(Output& output, const Result<Plan>& plan) {
    if (!plan.ok()) {
        output.add("plan()'s problem", plan.problem());
        return;
    }
    for (const PlannedStep& step : plan.value().steps)
        output.add("a Plan's step", step.code + " " + step.text);
    if (plan.value().rejection)
        output.add("a Plan's rejection", *plan.value().rejection);
}

// Delivers `document` with `writer` and collects every outcome: the Delivery (or what
// deliver() threw), and what find() and, from the read-only `reader`, plan() say of it after.
inline void deliver_and_collect(SinkUnderTest& sink, Sink& writer, Sink& reader,
                                const Document& document) {
    TargetRefs known;
    try {
        sink.deliver(writer, document, known);
    } catch (const Error& e) {
        sink.output.add("an Error deliver() threw", e.problem());
    }
    DocumentRef ref = SinkUnderTest::ref_of(document);
    std::string reference = SinkUnderTest::reference(document);
    try {
        sink.output.add("Found's target references", writer.find(ref, reference).target);
    } catch (const Error& e) {
        sink.output.add("an Error find() threw", e.problem());
    }
    try {
        add_plan(sink.output, reader.plan(document));
    } catch (const Error& e) {
        sink.output.add("an Error plan() threw", e.problem());
    }
}

// The documents carry markers for every personal string (names, addresses, contacts, e-mail,
// telephone, CPR numbers): none may reach an outcome (Delivery, Found, Plan, check()), a log
// line or a metric, on a working target or, with broken_settings(), on a broken one, where
// messages about a document are most tempted to quote it.
inline void sink_keeps_personal_data_out_of_output(SinkHarness& harness) {
    SinkUnderTest sink(harness);
    auto writer = sink.open();
    auto reader = sink.open(Access::read_only);
    std::vector<Forbidden> markers;
    for (int n = 1; n <= 2; ++n) {
        auto [document, personal] = with_personal_markers(harness.document(n), n);
        markers.insert(markers.end(), personal.begin(), personal.end());
        deliver_and_collect(sink, *writer, *reader, document);
    }
    sink.output.add("a check() problem", reader->check());
    const PluginDescriptor& descriptor = load_plugin(harness.plugin_file(), PluginKind::sink);
    if (std::optional<Settings> broken = harness.broken_settings(descriptor.settings())) {
        RecordingHost host;
        auto make = [&](Access access) {
            return descriptor.create_sink({*broken, host, "conformance", access});
        };
        auto [document, personal] = with_personal_markers(harness.document(3), 3);
        markers.insert(markers.end(), personal.begin(), personal.end());
        auto broken_writer = make(Access::read_write);
        deliver_and_collect(sink, *broken_writer, *make(Access::read_only), document);
        sink.output.add(host);
    }
    sink.output.add(sink.host());
    REQUIRE_FALSE(markers.empty());
    check_nothing_leaks(sink.output, markers);
}

}  // namespace ferry::sdk::testing
