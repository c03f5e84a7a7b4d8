#include <catch2/catch.hpp>

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

TEST_CASE("damaged record bytes are reported as corrupt, never half-read", "[format]") {
    sdk::LedgerRecord record = test::full_record("11223344", "8");
    std::string bytes = encode_record(record);
    auto code_of = [&](const std::string& damaged) {
        try {
            decode_record(record.key, damaged);
        } catch (const sdk::Error& error) {
            return error.code();
        }
        return std::string("accepted");
    };
    // Every truncation, an extra byte, a bad state, an unknown format 0 and a huge count.
    for (std::size_t size = 0; size < bytes.size(); ++size)
        REQUIRE(code_of(bytes.substr(0, size)) == "ledger.record.corrupt");
    CHECK(code_of(bytes + "x") == "ledger.record.corrupt");
    std::string bad_state = bytes;
    bad_state[1] = 6;
    CHECK(code_of(bad_state) == "ledger.record.corrupt");
    std::string format_zero = bytes;
    format_zero[0] = 0;
    CHECK(code_of(format_zero) == "ledger.record.corrupt");
    sdk::LedgerRecord no_history = record;
    no_history.history.clear();
    std::string huge_count = encode_record(no_history);
    huge_count.replace(huge_count.size() - 4, 4, "\xff\xff\xff\x7f");
    CHECK(code_of(huge_count) == "ledger.record.corrupt");
}
