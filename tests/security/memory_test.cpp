// A file's cost while parsed is bounded: a cap on tags and attributes before the tree is built,
// and a default max_file_mb that keeps the worst case under 256 MB.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <string>

#include "novax_settings.hpp"
#include "oioubl_parser.hpp"
#include "settings_builder.hpp"
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

const std::string attributes = "<a b=\"\" c=\"\" d=\"\" e=\"\" f=\"\" g=\"\" h=\"\" i=\"\"/>";

// A file of `max_bytes`: `tags` elements of eight attributes each, then text.
std::string file_of(std::size_t max_bytes, std::size_t tags) {
    std::string xml = ubl_invoice + repeated(attributes, tags);
    std::string text_node = "<t>" + std::string(8u << 20, 'x') + "</t>";
    const std::string last_open = "<t>", last_close = "</t></Invoice>";
    while (xml.size() + text_node.size() + last_open.size() + last_close.size() < max_bytes)
        xml += text_node;
    std::size_t text = max_bytes - xml.size() - last_open.size() - last_close.size();
    return xml + last_open + std::string(text, 'x') + last_close;
}

// The peak resident memory of a child process that parses `xml`, in megabytes.
long peak_megabytes_parsing(const std::string& xml, std::size_t max_bytes) {
    pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        parse(xml, max_bytes);
        ::_exit(0);
    }
    int status = 0;
    rusage usage{};
    REQUIRE(::wait4(child, &status, 0, &usage) == child);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    return usage.ru_maxrss / 1024;
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

TEST_CASE("the worst file the default max_file_mb admits costs less than 256 MB to parse") {
#if defined(__SANITIZE_ADDRESS__)
    WARN("not measured: AddressSanitizer's shadow memory makes the measure meaningless");
    return;
#endif
    // What the host hands the plugin when the pipeline file leaves max_file_mb out.
    std::string default_mb;
    for (const auto& spec : novax::settings_table())
        if (spec.name == "max_file_mb")
            default_mb = spec.default_value;
    auto settings =
        novax::read_settings(novax::testing::make_settings({{.location = "/tmp"}}, default_mb));
    const std::size_t max_bytes = settings.max_file_bytes;
    // Attributes as far as the file goes, and attributes up to the cap with text after them.
    for (std::size_t tags : {(max_bytes - 200) / attributes.size(), novax::max_markup / 9 - 10}) {
        std::string xml = file_of(max_bytes, tags);
        REQUIRE(xml.size() == max_bytes);
        long megabytes = peak_megabytes_parsing(xml, max_bytes);
        INFO(megabytes << " MB for a file of " << xml.size() << " bytes with " << tags << " tags");
        CHECK(megabytes < 256);
    }
}
