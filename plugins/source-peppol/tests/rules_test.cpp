// The accountant's checks and the refusals as source-peppol shows them: each a `peppol.*` code
// with the file, the element path or line and column, and what to do; never document content.
#include <catch2/catch.hpp>

#include "peppol_samples.hpp"
#include "peppol_source.hpp"
#include "ubl_parser.hpp"

using namespace ferry;
using namespace ferry::peppol::testing;

namespace {

ubl::ParseOutcome parse(const std::string& bytes) {
    return ubl::parse_ubl(bytes, {std::nullopt, "faktura.xml", ubl::default_max_file_bytes},
                          peppol::peppol_profile());
}

sdk::Problem refused(const std::string& bytes) {
    auto outcome = parse(bytes);
    REQUIRE_FALSE(outcome.document);
    return outcome.document.problem();
}

const std::string invoice = sample(swedish_invoice);

}  // namespace

TEST_CASE("rules: XML that is not well-formed is refused with its line and column") {
    auto problem = refused(replaced(invoice, "</cbc:Note>", "</cbc:Notes>"));
    CHECK(problem.code == "peppol.xml.malformed");
    CHECK_THAT(problem.message,
               Catch::StartsWith("faktura.xml: not well-formed XML at line 11, column 56"));
    CHECK_THAT(problem.message, Catch::Contains("corrected"));
}

TEST_CASE("rules: totals that do not add up are refused under the EN 16931 rule") {
    auto problem =
        refused(replaced(invoice, ">2036.00</cbc:PayableAmount>", ">2037.00</cbc:PayableAmount>"));
    CHECK(problem.code == "peppol.totals.payable");
    CHECK_THAT(problem.message, Catch::Contains("BR-CO-16"));
    CHECK_THAT(problem.message, Catch::Contains("2037.00"));
}

TEST_CASE("rules: a VAT total that is not the sum of its rates is refused") {
    auto problem = refused(replaced(invoice, ">142.62</cbc:TaxAmount>", ">142.00</cbc:TaxAmount>"));
    CHECK(problem.code == "peppol.totals.tax");
    CHECK_THAT(problem.message, Catch::Contains("BR-CO-14"));
}

TEST_CASE("rules: a Swedish supplier's standard rate other than 25 12 or 6 % is refused") {
    std::string bytes =
        replaced(invoice, "<cbc:Percent>12</cbc:Percent>", "<cbc:Percent>20</cbc:Percent>");
    auto problem = refused(bytes);
    CHECK(problem.code == "peppol.vat.rate_not_swedish");
    CHECK_THAT(problem.message, Catch::Contains("SE-R-006"));
    CHECK_THAT(problem.message, Catch::Contains("cac:TaxSubtotal[2]/cac:TaxCategory"));
}

TEST_CASE("rules: a rate's base off its lines is a warning while its VAT agrees with them") {
    // Totals, tax and the sum of the bases still agree: only the bases of 25 and 12 % lie.
    std::string bytes =
        replaced(invoice, ">498.00</cbc:TaxableAmount>", ">504.50</cbc:TaxableAmount>");
    bytes = replaced(bytes, ">106.50</cbc:TaxableAmount>", ">100.00</cbc:TaxableAmount>");
    auto outcome = parse(bytes);
    REQUIRE(outcome.document);
    bool warned = false;
    for (const auto& warning : outcome.warnings)
        if (warning.code == "peppol.vat.rate_base" &&
            warning.message.find("TaxSubtotal[1]/cbc:TaxableAmount: BR-S-08: states 504.50") !=
                std::string::npos)
            warned = true;
    CHECK(warned);
}

TEST_CASE("rules: a rate whose stated VAT is not its lines' VAT is refused") {
    // The 12 % line's base and tax both halved in the breakdown, the difference moved to 25 %.
    std::string bytes =
        replaced(invoice, ">106.50</cbc:TaxableAmount>", ">53.25</cbc:TaxableAmount>");
    bytes = replaced(bytes, ">12.78</cbc:TaxAmount>", ">6.39</cbc:TaxAmount>");
    bytes = replaced(bytes, ">498.00</cbc:TaxableAmount>", ">551.25</cbc:TaxableAmount>");
    bytes = replaced(bytes, ">124.50</cbc:TaxAmount>", ">130.89</cbc:TaxAmount>");
    auto problem = refused(bytes);
    CHECK(problem.code == "peppol.vat.rate_base");
    CHECK_THAT(problem.message, Catch::Contains("TaxSubtotal[1]/cbc:TaxableAmount: BR-S-08"));
    CHECK_THAT(problem.message, Catch::Contains("come to 498.00, whose VAT (124.50)"));
}

TEST_CASE("rules: lines at a rate the VAT breakdown leaves out are refused") {
    std::string bytes = replaced(
        invoice,
        "<cbc:Percent>6</cbc:Percent>\n        <cac:TaxScheme>\n          <cbc:ID>VAT</cbc:ID>\n   "
        "     </cac:TaxScheme>\n      </cac:ClassifiedTaxCategory>",
        "<cbc:Percent>12</cbc:Percent>\n        <cac:TaxScheme>\n          <cbc:ID>VAT</cbc:ID>\n  "
        "      </cac:TaxScheme>\n      </cac:ClassifiedTaxCategory>");
    auto problem = refused(bytes);
    CHECK(problem.code == "peppol.vat.rate_base");
    CHECK_THAT(problem.message, Catch::Contains("BR-S-08"));
    CHECK_THAT(problem.message, Catch::Contains("195.50"));
}

TEST_CASE("rules: a Swedish organisationsnummer with a wrong check digit is refused") {
    std::string bytes =
        replaced(invoice, "<cbc:CompanyID schemeID=\"0007\">5566778899</cbc:CompanyID>",
                 "<cbc:CompanyID schemeID=\"0007\">5566778898</cbc:CompanyID>");
    auto problem = refused(bytes);
    CHECK(problem.code == "peppol.supplier.orgnr_invalid");
    CHECK_THAT(problem.message, Catch::Contains("SE-R-013"));
    CHECK_THAT(problem.message, Catch::Contains("PartyLegalEntity/cbc:CompanyID"));
}

TEST_CASE("rules: an organisationsnummer written with a hyphen keys without it") {
    std::string bytes =
        replaced(invoice, "<cbc:CompanyID schemeID=\"0007\">5566778899</cbc:CompanyID>",
                 "<cbc:CompanyID>556677-8899</cbc:CompanyID>");
    auto outcome = parse(bytes);
    REQUIRE(outcome.document);
    CHECK(outcome.document.value().key.company == "5566778899");
    CHECK(outcome.document.value().supplier.registration_scheme == "0007");
}

TEST_CASE("rules: the endpoint's organisationsnummer serves where the legal entity states none") {
    std::string bytes =
        replaced(invoice, "<cbc:CompanyID schemeID=\"0007\">5566778899</cbc:CompanyID>", "");
    bytes = replaced(bytes, "<cbc:CompanyID>SE556677889901</cbc:CompanyID>",
                     "<cbc:CompanyID>SE999999999901</cbc:CompanyID>");
    auto outcome = parse(bytes);
    REQUIRE(outcome.document);
    CHECK(outcome.document.value().key.company == "5566778899");
    CHECK(outcome.document.value().supplier.registration_number == "5566778899");
}

TEST_CASE("rules: a supplier with no company number at all belongs to no company") {
    std::string bytes =
        replaced(invoice, "<cbc:CompanyID schemeID=\"0007\">5566778899</cbc:CompanyID>", "");
    bytes = replaced(bytes, "<cbc:EndpointID schemeID=\"0007\">5566778899</cbc:EndpointID>", "");
    bytes = replaced(bytes, "<cbc:CompanyID>SE556677889901</cbc:CompanyID>", "");
    auto problem = refused(bytes);
    CHECK(problem.code == "peppol.supplier.no_identifier");
    auto identity =
        ubl::identify(bytes, "faktura.xml", ubl::default_max_file_bytes, peppol::peppol_profile());
    REQUIRE_FALSE(identity);
    CHECK(identity.problem().code == "peppol.supplier.no_identifier");
}

TEST_CASE("rules: another EN 16931 profile is read under the same rules and its own name") {
    std::string bytes = replaced(
        invoice, "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0",
        "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0");
    auto outcome = parse(bytes);
    REQUIRE(outcome.document);
    CHECK(outcome.document.value().format == "EN16931");
    auto wrong =
        parse(replaced(bytes, ">2036.00</cbc:PayableAmount>", ">2036.50</cbc:PayableAmount>"));
    REQUIRE_FALSE(wrong.document);
    CHECK(wrong.document.problem().code == "peppol.totals.payable");
}

TEST_CASE("rules: an OIOUBL 2 file is not read as Peppol") {
    auto bytes = read_file(std::filesystem::path(FERRY_OIOUBL_SAMPLES_DIR) /
                           "phive-2.0.2__BASPRO_01_01_00_Invoice_v2p2.xml");
    auto problem = refused(bytes);
    CHECK(problem.code == "peppol.version.unsupported");
    CHECK_THAT(problem.message, Catch::Contains("EN 16931"));
}

TEST_CASE("rules: a document in a Peppol SBDH envelope is read from inside it") {
    std::string body = invoice.substr(invoice.find("<Invoice"));
    std::string wrapped =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<StandardBusinessDocument "
        "xmlns=\"http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader\">\n"
        "<StandardBusinessDocumentHeader><HeaderVersion>1.0</HeaderVersion>"
        "</StandardBusinessDocumentHeader>\n" +
        body + "</StandardBusinessDocument>\n";
    auto outcome = parse(wrapped);
    REQUIRE(outcome.document);
    CHECK(outcome.document.value().key.str() == "5566778899/invoice/2026-1042");
}

TEST_CASE("rules: something that is no UBL document says so") {
    auto problem = refused("<?xml version=\"1.0\"?><Order xmlns=\"urn:x\"/>");
    CHECK(problem.code == "peppol.root.unknown");
    CHECK_THAT(problem.message, Catch::Contains("Peppol BIS 3"));
}

TEST_CASE("rules: a DOCTYPE is refused unread") {
    auto problem = refused("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]>" +
                           invoice.substr(invoice.find("<Invoice")));
    CHECK(problem.code == "peppol.xml.doctype");
}

TEST_CASE("rules: a wrong VAT amount for one rate is a warning and books as stated") {
    std::string bytes = replaced(invoice, ">12.78</cbc:TaxAmount>", ">12.79</cbc:TaxAmount>");
    bytes = replaced(bytes, ">142.62</cbc:TaxAmount>", ">142.63</cbc:TaxAmount>");
    bytes =
        replaced(bytes, ">2036.12</cbc:TaxInclusiveAmount>", ">2036.13</cbc:TaxInclusiveAmount>");
    bytes =
        replaced(bytes, ">-0.12</cbc:PayableRoundingAmount>", ">-0.13</cbc:PayableRoundingAmount>");
    auto outcome = parse(bytes);
    REQUIRE(outcome.document);
    REQUIRE(outcome.warnings.size() == 1);
    CHECK(outcome.warnings[0].code == "peppol.vat.subtotal_amount");
    CHECK_THAT(outcome.warnings[0].message, Catch::StartsWith("faktura.xml: "));
    CHECK(outcome.document.value().totals.vat == dec("142.63"));
}

TEST_CASE("rules: no refusal or warning quotes a name or an address of the document") {
    std::string personal = sample(swedish_private);
    std::vector<std::string> variants = {
        replaced(personal, ">999.00</cbc:PayableAmount>", ">998.00</cbc:PayableAmount>"),
        replaced(personal, "<cbc:CityName>Exempelby</cbc:CityName>",
                 "<cbc:CityName>Exempelby</cbc:CityNam>"),
        replaced(personal, "<cbc:Percent>25</cbc:Percent>", "<cbc:Percent>Sigrid</cbc:Percent>"),
        replaced(personal, "<cbc:DocumentCurrencyCode>SEK", "<cbc:DocumentCurrencyCode>Sigrid"),
    };
    for (const std::string& bytes : variants) {
        auto outcome = parse(bytes);
        REQUIRE_FALSE(outcome.document);
        std::string said = outcome.document.problem().message;
        for (const auto& warning : outcome.warnings)
            said += warning.message;
        INFO(said);
        CHECK(said.find("Sigrid") == std::string::npos);
        CHECK(said.find("Exempelsson") == std::string::npos);
        CHECK(said.find("Påhittade") == std::string::npos);
        CHECK(said.find("Exempelby") == std::string::npos);
    }
}
