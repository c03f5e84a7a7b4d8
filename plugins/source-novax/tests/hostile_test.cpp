// Files made to hurt the parser: each is refused with a stable code and a message that names
// the file, or, for legal-but-unusual encodings, read correctly. Nothing crashes.
#include <unistd.h>

#include <catch2/catch.hpp>

#include <cstdio>

#include "hostile_corpus.hpp"
#include "oioubl_parser.hpp"

using namespace ferry;
using namespace ferry::novax::testing;

namespace {

const char* const file_name = "Novax_A00095678_16356706_Faktura.xml";
const sdk::DocumentKey key{hostile_cvr, sdk::DocumentKind::invoice, hostile_number};

novax::ParseOutcome parse(const std::string& bytes) {
    return novax::parse_oioubl(bytes, {key, file_name});
}

void require_refused(const std::string& bytes, const std::string& code) {
    auto outcome = parse(bytes);
    REQUIRE_FALSE(outcome.document);
    CHECK(outcome.document.problem().code == code);
    CHECK_THAT(outcome.document.problem().message, Catch::StartsWith(file_name));
}

}  // namespace

TEST_CASE("billion laughs is refused before parsing") {
    require_refused(billion_laughs(), "oioubl.xml.doctype");
}

TEST_CASE("an external entity is refused and never fetched") {
    require_refused(external_entity(), "oioubl.xml.doctype");
}

TEST_CASE("any DOCTYPE is refused even a harmless one") {
    require_refused(replaced(base_invoice(), "<Invoice", "<!DOCTYPE Invoice>\n<Invoice"),
                    "oioubl.xml.doctype");
}

TEST_CASE("truncated and empty files are malformed") {
    std::string whole = base_invoice();
    require_refused(whole.substr(0, whole.size() / 2), "oioubl.xml.malformed");
    require_refused("", "oioubl.xml.malformed");
    require_refused(bom, "oioubl.xml.malformed");
}

TEST_CASE("a UBL-looking document in another namespace is not an invoice") {
    require_refused(
        replaced(base_invoice(), "xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"",
                 "xmlns=\"urn:example:Invoice\""),
        "oioubl.root.unknown");
    // Right root, but the basic components under a foreign namespace: nothing is found.
    require_refused(
        replaced(base_invoice(), "CommonBasicComponents-2\"", "CommonBasicComponents-3\""),
        "oioubl.element.missing");
}

TEST_CASE("a 50 MB file is refused by size without being parsed") {
    std::string huge = base_invoice();
    huge = replaced(huge, "</Invoice>",
                    "<!--" + std::string(50u * 1024 * 1024, 'x') + "--></Invoice>");
    require_refused(huge, "novax.file.too_large");
}

TEST_CASE("the size cap is a setting") {
    auto outcome = novax::parse_oioubl(base_invoice(), {key, file_name, 1024});
    REQUIRE_FALSE(outcome.document);
    CHECK(outcome.document.problem().code == "novax.file.too_large");
}

TEST_CASE("bytes that are not UTF-8 in a UTF-8 file are malformed without quoting them") {
    auto outcome = parse(replaced(base_invoice(), "Den Lille Skole", "Den L\xE6ille \xF8kole"));
    REQUIRE_FALSE(outcome.document);
    CHECK(outcome.document.problem().code == "oioubl.xml.malformed");
    CHECK_THAT(outcome.document.problem().message, !Catch::Contains("0xE6"));
}

TEST_CASE("libxml2 prints nothing to stderr even for encoding errors") {
    std::FILE* captured = std::tmpfile();
    REQUIRE(captured);
    std::fflush(stderr);
    int saved = ::dup(2);
    ::dup2(::fileno(captured), 2);
    // iconv rejects these bytes; libxml2 2.9 reports that on its global handler, quoting them.
    std::string bad_euc_jp =
        "<?xml version=\"1.0\" encoding=\"EUC-JP\"?><Invoice>\xFF\xFE\xFD S\xF8ren</Invoice>";
    std::string ascii_claim =
        "<?xml version=\"1.0\" encoding=\"US-ASCII\"?><Invoice>S\xF8ren</Invoice>";
    auto first = parse(bad_euc_jp);
    auto second = parse(ascii_claim);
    std::fflush(stderr);
    ::dup2(saved, 2);
    ::close(saved);
    CHECK_FALSE(first.document);
    CHECK_FALSE(second.document);
    CHECK(std::ftell(captured) == 0);
    CHECK_THAT(first.document.problem().message, !Catch::Contains("0xFF"));
    std::fclose(captured);
}

TEST_CASE("deep nesting is refused by libxml2's depth limit") {
    require_refused(deeply_nested(), "oioubl.xml.malformed");
}

TEST_CASE("comma decimals are refused with the element path") {
    auto outcome = parse(
        replaced(base_invoice(), ">6312.50</cbc:PayableAmount>", ">6312,50</cbc:PayableAmount>"));
    REQUIRE_FALSE(outcome.document);
    CHECK(outcome.document.problem().code == "oioubl.decimal.invalid");
    CHECK_THAT(outcome.document.problem().message,
               Catch::Contains("Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount"));
}

TEST_CASE("placeholder and impossible dates are refused with the element path") {
    for (const char* date : {"YYYY-MM-DD", "00-00-0000", "2005-02-30", "20051120", "", "TBD"}) {
        INFO(date);
        auto outcome = parse(replaced(base_invoice(), "<cbc:IssueDate>2005-11-20<",
                                      std::string("<cbc:IssueDate>") + date + "<"));
        REQUIRE_FALSE(outcome.document);
        CHECK_THAT(outcome.document.problem().code,
                   Catch::Equals("oioubl.date.invalid") || Catch::Equals("oioubl.element.missing"));
        CHECK_THAT(outcome.document.problem().message, Catch::Contains("Invoice/cbc:IssueDate"));
    }
}

TEST_CASE("a payable amount that does not reconcile is refused") {
    auto outcome = parse(
        replaced(base_invoice(), ">6312.50</cbc:PayableAmount>", ">6312.51</cbc:PayableAmount>"));
    REQUIRE_FALSE(outcome.document);
    CHECK(outcome.document.problem().code == "oioubl.totals.payable");
}

TEST_CASE("an amount in another currency than the document's is refused") {
    auto outcome = parse(
        replaced(base_invoice(), "currencyID =\"DKK\">6312.50", "currencyID=\"EUR\">6312.50"));
    REQUIRE_FALSE(outcome.document);
    CHECK(outcome.document.problem().code == "oioubl.currency.mismatch");
}

TEST_CASE("no declaration or no BOM or CRLF line ends all read the same document") {
    std::string plain = without_declaration(base_invoice());
    std::string crlf;
    for (char c : plain) {
        if (c == '\n')
            crlf += '\r';
        crlf += c;
    }
    for (const std::string& bytes : {plain, crlf, bom + plain}) {
        auto outcome = parse(bytes);
        if (!outcome.document)
            FAIL(outcome.document.problem().message);
        CHECK(outcome.document.value().totals.payable == *sdk::Decimal::parse("6312.50"));
    }
}

TEST_CASE("an ISO-8859-1 declared file is decoded to UTF-8") {
    std::string latin1 =
        "<?xml version='1.0' encoding='ISO-8859-1'?>\n" +
        replaced(without_declaration(base_invoice()), "Den Lille Skole", "Den Lille Sk\xF8le");
    auto outcome = parse(latin1);
    if (!outcome.document)
        FAIL(outcome.document.problem().message);
    CHECK(outcome.document.value().customer.name == "Den Lille Sk\xC3\xB8le");
}

TEST_CASE("an unknown format version is refused") {
    require_refused(replaced(base_invoice(), ">OIOUBL-2.02<", ">OIOUBL-9.9<"),
                    "oioubl.version.unsupported");
}

TEST_CASE("random garbage never crashes the parser") {
    std::string bytes = base_invoice();
    std::uint32_t state = 12345;
    for (int round = 0; round < 300; ++round) {
        std::string mutated = bytes;
        for (int flips = 0; flips < 8; ++flips) {
            state = state * 1664525u + 1013904223u;
            mutated[state % mutated.size()] = static_cast<char>(state >> 24);
        }
        auto outcome = parse(mutated);
        if (!outcome.document)
            CHECK_FALSE(outcome.document.problem().code.empty());
    }
}

TEST_CASE("every file of the shared hostile corpus is refused with its code") {
    const std::size_t cap = 256 * 1024;
    for (const auto& file : hostile_corpus(cap)) {
        INFO(file.what);
        auto outcome = novax::parse_oioubl(file.bytes, {key, file_name, cap});
        REQUIRE_FALSE(outcome.document);
        CHECK(outcome.document.problem().code == file.code);
        CHECK_THAT(outcome.document.problem().message, Catch::StartsWith(file_name));
    }
}
