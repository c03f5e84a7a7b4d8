// The index of records by state: what scan_state lists always matches the records, in the
// same transaction as each save, also for ledgers written before the index existed or since
// by a writer that does not keep it.
#include <lmdb.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>

#include "ledger_key.hpp"
#include "record_format.hpp"
#include "test_support.hpp"

using namespace ferry;
using namespace ferry::store_lmdb;

namespace {

std::string number(int n) {
    char text[16];
    std::snprintf(text, sizeof text, "%06d", n);
    return text;
}

std::vector<std::string> numbers_in(sdk::Store& store, sdk::State state) {
    std::vector<std::string> numbers;
    store.scan_state(state, [&](const sdk::LedgerRecord& record) {
        CHECK(record.state == state);
        numbers.push_back(record.key.number);
        return true;
    });
    return numbers;
}

// Writes raw records with LMDB alone, as a Ferry without the index would: the main database
// only. `drop_index` also removes the index, leaving the ledger as an older Ferry left it.
void write_as_older_ferry(const std::string& ledger, const std::vector<sdk::LedgerRecord>& records,
                          bool drop_index) {
    MDB_env* env = nullptr;
    REQUIRE(mdb_env_create(&env) == 0);
    REQUIRE(mdb_env_set_mapsize(env, 64u << 20) == 0);
    REQUIRE(mdb_env_set_maxdbs(env, 1) == 0);
    REQUIRE(mdb_env_open(env, ledger.c_str(), 0, 0600) == 0);
    MDB_txn* txn = nullptr;
    REQUIRE(mdb_txn_begin(env, nullptr, 0, &txn) == 0);
    MDB_dbi dbi = 0;
    REQUIRE(mdb_dbi_open(txn, nullptr, 0, &dbi) == 0);
    for (const auto& record : records) {
        std::string key = encode_key("nyborg-clinic", record.key);
        std::string value = encode_record(record);
        MDB_val k{key.size(), key.data()}, v{value.size(), value.data()};
        REQUIRE(mdb_put(txn, dbi, &k, &v, 0) == 0);
    }
    if (drop_index) {
        MDB_dbi index = 0;
        if (mdb_dbi_open(txn, "by-state", 0, &index) == 0)
            REQUIRE(mdb_drop(txn, index, 1) == 0);
    }
    REQUIRE(mdb_txn_commit(txn) == 0);
    mdb_env_close(env);
}

sdk::LedgerRecord record_in(sdk::State state, int n) {
    auto record = test::full_record("11223344", number(n));
    record.state = state;
    return record;
}

}  // namespace

TEST_CASE("scan_state lists exactly the records in a state as they move", "[store][index]") {
    test::TempFolder folder;
    test::RecordingHost host;
    auto store = test::open_store(folder.ledger(), host, sdk::Access::read_write, "64", "nosync");
    // More than one batch of intents, among many delivered documents.
    for (int n = 0; n < 1000; ++n)
        store->save(record_in(n % 3 ? sdk::State::delivered : sdk::State::intent, n));
    auto intents = numbers_in(*store, sdk::State::intent);
    CHECK(intents.size() == 334);
    CHECK(std::is_sorted(intents.begin(), intents.end()));
    CHECK(numbers_in(*store, sdk::State::delivered).size() == 666);
    CHECK(numbers_in(*store, sdk::State::rejected).empty());

    SECTION("a saved change moves the record, also when the visitor saves it") {
        store->scan_state(sdk::State::intent, [&](const sdk::LedgerRecord& record) {
            auto resolved = record;
            resolved.state = sdk::State::retry_later;
            store->save(resolved);
            return true;
        });
        CHECK(numbers_in(*store, sdk::State::intent).empty());
        CHECK(numbers_in(*store, sdk::State::retry_later).size() == 334);
        store->save(record_in(sdk::State::intent, 5));
        CHECK(numbers_in(*store, sdk::State::intent) == std::vector<std::string>{number(5)});
        CHECK(numbers_in(*store, sdk::State::retry_later).size() == 334);
    }
    SECTION("another pipeline in the folder lists none of them") {
        store.reset();
        auto other = test::open_store(folder.ledger(), host, sdk::Access::read_write, "64",
                                      "nosync", "nyborg-2");
        other->save(record_in(sdk::State::intent, 7));
        CHECK(numbers_in(*other, sdk::State::intent) == std::vector<std::string>{number(7)});
    }
    SECTION("after reopening, also read-only") {
        store->save(record_in(sdk::State::rejected, 1));
        store.reset();
        {
            auto reader = test::open_store(folder.ledger(), host, sdk::Access::read_only);
            CHECK(numbers_in(*reader, sdk::State::rejected) == std::vector<std::string>{number(1)});
            CHECK(numbers_in(*reader, sdk::State::intent).size() == 334);
        }
        auto reopened = test::open_store(folder.ledger(), host);
        CHECK(numbers_in(*reopened, sdk::State::intent).size() == 334);
        CHECK(numbers_in(*reopened, sdk::State::rejected).size() == 1);
    }
}

TEST_CASE("a ledger from before the index is indexed when opened for writing",
          "[store][index][migration]") {
    test::TempFolder folder;
    test::RecordingHost host;
    test::open_store(folder.ledger(), host).reset();  // creates the folder and the files
    write_as_older_ferry(folder.ledger(),
                         {record_in(sdk::State::intent, 1), record_in(sdk::State::delivered, 2),
                          record_in(sdk::State::intent, 3)},
                         true);

    SECTION("a reader finds the intents without the index") {
        auto reader = test::open_store(folder.ledger(), host, sdk::Access::read_only);
        CHECK(numbers_in(*reader, sdk::State::intent) ==
              std::vector<std::string>{number(1), number(3)});
    }
    auto store = test::open_store(folder.ledger(), host);
    CHECK(std::count(host.events.begin(), host.events.end(), "ledger.index.built") == 1);
    CHECK(numbers_in(*store, sdk::State::intent) == std::vector<std::string>{number(1), number(3)});
    CHECK(numbers_in(*store, sdk::State::delivered) == std::vector<std::string>{number(2)});
}

TEST_CASE("an index left stale by a writer that does not keep it is rebuilt",
          "[store][index][migration]") {
    test::TempFolder folder;
    test::RecordingHost host;
    {
        auto store = test::open_store(folder.ledger(), host);
        store->save(record_in(sdk::State::intent, 1));
        store->save(record_in(sdk::State::delivered, 2));
    }
    // An older Ferry delivers document 1 and records a new intent for 3.
    write_as_older_ferry(folder.ledger(),
                         {record_in(sdk::State::delivered, 1), record_in(sdk::State::intent, 3)},
                         false);

    SECTION("a reader does not trust it") {
        auto reader = test::open_store(folder.ledger(), host, sdk::Access::read_only);
        CHECK(numbers_in(*reader, sdk::State::intent) == std::vector<std::string>{number(3)});
    }
    auto store = test::open_store(folder.ledger(), host);
    CHECK(numbers_in(*store, sdk::State::intent) == std::vector<std::string>{number(3)});
    CHECK(numbers_in(*store, sdk::State::delivered) ==
          std::vector<std::string>{number(1), number(2)});
    // Opened again without a foreign write in between, it is trusted as it is.
    host.events.clear();
    store.reset();
    store = test::open_store(folder.ledger(), host);
    CHECK(std::count(host.events.begin(), host.events.end(), "ledger.index.built") == 0);
    CHECK(numbers_in(*store, sdk::State::intent) == std::vector<std::string>{number(3)});
}
