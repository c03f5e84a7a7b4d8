// Barred customers and products (a bookkeeper's decision) and public customers (EAN) against the
// real emulator: a barred customer is never chosen over an unbarred one nor replaced by a new
// one, and an invoice e-conomic would refuse is refused with the number to unbar.
#include <catch2/catch.hpp>

#include "test_support.hpp"

using namespace ferry::testing;
using ferry::economic::EconomicSink;
using ferry::economic::Json;
using ferry::sdk::Delivery;

namespace {

constexpr const char* customer_cvr = "87654321";

struct Fixture {
    EmulatorProcess emulator{{{clinic_grant, clinic_cvr}}};
    TestHost host;
    EconomicSink sink{sink_settings(emulator.url(), {{clinic_cvr, clinic_grant, {}}}), host};

    Json state() { return emulator.state(clinic_grant); }

    static Json customer_body(bool barred) {
        return {{"name", "Firma Barred ApS"},
                {"corporateIdentificationNumber", customer_cvr},
                {"currency", "DKK"},
                {"customerGroup", {{"customerGroupNumber", 100}}},
                {"paymentTerms", {{"paymentTermsNumber", 1}}},
                {"vatZone", {{"vatZoneNumber", 1}}},
                {"barred", barred}};
    }
    static Json product_body(bool barred) {
        return {{"productNumber", "KONS"},
                {"name", "Konsultation"},
                {"productGroup", {{"productGroupNumber", 100}}},
                {"barred", barred}};
    }
    std::int64_t add_customer(bool barred) {
        return emulator.post(clinic_grant, "/customers", customer_body(barred))["customerNumber"]
            .get<std::int64_t>();
    }
    void set_customer_barred(std::int64_t number, bool barred) {
        emulator.put(clinic_grant, "/customers/" + std::to_string(number), customer_body(barred));
    }
    void set_product_barred(bool barred) {
        emulator.put(clinic_grant, "/products/KONS", product_body(barred));
    }
    std::int64_t customer_of(const ferry::sdk::Document& document) {
        return booked_with(state(), reference_of(document))
            .at(0)["customer"]["customerNumber"]
            .get<std::int64_t>();
    }
};

void require_delivered(const Delivery& delivery) {
    INFO(delivery.problem.code << ": " << delivery.problem.message);
    REQUIRE(delivery.status == Delivery::Status::delivered);
}

void require_refused(const Delivery& delivery, const std::string& code) {
    INFO(delivery.problem.code << ": " << delivery.problem.message);
    REQUIRE(delivery.status == Delivery::Status::rejected);
    CHECK(delivery.problem.code == code);
    CHECK(delivery.problem.message.find("ferry retry") != std::string::npos);
    CHECK(delivery.problem.message.find("Firma") == std::string::npos);
}

}  // namespace

TEST_CASE_METHOD(Fixture, "a barred customer is passed over for an unbarred one of the same CVR") {
    add_customer(true);
    std::int64_t unbarred = add_customer(false);
    auto document = business_invoice("3001", customer_cvr);
    require_delivered(Ledger{}.deliver(sink, document));
    CHECK(customer_of(document) == unbarred);
}

TEST_CASE_METHOD(Fixture, "an invoice whose only customer is barred is refused naming its number") {
    std::int64_t barred = add_customer(true);
    auto document = business_invoice("3002", customer_cvr);
    Ledger ledger;
    auto refused = ledger.deliver(sink, document);
    require_refused(refused, "economic.customer.barred");
    CHECK(refused.problem.message.find("customer " + std::to_string(barred) + " ") !=
          std::string::npos);
    Json after = state();
    CHECK(after["counts"]["customers"] == 1);  // no duplicate of the barred customer
    CHECK(after["drafts"].empty());

    SECTION("once unbarred a retry books it on that customer") {
        set_customer_barred(barred, false);
        require_delivered(ledger.deliver(sink, document));
        CHECK(customer_of(document) == barred);
        CHECK(state()["counts"]["customers"] == 1);
    }
}

TEST_CASE_METHOD(Fixture, "a list older than index_fresh is read again before refusing") {
    EconomicSink always_fresh{sink_settings(emulator.url(), {{clinic_cvr, clinic_grant, {}}}, {},
                                            {{"index_fresh", "0s"}}),
                              host};
    add_customer(true);
    require_delivered(Ledger{}.deliver(always_fresh, business_invoice("3010", "11111111")));
    std::int64_t made_by_hand = add_customer(false);  // after the sink read its list
    auto document = business_invoice("3011", customer_cvr);
    require_delivered(Ledger{}.deliver(always_fresh, document));
    CHECK(customer_of(document) == made_by_hand);
}

TEST_CASE_METHOD(Fixture, "a patient invoice to a barred collective customer is refused") {
    Json collective = customer_body(true);
    collective["customerNumber"] = std::stoll(provider_number);
    emulator.post(clinic_grant, "/customers", collective);
    auto refused = Ledger{}.deliver(sink, patient_invoice("3012"));
    require_refused(refused, "economic.customer.barred");
    CHECK(refused.problem.message.find("customer " + std::string(provider_number) + " ") !=
          std::string::npos);
    CHECK(refused.problem.message.find("Jens") == std::string::npos);
    CHECK(state()["counts"]["customers"] == 1);
}

TEST_CASE_METHOD(Fixture, "an invoice with a barred product is refused naming the product") {
    emulator.post(clinic_grant, "/products", product_body(true));
    auto refused = Ledger{}.deliver(sink, business_invoice("3003", customer_cvr));
    require_refused(refused, "economic.product.barred");
    CHECK(refused.problem.message.find("product KONS is barred") != std::string::npos);
    CHECK(state()["drafts"].empty());
}

// The sink keeps the customers and products it read; one barred since is refused by e-conomic
// itself (E06820, E06600), and that is the same refusal, not "try again later".
TEST_CASE_METHOD(Fixture,
                 "e-conomic's own refusal of what was barred since it was read is the same") {
    auto first = business_invoice("3004", customer_cvr);
    require_delivered(Ledger{}.deliver(sink, first));
    auto second = business_invoice("3005", customer_cvr);
    SECTION("a customer") {
        std::int64_t number = customer_of(first);
        set_customer_barred(number, true);
        auto refused = Ledger{}.deliver(sink, second);
        require_refused(refused, "economic.customer.barred");
        CHECK(refused.problem.message.find("customer " + std::to_string(number) + " ") !=
              std::string::npos);
    }
    SECTION("a product") {
        set_product_barred(true);
        auto refused = Ledger{}.deliver(sink, second);
        require_refused(refused, "economic.product.barred");
        CHECK(refused.problem.message.find("product KONS is barred") != std::string::npos);
    }
    CHECK(booked_with(state(), reference_of(second)).empty());
}

// NOVAX sends a public customer's e-invoice through NemHandel itself; e-conomic must not send
// a second one, so the booking names no `sendBy`.
TEST_CASE_METHOD(Fixture,
                 "an invoice to an EAN customer is booked without asking e-conomic to send it") {
    auto document = business_invoice("3006", "");
    document.customer.name = "Nyborg Kommune";
    document.customer.ean = "5790000123456";
    require_delivered(Ledger{}.deliver(sink, document));
    Json booked = booked_with(state(), reference_of(document)).at(0);
    CHECK_FALSE(booked.contains("sendBy"));
    Json invoice =
        emulator.get(clinic_grant, "/invoices/booked/" +
                                       std::to_string(booked["bookedInvoiceNumber"].get<int>()));
    CHECK(invoice["recipient"]["ean"] == "5790000123456");
}
