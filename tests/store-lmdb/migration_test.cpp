// A ledger written by an older Ferry keeps working: its records are read in their old format
// and rewritten in the current one when they next change.
#include <lmdb.h>

#include <catch2/catch.hpp>

#include "ledger_key.hpp"
#include "record_format.hpp"
#include "test_support.hpp"

using namespace ferry;
using namespace ferry::store_lmdb;

namespace {

// Reads or replaces one raw value with LMDB directly, as an older Ferry would have written it.
std::string raw_value(const std::string& ledger, const std::string& key,
                      const std::string* replacement = nullptr) {
    std::string value;
    test::with_raw_ledger(ledger, [&](MDB_txn* txn) {
        MDB_dbi dbi = 0;
        REQUIRE(mdb_dbi_open(txn, nullptr, 0, &dbi) == 0);
        MDB_val k{key.size(), const_cast<char*>(key.data())}, v{};
        if (replacement) {
            v = {replacement->size(), const_cast<char*>(replacement->data())};
            REQUIRE(mdb_put(txn, dbi, &k, &v, 0) == 0);
        }
        REQUIRE(mdb_get(txn, dbi, &k, &v) == 0);
        value.assign(static_cast<const char*>(v.mv_data), v.mv_size);
    });
    return value;
}

}  // namespace

TEST_CASE("records of an older format are read, then upgraded when saved", "[migration]") {
    test::TempFolder folder;
    test::RecordingHost host;
    sdk::LedgerRecord record = test::full_record("11223344", "1042");
    test::open_store(folder.ledger(), host)->save(record);

    const std::string key = encode_key("nyborg-clinic", record.key);
    std::string format_1 = raw_value(folder.ledger(), key);
    format_1.resize(format_1.size() - 4);  // format 1 had no checksum
    format_1[0] = 1;
    raw_value(folder.ledger(), key, &format_1);

    {
        auto store = test::open_store(folder.ledger(), host);
        auto found = store->find(record.key);
        REQUIRE(found);
        test::require_same(*found, record);
        found->state = sdk::State::delivered;
        store->save(*found);
    }
    std::string upgraded = raw_value(folder.ledger(), key);
    CHECK(static_cast<unsigned char>(upgraded[0]) == current_record_format);
    CHECK(decode_record(record.key, upgraded).state == sdk::State::delivered);
}
