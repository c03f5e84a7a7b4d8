// valid_utf8, which keeps /metrics label values UTF-8: every ill-formed sequence RFC 3629
// names costs one U+FFFD per byte, and well-formed text passes untouched.
#include <catch2/catch.hpp>

#include "output_probes.hpp"
#include "support/utf8_text.hpp"

using ferry::valid_utf8;
using ferry::testing::is_utf8;

namespace {
const std::string replacement = "\xef\xbf\xbd";
}

TEST_CASE("valid_utf8 keeps well-formed text as it is") {
    for (std::string text : {"", "plain", "N\xc3\xa6stved", "\xe2\x82\xac 10", "\xf0\x9f\x93\x84",
                             "\xf4\x8f\xbf\xbf", "\xed\x9f\xbf"})
        CHECK(valid_utf8(text) == text);
}

TEST_CASE("valid_utf8 replaces each byte of an ill-formed sequence") {
    CHECK(valid_utf8("N\xe6stved") == "N" + replacement + "stved");                // Latin-1
    CHECK(valid_utf8("end \xe2\x82") == "end " + replacement + replacement);       // cut short
    CHECK(valid_utf8("\xc0\xaf") == replacement + replacement);                    // overlong
    CHECK(valid_utf8("\xe0\x80\xaf") == replacement + replacement + replacement);  // overlong
    CHECK(valid_utf8("\xed\xa0\x80") == replacement + replacement + replacement);  // surrogate
    CHECK(valid_utf8("\xf4\x90\x80\x80") ==
          replacement + replacement + replacement + replacement);  // above U+10FFFF
    CHECK(valid_utf8("\xff\xfe") == replacement + replacement);
    for (std::string text : {"\xe6", "\xc3", "\xc0\xaf", "\xed\xa0\x80", "\xf8\x88\x80\x80\x80"})
        CHECK(is_utf8(valid_utf8(text)));
}
