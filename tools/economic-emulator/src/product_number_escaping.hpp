// e-conomic's own escaping of product numbers in URL paths: characters that URLs mangle are
// written as _<code>_ (space → _9_, '_' → _8_, '/' → _6_, '.' → _11_, '%' → _3_, ...).
#pragma once

#include <string>
#include <string_view>

namespace economic_emulator {

std::string escape_product_number(std::string_view number);
std::string unescape_product_number(std::string_view escaped);

}  // namespace economic_emulator
