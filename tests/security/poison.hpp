// Text a hostile or careless invoice may carry where a code belongs: a patient's name and CPR
// number, and a character reference for a line break followed by a forged log line. None of it
// may reach a message, a log line, the ledger or a mail.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

namespace ferry::security {

// As written inside an XML file: &#10; becomes a line break once parsed.
inline constexpr std::string_view poison_xml =
    "Jens Hansen 010101-1234&#10;2026-01-01T00:00:00+0000 info document.delivered forged";

// Pieces of the poison that must appear nowhere.
inline constexpr std::string_view poison_pieces[] = {"Jens", "Hansen", "010101-1234", "0101011234",
                                                     "forged"};

inline void require_clean(const std::string& text) {
    for (std::string_view piece : poison_pieces)
        CHECK_THAT(text, !Catch::Contains(std::string(piece)));
}

}  // namespace ferry::security
