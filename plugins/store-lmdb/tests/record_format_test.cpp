#include <catch2/catch.hpp>

#include "crc32c.hpp"
#include "ferry/sdk/problem.hpp"
#include "record_format.hpp"
#include "test_support.hpp"

using namespace ferry;
using namespace ferry::store_lmdb;

TEST_CASE("a record survives encoding with every field intact", "[format]") {
    sdk::LedgerRecord record = test::full_record("11223344", "1042");
    std::string bytes = encode_record(record);
    CHECK(static_cast<unsigned char>(bytes[0]) == current_record_format);
    test::require_same(decode_record(record.key, bytes), record);
}

TEST_CASE("an empty record survives encoding", "[format]") {
    sdk::LedgerRecord record;
    record.key = {"11223344", sdk::DocumentKind::invoice, "1"};
    test::require_same(decode_record(record.key, encode_record(record)), record);
}

TEST_CASE("a record from a newer Ferry is refused, not misread", "[format]") {
    sdk::LedgerRecord record = test::full_record("11223344", "7");
    std::string bytes = encode_record(record);
    bytes[0] = static_cast<char>(current_record_format + 1);
    try {
        decode_record(record.key, bytes);
        FAIL("a newer format was accepted");
    } catch (const sdk::Error& error) {
        CHECK(error.code() == "ledger.record.newer");
        CHECK_THAT(error.what(),
                   Catch::Contains("11223344/credit-note/7") && Catch::Contains("upgrade Ferry"));
    }
}

namespace {

std::string code_of_decoding(const sdk::DocumentKey& key, const std::string& bytes) {
    try {
        decode_record(key, bytes);
    } catch (const sdk::Error& error) {
        return error.code();
    }
    return "accepted";
}

// `body` (format byte included) with a valid checksum, so the field checks are reached.
std::string sealed(const std::string& body) {
    std::uint32_t crc = crc32c(body);
    std::string bytes = body;
    for (int i = 0; i < 4; ++i)
        bytes += static_cast<char>(crc >> (8 * i));
    return bytes;
}

}  // namespace

TEST_CASE("every flipped bit and every truncation of a record is caught", "[format]") {
    sdk::LedgerRecord record = test::full_record("11223344", "8");
    const std::string bytes = encode_record(record);
    for (std::size_t size = 0; size < bytes.size(); ++size)
        REQUIRE(code_of_decoding(record.key, bytes.substr(0, size)) == "ledger.record.corrupt");
    for (std::size_t at = 1; at < bytes.size(); ++at)
        for (int bit = 0; bit < 8; ++bit) {
            std::string damaged = bytes;
            damaged[at] = static_cast<char>(damaged[at] ^ (1 << bit));
            REQUIRE(code_of_decoding(record.key, damaged) == "ledger.record.corrupt");
        }
}

TEST_CASE("records with a valid checksum but impossible fields are refused", "[format]") {
    sdk::LedgerRecord record = test::full_record("11223344", "9");
    const std::string body = encode_record(record).substr(0, encode_record(record).size() - 4);
    CHECK(code_of_decoding(record.key, sealed(body)) == "accepted");
    CHECK(code_of_decoding(record.key, sealed(body + "x")) == "ledger.record.corrupt");
    std::string bad_state = body;
    bad_state[1] = 6;
    CHECK(code_of_decoding(record.key, sealed(bad_state)) == "ledger.record.corrupt");
    std::string format_zero = body;
    format_zero[0] = 0;
    CHECK(code_of_decoding(record.key, sealed(format_zero)) == "ledger.record.corrupt");
    sdk::LedgerRecord no_history = record;
    no_history.history.clear();
    std::string huge_count = encode_record(no_history);
    huge_count.resize(huge_count.size() - 8);  // the checksum and the generation after the count
    huge_count.replace(huge_count.size() - 4, 4, "\xff\xff\xff\x7f");
    CHECK(code_of_decoding(record.key, sealed(huge_count)) == "ledger.record.corrupt");
}

TEST_CASE("a format 1 record, written before checksums, is still read", "[format][migration]") {
    sdk::LedgerRecord record = test::full_record("11223344", "10");
    record.generation = 0;
    for (auto& entry : record.history)
        entry.code.clear();
    test::require_same(decode_record(record.key, test::encode_in_older_format(record, 1)), record);
}

TEST_CASE("a format 2 record, written before generations, reads as generation 0",
          "[format][migration]") {
    sdk::LedgerRecord record = test::full_record("11223344", "11");
    for (auto& entry : record.history)
        entry.code.clear();
    std::string format_2 = test::encode_in_older_format(record, 2);
    record.generation = 0;
    test::require_same(decode_record(record.key, format_2), record);
}

TEST_CASE("a format 3 record, written before history codes, reads with empty codes",
          "[format][migration]") {
    sdk::LedgerRecord record = test::full_record("11223344", "12");
    for (auto& entry : record.history)
        entry.code.clear();
    test::require_same(decode_record(record.key, test::encode_in_older_format(record, 3)), record);
}

TEST_CASE("the older-format encoder of these tests writes what format 4 reads back",
          "[format][migration]") {
    // Guards the tests above: format 4 = format 3 with one str code after each history note.
    sdk::LedgerRecord record = test::full_record("11223344", "13");
    for (auto& entry : record.history)
        entry.code.clear();
    std::string format_3 = test::encode_in_older_format(record, 3);
    std::string current = encode_record(record);
    CHECK(current.size() == format_3.size() + 4 * record.history.size());
    CHECK(static_cast<unsigned char>(current[0]) == current_record_format);
}
