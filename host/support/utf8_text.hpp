// Text made from bytes Ferry did not choose (a Latin-1 file name, a target's error body), for
// outputs whose readers demand UTF-8 (JSON, Prometheus label values) or one line per event.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ferry {

// The length of the well-formed UTF-8 sequence `text` starts with (RFC 3629: no overlong
// forms, no surrogates, nothing above U+10FFFF) and its code point; 0 when there is none.
std::size_t utf8_sequence(std::string_view text, char32_t& code_point);

// `text` with every byte that does not belong to a well-formed UTF-8 sequence replaced by
// U+FFFD, so one odd byte costs one character, not the line.
std::string valid_utf8(std::string_view text);

}  // namespace ferry
