// libFuzzer target: any bytes, under any file-name expectation, must give a document or a
// Problem with a code; never a crash, a leak or undefined behaviour.
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
    ferry::novax::parse_file_name(bytes.substr(0, 200));
    return 0;
}
