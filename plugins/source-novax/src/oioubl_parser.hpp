// NOVAX's use of the UBL library (libs/ubl): the document must be what its file name promised,
// and problems carry the codes NOVAX operators already match on (`oioubl.*` for the document,
// `novax.*` for the file and the file name).
//
// Independent of where the bytes come from: the share readers, the tests, the fuzzer and the
// benchmark all call this.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "ferry/sdk/document.hpp"
#include "ubl_parser.hpp"
#include "xml_document.hpp"

namespace ferry::novax {

using ubl::default_max_file_bytes;
using ubl::default_max_file_mb;
using ubl::max_markup;
using ubl::ParseOutcome;

struct Expectation {
    sdk::DocumentKey key;  // from the file name: kind, number and the clinic's CVR
    std::string file;      // how messages name the file (no personal data)
    std::size_t max_bytes = default_max_file_bytes;
};

const ubl::Profile& novax_profile();

ParseOutcome parse_oioubl(std::string_view bytes, const Expectation& expected);

}  // namespace ferry::novax
