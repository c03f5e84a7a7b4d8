// EN 16931 totals (OIOUBL 3, Peppol BIS 3) against OIOUBL 2's: which rule applies is decided by
// CustomizationID, and every refusal names the rule it applies.
//
// Besides the public Peppol samples, the OIOUBL 3 cases below are derived test data: the public
// OIOUBL 3 example with its LegalMonetaryTotal or TaxTotal rewritten here, not public samples.
#include <catch2/catch.hpp>

#include "oioubl_parser.hpp"
#include "samples.hpp"

using namespace ferry;
using namespace ferry::novax::testing;

namespace {

sdk::Decimal dec(const char* text) {
    return *sdk::Decimal::parse(text);
}

const novax::Expectation peppol_norwegian{{"12345674", sdk::DocumentKind::invoice, "TOSL108"},
                                          "Novax_TOSL108_12345674_Faktura.xml"};
const novax::Expectation oioubl3_invoice{{"16356706", sdk::DocumentKind::invoice, "202400095678"},
                                         "Novax_202400095678_16356706_Faktura.xml"};

std::string oioubl3_bytes() {
    return read_file(samples_dir() /
                     "phive-3.0.1__OIOUBL3_Invoice_billing_with_response_Example.xml");
}

// The OIOUBL 3 example (lines 5050.00, VAT 1262.50 at 25 %) with `from` replaced by `to`.
novax::ParseOutcome oioubl3_with(const std::string& from, const std::string& to) {
    std::string bytes = oioubl3_bytes();
    auto at = bytes.find(from);
    REQUIRE(at != std::string::npos);
    bytes.replace(at, from.size(), to);
    return novax::parse_oioubl(bytes, oioubl3_invoice);
}

novax::ParseOutcome oioubl3_with_totals(const std::string& totals) {
    const std::string stated =
        "<cbc:TaxInclusiveAmount currencyID=\"DKK\">6312.50</cbc:TaxInclusiveAmount>\n"
        "        <cbc:PayableAmount currencyID=\"DKK\">6312.50</cbc:PayableAmount>";
    return oioubl3_with(stated, totals);
}

std::string amount(const char* element, const char* value) {
    return std::string("<cbc:") + element + " currencyID=\"DKK\">" + value + "</cbc:" + element +
           ">";
}

sdk::Document accepted(const novax::ParseOutcome& outcome) {
    if (!outcome.document)
        FAIL(outcome.document.problem().message);
    return outcome.document.value();
}

void require_refused(const novax::ParseOutcome& outcome, const char* code, const char* rule) {
    REQUIRE_FALSE(outcome.document);
    CHECK(outcome.document.problem().code == code);
    CHECK_THAT(outcome.document.problem().message, Catch::Contains(rule));
}

}  // namespace

TEST_CASE("Peppol BIS 3 with payable rounding and prepaid amount is accepted: BR-CO-15/16") {
    auto doc = accepted(novax::parse_oioubl(
        read_file(samples_dir() / "peppol-bis-3__Norwegian-example-1.xml"), peppol_norwegian));
    CHECK(doc.format == "PEPPOL-BIS-3");
    CHECK(doc.totals.line_total == dec("1436.50"));
    CHECK(doc.totals.allowance_total == dec("100"));
    CHECK(doc.totals.charge_total == dec("100"));
    CHECK(doc.totals.net == dec("1436.50"));  // TaxExclusiveAmount under BR-CO-13
    CHECK(doc.totals.vat == dec("365.28"));
    CHECK(doc.totals.rounding == dec("0.22"));
    // Ferry's gross is what the customer owes before prepayment: TaxInclusiveAmount (1801.78)
    // plus the rounding, the same meaning an OIOUBL 2 document's gross has.
    CHECK(doc.totals.gross == dec("1802.00"));
    CHECK(doc.totals.prepaid == dec("1000"));
    CHECK(doc.totals.payable == dec("802.00"));
}

TEST_CASE("OIOUBL 3 derived: rounding outside TaxInclusiveAmount and a prepaid amount book right") {
    auto doc = accepted(oioubl3_with_totals(
        amount("TaxInclusiveAmount", "6312.50") + amount("PrepaidAmount", "1000.00") +
        amount("PayableRoundingAmount", "-0.50") + amount("PayableAmount", "5312.00")));
    CHECK(doc.format == "OIOUBL-3.0");
    CHECK(doc.totals.net == dec("5050.00"));
    CHECK(doc.totals.vat == dec("1262.50"));
    CHECK(doc.totals.gross == dec("6312.00"));
    CHECK(doc.totals.prepaid == dec("1000.00"));
    CHECK(doc.totals.payable == dec("5312.00"));
}

TEST_CASE("OIOUBL 3 derived: rounding included in TaxInclusiveAmount is refused citing BR-CO-15") {
    auto outcome = oioubl3_with_totals(amount("TaxInclusiveAmount", "6312.00") +
                                       amount("PayableRoundingAmount", "-0.50") +
                                       amount("PayableAmount", "6312.00"));
    require_refused(outcome, "oioubl.totals.tax_inclusive", "BR-CO-15: states 6312.00");
    CHECK_THAT(outcome.document.problem().message,
               Catch::Contains("cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount"));
}

TEST_CASE("OIOUBL 3 derived: a PayableAmount that ignores the prepaid amount cites BR-CO-16") {
    require_refused(oioubl3_with_totals(amount("TaxInclusiveAmount", "6312.50") +
                                        amount("PrepaidAmount", "1000.00") +
                                        amount("PayableAmount", "6312.50")),
                    "oioubl.totals.payable", "BR-CO-16: states 6312.50");
}

TEST_CASE("OIOUBL 3 derived: the header tax total must equal its subtotals under BR-CO-14") {
    require_refused(oioubl3_with("<cbc:TaxAmount currencyID=\"DKK\">1262.50</cbc:TaxAmount>\n"
                                 "        <cac:TaxSubtotal>",
                                 "<cbc:TaxAmount currencyID=\"DKK\">1263.50</cbc:TaxAmount>\n"
                                 "        <cac:TaxSubtotal>"),
                    "oioubl.totals.tax", "BR-CO-14: states 1263.50");
}

TEST_CASE("OIOUBL 3 derived: a subtotal's tax off its base × rate is warned about under BR-CO-17") {
    auto outcome =
        oioubl3_with("<cbc:TaxableAmount currencyID=\"DKK\">5050.00</cbc:TaxableAmount>",
                     "<cbc:TaxableAmount currencyID=\"DKK\">5000.00</cbc:TaxableAmount>");
    accepted(outcome);
    bool warned = false;
    for (const auto& warning : outcome.warnings)
        if (warning.code == "oioubl.vat.subtotal_amount") {
            warned = true;
            CHECK_THAT(warning.message, Catch::Contains("BR-CO-17: states 1262.50") &&
                                            Catch::Contains("gives 1250.00"));
        }
    CHECK(warned);
}

TEST_CASE("OIOUBL 2 keeps its totals rules and cites them: F-INV128 includes the rounding") {
    const novax::Expectation expected{{"16356706", sdk::DocumentKind::invoice, "A00095678"},
                                      "Novax_A00095678_16356706_Faktura.xml"};
    std::string bytes = read_file(samples_dir() / "phive-1.17.2__OIOUBL_Invoice_v2p2.xml");
    const std::string stated =
        "<cbc:TaxInclusiveAmount currencyID=\"DKK\">6312.50</cbc:TaxInclusiveAmount>";
    auto at = bytes.find(stated);
    REQUIRE(at != std::string::npos);
    // OIOUBL 2 wants the rounding inside TaxInclusiveAmount: EN 16931's way is wrong here.
    bytes.replace(at, stated.size(), stated + amount("PayableRoundingAmount", "0.50"));
    auto outcome = novax::parse_oioubl(bytes, expected);
    require_refused(outcome, "oioubl.totals.tax_inclusive", "F-INV128: states 6312.50");
}
