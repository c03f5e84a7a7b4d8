// A file's cost while parsed is bounded: a cap on tags and attributes refuses it before the tree
// is built. What the worst admitted file costs is measured by bench/bench_parse.cpp.
#include <catch2/catch.hpp>

#include <string>

#include "oioubl_parser.hpp"
#include "xml_document.hpp"

using namespace ferry;

namespace {

const std::string ubl_invoice =
    "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\">";

novax::ParseOutcome parse(const std::string& xml, std::size_t max_bytes) {
    return novax::parse_oioubl(
        xml, {{"16356706", sdk::DocumentKind::invoice, "1"}, "invoice.xml", max_bytes});
}

std::string repeated(const std::string& text, std::size_t times) {
    std::string result;
    result.reserve(text.size() * times);
    for (std::size_t i = 0; i < times; ++i)
        result += text;
    return result;
}

}  // namespace

TEST_CASE("a file with more tags than any invoice is refused before its tree is built") {
    // 4 bytes a node: 2 MB would have cost libxml2 about 70 MB.
    auto outcome = parse(ubl_invoice + repeated("<a/>", novax::max_markup) + "</Invoice>",
                         novax::default_max_file_bytes);
    REQUIRE_FALSE(outcome.document);
    CHECK(outcome.document.problem().code == "oioubl.xml.too_many_nodes");
    CHECK_THAT(outcome.document.problem().message, Catch::StartsWith("invoice.xml: "));
}

TEST_CASE("attributes count toward the cap as tags do") {
    auto outcome =
        parse(ubl_invoice + repeated("<a b=\"\" c=\"\" d=\"\"/>", novax::max_markup / 4 + 1) +
                  "</Invoice>",
              novax::default_max_file_bytes);
    REQUIRE_FALSE(outcome.document);
    CHECK(outcome.document.problem().code == "oioubl.xml.too_many_nodes");
}
