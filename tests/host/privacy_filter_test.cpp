#include <catch2/catch.hpp>

#include "support/privacy_filter.hpp"

using ferry::without_personal_data;

namespace {

ferry::sdk::Document patient_invoice() {
    ferry::sdk::Document d;
    d.supplier.name = "Nyborg Klinik ApS";
    d.supplier.contact_name = "Dr. Birgitte Holm";
    d.customer.name = "Søren Ørsted";
    d.customer.cpr = "0101701234";
    d.customer.email = "soren@example.invalid";
    d.customer.telephone = "+45 12 34 56 78";
    d.customer.address = {"Privatvej", "17", "Bagbygningen", "Odense", "5000", "DK"};
    d.customer.contact_reference = "SØR-1";
    d.patient = ferry::sdk::Party{};
    d.patient->name = "Ida Ørsted";
    ferry::sdk::Line line;
    line.name = "Psykologsamtale";
    line.description = "angst, 2. session";
    d.lines = {line};
    d.notes = {"Patienten kommer igen i maj"};
    return d;
}

}  // namespace

TEST_CASE("every personal string of the document is masked wherever a message quotes it") {
    auto d = patient_invoice();
    CHECK(without_personal_data("customer Søren Ørsted (soren@example.invalid, +45 12 34 56 78) "
                                "of Privatvej 17, Bagbygningen, Odense unknown",
                                &d) ==
          "customer [personal data removed] ([personal data removed], [personal data removed]) "
          "of [personal data removed] 17, [personal data removed], [personal data removed] "
          "unknown");
    CHECK(without_personal_data("patient Ida Ørsted, ref SØR-1, contact Dr. Birgitte Holm", &d) ==
          "patient [personal data removed], ref [personal data removed], contact [personal data "
          "removed]");
    CHECK(without_personal_data("line 1 'Psykologsamtale' (angst, 2. session): note 'Patienten "
                                "kommer igen i maj'",
                                &d) ==
          "line 1 '[personal data removed]' ([personal data "
          "removed]): note '[personal data removed]'");
    CHECK(without_personal_data("supplier NYBORG KLINIK APS has no agreement", &d) ==
          "supplier [personal data removed] has no agreement");
}

TEST_CASE("a CPR number is masked with or without the document and in any of its shapes") {
    auto d = patient_invoice();
    CHECK(without_personal_data("debtor 0101701234 unknown", &d) ==
          "debtor [personal data removed] unknown");
    CHECK(without_personal_data("debtor 010170-1234 unknown") == "debtor [CPR removed] unknown");
}

TEST_CASE("the filter keeps what names nobody: numbers short strings and parts of other words") {
    auto d = patient_invoice();
    // The postal zone, building number and country identify nobody and are amounts' digits.
    CHECK(without_personal_data("invoice 5000 of 17 DKK, payable 5000.00 in DK", &d) ==
          "invoice 5000 of 17 DKK, payable 5000.00 in DK");
    d.customer.name = "Bo";
    d.customer.address.city = "Vig";
    CHECK(without_personal_data("Bo: HTTP 409 from Vigsø road", &d) ==
          "Bo: HTTP 409 from Vigsø road");
    CHECK(without_personal_data("", &d).empty());
}
