// Every public sample parses into the document we expect, or is refused for the reason its
// SOURCES.md gives.
#include <catch2/catch.hpp>

#include "oioubl_parser.hpp"
#include "sample_table.hpp"
#include "samples.hpp"

using namespace ferry;
using namespace ferry::novax::testing;

namespace {

sdk::Decimal dec(const char* text) {
    return *sdk::Decimal::parse(text);
}

const Sample& sample_named(std::string_view file) {
    for (const auto& sample : samples)
        if (file == sample.file)
            return sample;
    FAIL("no sample " << file);
    throw;
}

novax::ParseOutcome parse_sample(const Sample& sample) {
    return novax::parse_oioubl(read_file(samples_dir() / sample.file),
                               {key_of(sample), novax_name(sample)});
}

sdk::Document parse_ok(std::string_view file) {
    auto outcome = parse_sample(sample_named(file));
    if (!outcome.document)
        FAIL(outcome.document.problem().message);
    return outcome.document.value();
}

}  // namespace

TEST_CASE("the test table covers every sample in the folder") {
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(samples_dir()))
        if (entry.path().extension() == ".xml") {
            ++files;
            sample_named(entry.path().filename().string());
        }
    CHECK(files == std::size(samples));
}

TEST_CASE("every sample parses to its stated totals or is refused for its known defect") {
    for (const auto& sample : samples) {
        INFO(sample.file);
        auto outcome = parse_sample(sample);
        if (*sample.rejected_with) {
            REQUIRE_FALSE(outcome.document);
            CHECK(outcome.document.problem().code == sample.rejected_with);
            CHECK_THAT(outcome.document.problem().message,
                       Catch::Contains("Novax_") && Catch::Contains("cac:"));
            continue;
        }
        if (!outcome.document)
            FAIL(outcome.document.problem().message);
        const sdk::Document& doc = outcome.document.value();
        CHECK(doc.key.number == sample.number);
        CHECK(doc.key.kind == sample.kind);
        CHECK(doc.issue_date.to_string() == sample.issue_date);
        CHECK(doc.currency == sample.currency);
        CHECK(doc.format == sample.format);
        CHECK(doc.lines.size() == sample.lines);
        CHECK(doc.totals.line_total == dec(sample.line_total));
        CHECK(doc.totals.vat == dec(sample.vat));
        CHECK(doc.totals.payable == dec(sample.payable));
        CHECK(doc.totals.gross - doc.totals.prepaid == doc.totals.payable);
    }
}

TEST_CASE("OIOUBL 2 basic invoice: parties and lines and VAT and payment") {
    auto doc = parse_ok("phive-2.0.2__BASPRO_01_01_00_Invoice_v2p2.xml");
    CHECK(doc.supplier.cvr == "16356706");
    CHECK(doc.customer.ean == "5798000416604");
    CHECK(doc.customer.cvr == "16356709");    // PartyLegalEntity
    CHECK(doc.totals.net == dec("5050.00"));  // not TaxExclusiveAmount, which is the VAT here
    CHECK(doc.totals.gross == dec("6312.50"));
    REQUIRE(doc.vat_subtotals.size() == 1);
    CHECK(doc.vat_subtotals[0].category == sdk::VatCategory::standard);
    CHECK(doc.vat_subtotals[0].percent == dec("25"));
    CHECK(doc.vat_subtotals[0].taxable_amount == dec("5050.00"));
    CHECK(doc.lines[0].vat_category == sdk::VatCategory::standard);
    REQUIRE_FALSE(doc.payment_means.empty());
    CHECK(doc.payment_means[0].code == "42");
    CHECK(doc.payment_means[0].channel == "DK:BANK");
    CHECK(doc.payment_means[0].account == "1234567890");
    CHECK(doc.payment_means[0].branch == "1234");
}

TEST_CASE("OIOUBL 3 normalises TaxExclusiveAmount to the same meaning as OIOUBL 2") {
    auto v3 = parse_ok("phive-3.0.1__OIOUBL3_Invoice_billing_with_response_Example.xml");
    auto v2 = parse_ok("phive-1.17.2__OIOUBL_Invoice_v2p2.xml");
    CHECK(v3.totals.net == dec("5050.00"));
    CHECK(v2.totals.net == dec("5050.00"));
    CHECK(v3.totals.vat == v2.totals.vat);
    CHECK(v3.supplier.cvr == "16356706");  // scheme 0184, 8 digits without DK
    CHECK(v3.vat_subtotals.at(0).category_code == "S");
    CHECK(v3.vat_subtotals.at(0).category == sdk::VatCategory::standard);
}

TEST_CASE("credit notes carry the credited invoice and positive amounts") {
    auto doc = parse_ok("phive-2.0.2__BASPRO_03_01_06_CreditNote_v2p2.xml");
    CHECK(doc.key.kind == sdk::DocumentKind::credit_note);
    CHECK(doc.references.billed_invoice == "A00095678");
    CHECK_FALSE(doc.totals.payable.is_negative());
    auto v3 = parse_ok("phive-3.0.1__OIOUBL3_CreditNote_billing_with_response_Example.xml");
    CHECK(v3.references.billed_invoice == "202400095678");
}

TEST_CASE("a negative line on a credit note and a negative payable rounding are kept") {
    auto doc = parse_ok("gobl-parse__negative-rounding_real.xml");
    CHECK(doc.totals.rounding == dec("-0.01"));
    bool has_negative_line = false;
    for (const auto& line : doc.lines)
        has_negative_line |= line.net_amount.is_negative();
    CHECK(has_negative_line);
}

TEST_CASE("a private person in BuyerCustomerParty becomes the patient with CPR") {
    auto doc = parse_ok("phive-2.0.2__COMORG_03_03_00_Invoice_v2p2.xml");
    REQUIRE(doc.patient);
    CHECK(doc.patient->cpr == "1807670000");  // the official sample's example value
    CHECK(doc.patient->is_private_person());
    CHECK(doc.customer.cvr == "40416604");
}

TEST_CASE("FIK payment: card type and payment reference and creditor number") {
    auto doc = parse_ok("gobl-convert-out__fik.xml");
    REQUIRE(doc.payment_means.size() == 1);
    const auto& fik = doc.payment_means[0];
    CHECK(fik.code == "93");
    CHECK(fik.channel == "DK:FIK");
    CHECK(fik.payment_id == "73");
    CHECK(fik.creditor_account.size() == 8);
}

TEST_CASE("header allowances are totals' allowances and reduce the net") {
    auto doc = parse_ok("phive-2.0.2__BASPRO_03_01_06_Invoice_B_v2p2.xml");
    CHECK(doc.totals.allowance_total == dec("800.00"));
    CHECK(doc.totals.net == dec("4250.00"));
    REQUIRE(doc.allowance_charges.size() == 1);
    CHECK_FALSE(doc.allowance_charges[0].is_charge);
}

TEST_CASE("several VAT categories and reverse charge") {
    auto mixed = parse_ok("gobl-convert-out__dual-currency-mixed.xml");
    REQUIRE(mixed.vat_subtotals.size() == 2);
    CHECK(mixed.vat_subtotals[0].category == sdk::VatCategory::standard);
    CHECK(mixed.vat_subtotals[1].category == sdk::VatCategory::zero);
    auto reverse = parse_ok("gobl-parse__reverse-charge.xml");
    CHECK(reverse.vat_subtotals.at(0).category == sdk::VatCategory::reverse_charge);
    CHECK(reverse.lines.at(0).vat_category == sdk::VatCategory::reverse_charge);
}

TEST_CASE("prepaid amounts and GLN-addressed suppliers") {
    auto comdel = parse_ok("phive-2.0.2__COMDEL_02_02_00_Invoice_v2p2.xml");
    CHECK(comdel.supplier.ean == "5798003041308");
    CHECK(comdel.supplier.cvr == "16356706");
    CHECK(comdel.customer.cvr == "88666553");
}

TEST_CASE("irregular samples that book right are accepted with warnings") {
    for (const char* file :
         {"phive-2.0.2__InvoiceStor_v2p2.xml", "phive-2.0.2__CreditNoteStor_v2p2.xml",
          "gobl-parse__excise-registration-tax_real.xml", "gobl-parse__negative-rounding_real.xml",
          "gobl-convert-out__dual-currency-mixed.xml", "gobl-parse__cpr-supplier.xml"}) {
        INFO(file);
        auto outcome = parse_sample(sample_named(file));
        REQUIRE(outcome.document);
        CHECK_FALSE(outcome.warnings.empty());
    }
}

TEST_CASE("the file name must agree with the document") {
    const Sample& sample = sample_named("phive-2.0.2__BASPRO_01_01_00_Invoice_v2p2.xml");
    std::string bytes = read_file(samples_dir() / sample.file);
    auto parse = [&](sdk::DocumentKey key) {
        return novax::parse_oioubl(bytes, {key, "Novax_x.xml"}).document;
    };
    auto number = parse({"16356706", invoice, "A00095679"});
    REQUIRE_FALSE(number);
    CHECK(number.problem().code == "novax.number_mismatch");
    auto cvr = parse({"11223344", invoice, "A00095678"});
    REQUIRE_FALSE(cvr);
    CHECK(cvr.problem().code == "novax.cvr_mismatch");
    auto kind = parse({"16356706", credit, "A00095678"});
    REQUIRE_FALSE(kind);
    CHECK(kind.problem().code == "novax.kind_mismatch");
}

TEST_CASE("a private customer's CPR is read from EndpointID or a CPR-shaped Contact/ID") {
    const Sample& sample = sample_named("phive-2.0.2__BASPRO_01_01_00_Invoice_v2p2.xml");
    std::string bytes = read_file(samples_dir() / sample.file);
    auto begin = bytes.find("<cac:AccountingCustomerParty>");
    auto end = bytes.find("</cac:AccountingCustomerParty>");
    REQUIRE(end != std::string::npos);
    auto with_customer = [&](const std::string& party) {
        std::string changed = bytes;
        changed.replace(begin, end - begin,
                        "<cac:AccountingCustomerParty><cac:Party>" + party + "</cac:Party>");
        auto outcome = novax::parse_oioubl(changed, {key_of(sample), novax_name(sample)});
        if (!outcome.document)
            FAIL(outcome.document.problem().message);
        return outcome.document.value().customer;
    };
    auto by_contact = with_customer(
        "<cac:PartyName><cbc:Name>Jens Hansen</cbc:Name></cac:PartyName>"
        "<cac:Contact><cbc:ID>010190-1234</cbc:ID></cac:Contact>");
    CHECK(by_contact.cpr == "0101901234");
    CHECK(by_contact.contact_reference.empty());
    CHECK(by_contact.is_private_person());
    auto by_endpoint =
        with_customer("<cbc:EndpointID schemeID=\"DK:CPR\">0101901234</cbc:EndpointID>");
    CHECK(by_endpoint.cpr == "0101901234");
    // A business's contact reference stays a reference.
    auto business = with_customer(
        "<cbc:EndpointID schemeID=\"DK:CVR\">DK11223344</cbc:EndpointID>"
        "<cac:Contact><cbc:ID>0101901234</cbc:ID></cac:Contact>");
    CHECK(business.cvr == "11223344");
    CHECK(business.cpr.empty());
    CHECK(business.contact_reference == "0101901234");
}
