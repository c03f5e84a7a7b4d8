// libFuzzer target over the shared UBL parser (libs/ubl): any bytes, under NOVAX's file-name
// expectation and as source-peppol reads them (no expectation, the key from the document, and
// the listing's identification), must give a document or a Problem with a code; never a crash,
// a leak or undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "file_name.hpp"
#include "oioubl_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    // The samples' most common key, so that seeds get past the number and CVR checks.
    static const ferry::sdk::DocumentKey invoice{"16356706", ferry::sdk::DocumentKind::invoice,
                                                 "A00095678"};
    auto outcome = ferry::novax::parse_oioubl(bytes, {invoice, "fuzz.xml"});
    if (!outcome.document && outcome.document.problem().code.empty())
        __builtin_trap();
    // As a source without expectations reads it (source-peppol's profile: EN 16931 only).
    static const ferry::ubl::Profile en16931_only{"peppol", "peppol", "Peppol BIS 3",
                                                  "fix the document", false};
    auto own_key = ferry::ubl::parse_ubl(bytes, {std::nullopt, "fuzz.xml"}, en16931_only);
    if (!own_key.document && own_key.document.problem().code.empty())
        __builtin_trap();
    auto identity =
        ferry::ubl::identify(bytes, "fuzz.xml", ferry::ubl::default_max_file_bytes, en16931_only);
    if (!identity && identity.problem().code.empty())
        __builtin_trap();
    // What identifies a file for listing names the document the parser maps, when both accept.
    if (identity && own_key.document && identity.value().key != own_key.document.value().key)
        __builtin_trap();
    ferry::novax::parse_file_name(bytes.substr(0, 200));
    return 0;
}
