// A ledger written by an older Ferry keeps working: its records are read in their old format
// and rewritten in the current one when they next change.
#include <lmdb.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>

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
    record.generation = 0;  // formats 1 and 2 had none
    for (auto& entry : record.history)
        entry.code.clear();  // nor had formats before 4
    test::open_store(folder.ledger(), host)->save(record);

    const std::string key = encode_key("nyborg-clinic", record.key);
    std::string format_1 = test::encode_in_older_format(record, 1);
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

namespace {

sdk::LedgerRecord rejected_with(const std::string& number, const std::string& code) {
    sdk::LedgerRecord record = test::full_record("11223344", number);
    record.state = sdk::State::rejected;
    record.error_code = code;
    record.history.push_back({record.updated, sdk::State::rejected, code + ": as recorded", code});
    return record;
}

std::vector<std::string> numbers_in(test::RecordingHost& host, const std::string& ledger,
                                    sdk::State state) {
    std::vector<std::string> numbers;
    test::open_store(ledger, host, sdk::Access::read_only)
        ->scan_state(state, [&](const sdk::LedgerRecord& record) {
            numbers.push_back(record.key.number);
            return true;
        });
    return numbers;
}

}  // namespace

TEST_CASE("documents an older Ferry rejected for an unreachable server are retried once",
          "[migration]") {
    test::TempFolder folder;
    test::RecordingHost host;
    const sdk::LedgerRecord unreachable = rejected_with("1", "novax.server.unreachable");
    const sdk::LedgerRecord malformed = rejected_with("2", "oioubl.totals.payable");
    std::filesystem::create_directories(folder.ledger());
    test::write_as_older_ferry(folder.ledger(), {unreachable, malformed}, true);

    {
        auto store = test::open_store(folder.ledger(), host);
        auto record = store->find(unreachable.key);
        REQUIRE(record);
        CHECK(record->state == sdk::State::retry_later);
        CHECK(record->error_code == "novax.server.unreachable");
        CHECK(record->attempts == unreachable.attempts);
        CHECK(record->history.size() == unreachable.history.size() + 1);
        CHECK(record->history.back().state == sdk::State::retry_later);
        CHECK(record->history.back().note.starts_with("ledger upgrade:"));
        auto brief = store->find_brief(unreachable.key);
        REQUIRE(brief);
        CHECK(brief->state == sdk::State::retry_later);
        CHECK(brief->next_attempt <= host.now());
        CHECK(store->find_brief(malformed.key)->state == sdk::State::rejected);
    }
    CHECK(numbers_in(host, folder.ledger(), sdk::State::rejected) == std::vector<std::string>{"2"});
    CHECK(numbers_in(host, folder.ledger(), sdk::State::retry_later).front() == "1");
    CHECK(std::count(host.events.begin(), host.events.end(), "ledger.upgraded") == 1);

    // Once: a rejection recorded after the upgrade is the ledger's truth from then on.
    test::open_store(folder.ledger(), host)->save(unreachable);
    test::open_store(folder.ledger(), host).reset();
    CHECK(test::open_store(folder.ledger(), host)->find(unreachable.key)->state ==
          sdk::State::rejected);
    CHECK(std::count(host.events.begin(), host.events.end(), "ledger.upgraded") == 1);
}

TEST_CASE("records of formats 1 to 3 read whole and their skips get the codes they stood for",
          "[migration]") {
    sdk::LedgerRecord record = test::full_record("11223344", "1042");
    for (auto& entry : record.history)
        entry.code.clear();
    record.state = sdk::State::skipped;
    const sdk::TimePoint at = record.updated;
    record.history.push_back({at, sdk::State::skipped, "before first_date 2026-01-01", ""});
    record.history.push_back({at, sdk::State::seen, "retry requested by hand", ""});
    record.history.push_back({at, sdk::State::skipped, "skipped by hand: booked", ""});
    record.history.push_back({at, sdk::State::skipped, "out of scope", ""});
    for (std::uint8_t format : {1, 2, 3}) {
        INFO("format " << int(format));
        sdk::LedgerRecord expected = record;
        if (format < 3)
            expected.generation = 0;
        expected.history[3].code = "novax.before_first_date";
        expected.history[5].code = sdk::skipped_by_hand_code;
        test::require_same(decode_record(record.key, test::encode_in_older_format(record, format)),
                           expected);
    }
}
