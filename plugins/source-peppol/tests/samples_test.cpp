// Every public sample in tests/samples/peppol parses, and what the Swedish ones say reaches the
// Document as a Swedish bookkeeper would book it.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "peppol_samples.hpp"
#include "peppol_source.hpp"
#include "ubl_parser.hpp"

using namespace ferry;
using namespace ferry::peppol::testing;

namespace {

ubl::ParseOutcome parse(const std::string& name, const std::string& bytes) {
    return ubl::parse_ubl(bytes, {std::nullopt, name, ubl::default_max_file_bytes},
                          peppol::peppol_profile());
}

sdk::Document accepted(const std::string& name) {
    auto outcome = parse(name, sample(name));
    if (!outcome.document)
        FAIL(outcome.document.problem().code << ": " << outcome.document.problem().message);
    return outcome.document.value();
}

const sdk::VatSubtotal* subtotal_at(const sdk::Document& doc, sdk::VatCategory category,
                                    const char* percent) {
    for (const auto& subtotal : doc.vat_subtotals)
        if (subtotal.category == category && subtotal.percent == dec(percent))
            return &subtotal;
    return nullptr;
}

}  // namespace

TEST_CASE("samples: every file in tests/samples/peppol parses and identifies as it maps") {
    auto names = sample_names();
    REQUIRE(names.size() >= 13);
    std::map<sdk::DocumentKey, std::string> seen;
    for (const std::string& name : names) {
        INFO(name);
        std::string bytes = sample(name);
        auto outcome = parse(name, bytes);
        if (!outcome.document)
            FAIL(outcome.document.problem().code << ": " << outcome.document.problem().message);
        const sdk::Document& doc = outcome.document.value();
        CHECK(doc.format == "PEPPOL-BIS-3");
        CHECK_FALSE(doc.key.company.empty());
        CHECK(doc.totals.payable == doc.totals.gross - doc.totals.prepaid);
        // Listing's cheap identification names the same document the full parse maps.
        auto identity =
            ubl::identify(bytes, name, ubl::default_max_file_bytes, peppol::peppol_profile());
        REQUIRE(identity);
        CHECK(identity.value().key == doc.key);
        CHECK(identity.value().issue_date == doc.issue_date);
        for (const auto& warning : outcome.warnings)
            WARN(warning.code << ": " << warning.message);
        seen.emplace(doc.key, name);
    }
    // The folder tests put only distinct_sample_names() together; the others repeat a key.
    auto distinct = distinct_sample_names();
    std::set<std::string> distinct_keys;
    for (const std::string& name : distinct)
        distinct_keys.insert(accepted(name).key.str());
    CHECK(distinct_keys.size() == distinct.size());
    CHECK(distinct_keys.size() == seen.size());
}

TEST_CASE(
    "samples: the Swedish invoice keys on the organisationsnummer and books 25 12 6 % and exempt") {
    sdk::Document doc = accepted(swedish_invoice);
    CHECK(doc.key.str() == "5566778899/invoice/2026-1042");
    CHECK(doc.currency == "SEK");
    CHECK(doc.issue_date == *sdk::Date::parse("2026-03-02"));
    CHECK(doc.supplier.registration_number == "5566778899");
    CHECK(doc.supplier.registration_scheme == "0007");
    CHECK(doc.supplier.vat_number == "SE556677889901");
    CHECK(doc.supplier.cvr.empty());
    CHECK(doc.customer.registration_number == "2120009994");
    CHECK(doc.customer.registration_scheme == "0007");
    CHECK(doc.customer.vat_number == "SE212000999401");

    REQUIRE(doc.vat_subtotals.size() == 4);
    const auto* full = subtotal_at(doc, sdk::VatCategory::standard, "25");
    const auto* food = subtotal_at(doc, sdk::VatCategory::standard, "12");
    const auto* books = subtotal_at(doc, sdk::VatCategory::standard, "6");
    const auto* exempt = subtotal_at(doc, sdk::VatCategory::exempt, "0");
    REQUIRE(full);
    REQUIRE(food);
    REQUIRE(books);
    REQUIRE(exempt);
    CHECK(full->taxable_amount == dec("498.00"));
    CHECK(full->tax_amount == dec("124.50"));
    CHECK(food->tax_amount == dec("12.78"));
    CHECK(books->tax_amount == dec("5.34"));
    CHECK(exempt->taxable_amount == dec("1200.00"));
    CHECK(exempt->tax_amount == dec("0"));
    CHECK(exempt->category_code == "E");

    REQUIRE(doc.lines.size() == 4);
    CHECK(doc.lines[0].vat_category == sdk::VatCategory::exempt);
    CHECK(doc.lines[2].vat_percent == dec("12"));
    CHECK(doc.lines[2].unit_price == dec("35.50"));

    // Öresavrundning: 2036.12 rounded to whole kronor.
    CHECK(doc.totals.net == dec("1893.50"));
    CHECK(doc.totals.vat == dec("142.62"));
    CHECK(doc.totals.rounding == dec("-0.12"));
    CHECK(doc.totals.gross == dec("2036.00"));
    CHECK(doc.totals.payable == dec("2036.00"));

    REQUIRE(doc.payment_means.size() == 1);
    CHECK(doc.payment_means[0].code == "30");
    CHECK(doc.payment_means[0].account == "50501055");
    CHECK(doc.payment_means[0].branch == "SE:BANKGIRO");
    CHECK(doc.due_date == *sdk::Date::parse("2026-04-01"));
}

TEST_CASE("samples: the Swedish credit note names the invoice it credits") {
    sdk::Document doc = accepted(swedish_credit_note);
    CHECK(doc.key.str() == "5566778899/credit-note/2026-K017");
    CHECK(doc.references.billed_invoice == "2026-1042");
    CHECK(doc.totals.payable == dec("1511.00"));
    CHECK(doc.totals.rounding == dec("-0.25"));
    CHECK(doc.lines.size() == 2);
}

TEST_CASE("samples: a private patient stays a person with a name and an address and no number") {
    sdk::Document doc = accepted(swedish_private);
    CHECK(doc.key.str() == "5566778899/invoice/2026-1043");
    CHECK(doc.customer.name == "Sigrid Exempelsson");
    CHECK(doc.customer.address.street == "Påhittade vägen 7");
    CHECK(doc.customer.address.city == "Exempelby");
    CHECK(doc.customer.cvr.empty());
    CHECK(doc.customer.registration_number.empty());
    CHECK(doc.customer.vat_number.empty());
    CHECK(doc.customer.ean.empty());
    CHECK(doc.totals.rounding == dec("0.25"));
    CHECK(doc.totals.payable == dec("999.00"));
}

TEST_CASE("samples: the OpenPEPPOL credit note and the Norwegian example key as EN 16931 says") {
    sdk::Document credit = accepted("openpeppol__base-creditnote-correction.xml");
    CHECK(credit.key.kind == sdk::DocumentKind::credit_note);
    CHECK_FALSE(credit.references.billed_invoice.empty());
    sdk::Document norwegian = accepted("openpeppol__Norwegian-example-1.xml");
    CHECK(norwegian.totals.rounding == dec("0.22"));
}
