#include "oioubl_parser.hpp"

namespace ferry::novax {

const ubl::Profile& novax_profile() {
    static const ubl::Profile profile{"oioubl", "novax", "OIOUBL",
                                      "ask NOVAX to re-print the document", true};
    return profile;
}

ParseOutcome parse_oioubl(std::string_view bytes, const Expectation& expected) {
    return ubl::parse_ubl(bytes, {expected.key, expected.file, expected.max_bytes},
                          novax_profile());
}

}  // namespace ferry::novax
