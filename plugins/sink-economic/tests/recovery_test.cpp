// After a crash the host asks find() what e-conomic holds; nothing is ever created twice.
#include <catch2/catch.hpp>

#include "test_support.hpp"

using namespace ferry::testing;
using ferry::economic::EconomicSink;
using ferry::sdk::Delivery;
using ferry::sdk::DocumentRef;
using ferry::sdk::Found;

namespace {

DocumentRef ref_of(const ferry::sdk::Document& document) {
    return {document.key, document.issue_date, "fingerprint", "", {}};
}

}  // namespace

TEST_CASE("find tells absent from a draft left before booking and from a booking never recorded") {
    // e-conomic forgets Idempotency-Keys after a second here: recovery must not lean on them.
    EmulatorProcess emulator{{{clinic_grant, clinic_cvr}}, {"--idempotency-window", "1"}};
    TestHost host;
    auto settings = sink_settings(emulator.url(), {{clinic_cvr, clinic_grant, {}}});
    EconomicSink sink{settings, host};
    auto document = business_invoice("1042");

    CHECK(sink.find(ref_of(document), reference_of(document)).status == Found::Status::absent);

    // The crash between draft and booking: a sink that stops after the draft leaves one.
    EconomicSink drafting{
        sink_settings(emulator.url(), {{clinic_cvr, clinic_grant, {{"book", "false"}}}}), host};
    Ledger crashed;
    REQUIRE(crashed.deliver(drafting, document).status == Delivery::Status::delivered);
    std::string draft = crashed.known["draft"];

    Found found = sink.find(ref_of(document), reference_of(document));
    CHECK(found.status == Found::Status::incomplete);
    CHECK(found.target["draft"] == draft);

    // The runner merges what find() reported into the ledger and delivers again, later.
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    Ledger resumed;
    resumed.known = found.target;
    auto delivery = resumed.deliver(sink, document);
    REQUIRE(delivery.status == Delivery::Status::delivered);
    CHECK(delivery.target["draft"] == draft);
    auto state = emulator.state(clinic_grant);
    CHECK(state["drafts"].empty());
    REQUIRE(booked_with(state, reference_of(document)).size() == 1);
    CHECK(std::to_string(booked_with(state, reference_of(document))[0]["orderNumber"].get<int>()) ==
          draft);

    // The crash after booking, before the ledger recorded it.
    found = sink.find(ref_of(document), reference_of(document));
    CHECK(found.status == Found::Status::delivered);
    CHECK(found.target["booked"] == delivery.target["booked"]);
}

TEST_CASE("find for a company the sink does not know finds nothing") {
    EmulatorProcess emulator{{{clinic_grant, clinic_cvr}}};
    TestHost host;
    EconomicSink sink{sink_settings(emulator.url(), {{clinic_cvr, clinic_grant, {}}}), host};
    auto document = business_invoice("1");
    document.key.company = "99999999";
    CHECK(sink.find(ref_of(document), reference_of(document)).status == Found::Status::absent);
}
