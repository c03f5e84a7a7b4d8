// Values from inside an invoice never reach a Problem's message: the parser names the file, the
// element path and the rule, and quotes only what it proved safe.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "hostile_corpus.hpp"
#include "oioubl_parser.hpp"
#include "poison.hpp"

using namespace ferry;
using namespace ferry::novax::testing;
using ferry::security::poison_xml;
using ferry::security::require_clean;

namespace {

novax::ParseOutcome parse(const std::string& xml) {
    return novax::parse_oioubl(
        xml, {{hostile_cvr, sdk::DocumentKind::invoice, hostile_number}, "invoice.xml"});
}

// Every message the parse produced, rejection and warnings alike.
std::vector<std::string> messages_of(const novax::ParseOutcome& outcome) {
    std::vector<std::string> all;
    if (!outcome.document)
        all.push_back(outcome.document.problem().message);
    for (const auto& warning : outcome.warnings)
        all.push_back(warning.message);
    return all;
}

// The base invoice once for each text node and each attribute value, that one replaced by the
// poison: whatever the parser says about it, it says without quoting it.
std::vector<std::string> poisoned_everywhere(const std::string& xml) {
    std::vector<std::string> variants;
    for (std::size_t at = xml.find('>'); at != std::string::npos; at = xml.find('>', at + 1)) {
        std::size_t end = xml.find('<', at + 1);
        if (end == std::string::npos)
            break;
        if (xml.find_first_not_of(" \t\r\n", at + 1) < end)
            variants.push_back(xml.substr(0, at + 1) + std::string(poison_xml) + xml.substr(end));
    }
    for (std::size_t at = xml.find("=\""); at != std::string::npos; at = xml.find("=\"", at + 1)) {
        std::size_t end = xml.find('"', at + 2);
        variants.push_back(xml.substr(0, at + 2) + std::string(poison_xml) + xml.substr(end));
    }
    return variants;
}

}  // namespace

TEST_CASE("no value of any element or attribute is quoted in a problem or warning") {
    auto variants = poisoned_everywhere(base_invoice());
    REQUIRE(variants.size() > 100);
    std::size_t rejected = 0;
    for (const std::string& variant : variants) {
        auto outcome = parse(variant);
        rejected += !outcome.document;
        for (const std::string& message : messages_of(outcome)) {
            INFO(message);
            require_clean(message);
            CHECK(message.find_first_of("\r\n") == std::string::npos);
        }
    }
    CHECK(rejected > 20);
}

TEST_CASE("a currencyID that is not a currency is described and not quoted") {
    auto outcome =
        parse(replaced(base_invoice(), "<cbc:PayableAmount currencyID =\"DKK\"",
                       "<cbc:PayableAmount currencyID=\"" + std::string(poison_xml) + "\""));
    REQUIRE_FALSE(outcome.document);
    CHECK(outcome.document.problem().code == "oioubl.currency.mismatch");
    CHECK_THAT(outcome.document.problem().message, Catch::Contains("cbc:PayableAmount") &&
                                                       Catch::Contains("not an ISO 4217") &&
                                                       Catch::Contains("DKK"));
    require_clean(outcome.document.problem().message);
}

TEST_CASE("a currency code from the ISO list is named") {
    auto outcome = parse(replaced(base_invoice(), "<cbc:PayableAmount currencyID =\"DKK\"",
                                  "<cbc:PayableAmount currencyID=\"EUR\""));
    REQUIRE_FALSE(outcome.document);
    CHECK_THAT(outcome.document.problem().message,
               Catch::Contains("has currencyID EUR but the document currency is DKK"));
}

TEST_CASE("a document currency that is not an ISO 4217 code is refused without quoting it") {
    auto outcome = parse(replaced(base_invoice(), "DocumentCurrencyCode>DKK<",
                                  "DocumentCurrencyCode>" + std::string(poison_xml) + "<"));
    REQUIRE_FALSE(outcome.document);
    CHECK(outcome.document.problem().code == "oioubl.currency.unknown");
    CHECK_THAT(outcome.document.problem().message, Catch::Contains("cbc:DocumentCurrencyCode"));
    require_clean(outcome.document.problem().message);
}

TEST_CASE("libxml2's error text is replaced by line and column and our own words") {
    std::string base = base_invoice();
    struct Case {
        const char* what;
        std::string xml;
        const char* words;
    };
    const Case cases[] = {
        {"a name as a tag that is never closed",
         replaced(base, "</Invoice>", "<JensHansen0101011234></Invoice>"),
         "an element is not closed"},
        {"a name as the encoding name",
         replaced(base, "encoding=\"UTF-8\"", "encoding=\"JensHansen0101011234\""),
         "declared encoding"},
        {"a name as an undefined entity", replaced(base, "DKK<", "&JensHansen0101011234;<"),
         "entities"},
        {"a name as the encoding",
         replaced(base, "encoding=\"UTF-8\"", "encoding=\"Jens Hansen 010101-1234\""),
         "XML declaration"},
        {"a name in bytes that are not UTF-8",
         replaced(base, "DKK<", "Jens Hansen 010101-1234 \xE6\xF8\xE5<"), "declared encoding"},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        auto outcome = parse(c.xml);
        REQUIRE_FALSE(outcome.document);
        const std::string& message = outcome.document.problem().message;
        INFO(message);
        CHECK(outcome.document.problem().code == "oioubl.xml.malformed");
        CHECK_THAT(message, Catch::Contains("at line ") && Catch::Contains(", column ") &&
                                Catch::Contains(c.words) && Catch::Contains("libxml2 error "));
        require_clean(message);
    }
}

TEST_CASE("an amount with too many decimals says how many are allowed") {
    auto outcome = parse(replaced(base_invoice(), ">6312.50</cbc:PayableAmount>",
                                  ">6312.5000001</cbc:PayableAmount>"));
    REQUIRE_FALSE(outcome.document);
    CHECK(outcome.document.problem().code == "oioubl.decimal.invalid");
    CHECK_THAT(
        outcome.document.problem().message,
        Catch::Contains("has 7 decimals; at most 6 are allowed") && !Catch::Contains("6312"));
}
