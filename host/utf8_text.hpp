// Text for outputs whose readers demand UTF-8 (Prometheus label values, for one), made from
// bytes Ferry did not choose: a Latin-1 file name, a target's error body.
#pragma once

#include <string>
#include <string_view>

namespace ferry {

// `text` with every byte that does not belong to a well-formed UTF-8 sequence replaced by
// U+FFFD, so one odd byte costs one character, not the line.
std::string valid_utf8(std::string_view text);

}  // namespace ferry
