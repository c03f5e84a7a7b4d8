// The index of records by state: what scan_state lists always matches the records, in the
// same transaction as each save, also for ledgers written before the index existed or since
// by a writer that does not keep it.
#include <lmdb.h>

#include <algorithm>
#include <catch2/catch.hpp>

#include "test_support.hpp"

using namespace ferry;
using namespace ferry::store_lmdb;

namespace {

std::vector<std::string> numbers_in(sdk::Store& store, sdk::State state) {
    std::vector<std::string> numbers;
    store.scan_state(state, [&](const sdk::LedgerRecord& record) {
        CHECK(record.state == state);
        numbers.push_back(record.key.number);
        return true;
    });
    return numbers;
}

sdk::LedgerRecord record_in(sdk::State state, int n) {
    auto record = test::full_record("11223344", test::number(n));
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
        CHECK(numbers_in(*store, sdk::State::intent) == std::vector<std::string>{test::number(5)});
        CHECK(numbers_in(*store, sdk::State::retry_later).size() == 334);
    }
    SECTION("another pipeline in the folder lists none of them") {
        store.reset();
        auto other = test::open_store(folder.ledger(), host, sdk::Access::read_write, "64",
                                      "nosync", "nyborg-2");
        other->save(record_in(sdk::State::intent, 7));
        CHECK(numbers_in(*other, sdk::State::intent) == std::vector<std::string>{test::number(7)});
    }
    SECTION("after reopening, also read-only") {
        store->save(record_in(sdk::State::rejected, 1));
        store.reset();
        {
            auto reader = test::open_store(folder.ledger(), host, sdk::Access::read_only);
            CHECK(numbers_in(*reader, sdk::State::rejected) ==
                  std::vector<std::string>{test::number(1)});
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
    test::write_as_older_ferry(
        folder.ledger(),
        {record_in(sdk::State::intent, 1), record_in(sdk::State::delivered, 2),
         record_in(sdk::State::intent, 3)},
        true);

    SECTION("a reader finds the intents without the index") {
        auto reader = test::open_store(folder.ledger(), host, sdk::Access::read_only);
        CHECK(numbers_in(*reader, sdk::State::intent) ==
              std::vector<std::string>{test::number(1), test::number(3)});
    }
    auto store = test::open_store(folder.ledger(), host);
    CHECK(std::count(host.events.begin(), host.events.end(), "ledger.index.built") == 1);
    CHECK(numbers_in(*store, sdk::State::intent) ==
          std::vector<std::string>{test::number(1), test::number(3)});
    CHECK(numbers_in(*store, sdk::State::delivered) == std::vector<std::string>{test::number(2)});
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
    test::write_as_older_ferry(
        folder.ledger(), {record_in(sdk::State::delivered, 1), record_in(sdk::State::intent, 3)},
        false);

    SECTION("a reader does not trust it") {
        auto reader = test::open_store(folder.ledger(), host, sdk::Access::read_only);
        CHECK(numbers_in(*reader, sdk::State::intent) == std::vector<std::string>{test::number(3)});
    }
    auto store = test::open_store(folder.ledger(), host);
    CHECK(numbers_in(*store, sdk::State::intent) == std::vector<std::string>{test::number(3)});
    CHECK(numbers_in(*store, sdk::State::delivered) ==
          std::vector<std::string>{test::number(1), test::number(2)});
    // Opened again without a foreign write in between, it is trusted as it is.
    host.events.clear();
    store.reset();
    store = test::open_store(folder.ledger(), host);
    CHECK(std::count(host.events.begin(), host.events.end(), "ledger.index.built") == 0);
    CHECK(numbers_in(*store, sdk::State::intent) == std::vector<std::string>{test::number(3)});
}
