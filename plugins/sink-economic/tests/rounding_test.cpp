// The amount booked is the amount the customer was asked to pay, to the øre, whichever way
// e-conomic rounds VAT: a few øre are corrected with a VAT-free rounding line, more reject.
#include <catch2/catch.hpp>

#include <memory>

#include "test_support.hpp"

using namespace ferry::testing;
using ferry::economic::EconomicSink;
using ferry::economic::Json;
using ferry::sdk::Delivery;

namespace {

// Three lines of 10.02 at 25 %: VAT rounded per line is 3 × 2.51 = 7.53, rounded once over the
// rate (as OIOUBL's subtotal does) it is 7.515 → 7.52, so the document asks for 37.58.
ferry::sdk::Document per_rate_rounded_invoice(const std::string& number) {
    auto document = business_invoice(number);
    document.lines = {line("A", "1", "10.02", "10.02"), line("B", "1", "10.02", "10.02"),
                      line("C", "1", "10.02", "10.02")};
    set_totals(document, "30.06", "7.52", "37.58");
    return document;
}

Json booked_invoice(EmulatorProcess& emulator, const std::string& number) {
    return emulator.get(clinic_grant, "/invoices/booked/" + number);
}

std::vector<Json> lines_of_product(const Json& invoice, const std::string& product) {
    std::vector<Json> found;
    for (const auto& line : invoice["lines"])
        if (line["product"]["productNumber"] == product)
            found.push_back(line);
    return found;
}

void require_delivered(const Delivery& delivery) {
    INFO(delivery.problem.code << ": " << delivery.problem.message);
    REQUIRE(delivery.status == Delivery::Status::delivered);
}

struct Fixture {
    EmulatorProcess emulator{{{clinic_grant, clinic_cvr}}};
    TestHost host;
    Json state() { return emulator.state(clinic_grant); }
    std::unique_ptr<EconomicSink> sink(const std::map<std::string, std::string>& defaults = {}) {
        return std::make_unique<EconomicSink>(
            sink_settings(emulator.url(), {{clinic_cvr, clinic_grant, defaults}}), host);
    }
};

}  // namespace

TEST_CASE_METHOD(Fixture, "a gross rounded per line is corrected to the document's payable") {
    auto document = per_rate_rounded_invoice("9001");
    auto economic = sink();
    auto delivery = Ledger{}.deliver(*economic, document);
    require_delivered(delivery);
    CHECK(delivery.gross == dec("37.58"));

    Json booked = booked_invoice(emulator, delivery.target.at("booked"));
    CHECK(amount(booked, "grossAmount") == dec("37.58"));
    auto rounding = lines_of_product(booked, "FERRY-AFRUNDING");
    REQUIRE(rounding.size() == 1);
    CHECK(amount(rounding[0], "unitNetPrice") == dec("-0.01"));
    CHECK(amount(rounding[0], "vatAmount").is_zero());
    Json product = emulator.get(clinic_grant, "/products/FERRY-AFRUNDING");
    CHECK(product["productGroup"]["productGroupNumber"] == 4);
    CHECK(host.logged("economic.rounding_line"));
    CHECK(delivery.target.at("rounding_line") == "-0.01");
    CHECK_THAT(host.all_messages(), Catch::Contains("rounding line of -0.01") &&
                                        Catch::Contains("37.59") && Catch::Contains("37.58"));
}

TEST_CASE_METHOD(Fixture, "a draft left with its rounding line is booked with only one") {
    auto document = per_rate_rounded_invoice("9002");
    Ledger ledger;
    auto reviewing = sink({{"book", "false"}});
    require_delivered(ledger.deliver(*reviewing, document));
    Json draft = emulator.get(clinic_grant, "/invoices/drafts/" + ledger.known.at("draft"));
    REQUIRE(lines_of_product(draft, "FERRY-AFRUNDING").size() == 1);

    // As after a crash between the rounding line and the booking: the same draft goes on.
    auto booking = sink();
    require_delivered(ledger.deliver(*booking, document));
    Json booked = booked_invoice(emulator, ledger.known.at("booked"));
    CHECK(lines_of_product(booked, "FERRY-AFRUNDING").size() == 1);
    CHECK(amount(booked, "grossAmount") == dec("37.58"));
    CHECK(state()["drafts"].empty());
}

TEST_CASE_METHOD(Fixture,
                 "a rounding difference beyond rounding_limit rejects and says what helps") {
    auto document = per_rate_rounded_invoice("9003");
    auto strict = sink({{"rounding_limit", "0"}});
    auto delivery = Ledger{}.deliver(*strict, document);
    REQUIRE(delivery.status == Delivery::Status::rejected);
    CHECK(delivery.problem.code == "economic.totals_mismatch");
    CHECK_THAT(delivery.problem.message,
               Catch::Contains("gross 37.58 in the document, 37.59 in e-conomic") &&
                   Catch::Contains("by hand, then `ferry skip`") &&
                   Catch::Contains("rounding_limit"));
    CHECK(state()["booked"].empty());
}

TEST_CASE_METHOD(Fixture, "a retry after the product group is corrected in e-conomic books") {
    auto document = business_invoice("9004");
    // Made by hand in the VAT-free group: e-conomic computes no VAT on the 25 % line.
    emulator.post(clinic_grant, "/products",
                  {{"productNumber", "KONS"},
                   {"name", "Konsultation"},
                   {"productGroup", {{"productGroupNumber", 4}}}});
    auto economic = sink();
    Ledger ledger;
    REQUIRE(ledger.deliver(*economic, document).status == Delivery::Status::rejected);
    // A retry before anything is corrected meets the same reason.
    auto again = ledger.deliver(*economic, document);
    REQUIRE(again.status == Delivery::Status::rejected);
    CHECK_THAT(again.problem.message, Catch::Contains("VAT 50.00 in the document"));

    emulator.put(clinic_grant, "/products/KONS",
                 {{"productNumber", "KONS"},
                  {"name", "Konsultation"},
                  {"productGroup", {{"productGroupNumber", 100}}}});
    require_delivered(ledger.deliver(*economic, document));
    Json booked = booked_with(state(), reference_of(document)).at(0);
    CHECK(amount(booked, "grossAmount") == dec("250"));
}

TEST_CASE("a target that rounds VAT per rate as the document does gets no rounding line") {
    EmulatorProcess emulator{{{clinic_grant, clinic_cvr}}, {"--vat-rounding", "rate"}};
    TestHost host;
    EconomicSink sink{sink_settings(emulator.url(), {{clinic_cvr, clinic_grant, {}}}), host};
    auto delivery = Ledger{}.deliver(sink, per_rate_rounded_invoice("9005"));
    require_delivered(delivery);
    Json booked = booked_invoice(emulator, delivery.target.at("booked"));
    CHECK(amount(booked, "grossAmount") == dec("37.58"));
    CHECK(amount(booked, "vatAmount") == dec("7.52"));
    CHECK(lines_of_product(booked, "FERRY-AFRUNDING").empty());
    CHECK_FALSE(host.logged("economic.rounding_line"));
}
