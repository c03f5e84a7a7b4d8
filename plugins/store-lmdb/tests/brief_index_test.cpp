// The briefs a pass decides from (Store::find_brief): always what find() would say, whether
// they come from the briefs saved since the last pass or from the merged snapshot, after
// reopening, for a ledger written before they existed, and when their bytes are damaged.
#include <lmdb.h>

#include <catch2/catch.hpp>

#include "brief_snapshot.hpp"
#include "ledger_indexes.hpp"
#include "test_support.hpp"

using namespace ferry;
using namespace ferry::store_lmdb;

namespace {

sdk::LedgerRecord record_in(sdk::State state, int n) {
    auto record = test::full_record("11223344", test::number(n));
    record.state = state;
    record.fingerprint = "Novax_" + test::number(n) + "_11223344_Faktura.xml:1234-1700000000";
    return record;
}

void require_briefs_agree(sdk::Store& store, int documents) {
    for (int n = 0; n < documents; ++n) {
        sdk::DocumentKey key{"11223344", sdk::DocumentKind::invoice, test::number(n)};
        INFO("document " << key.str());
        auto record = store.find(key);
        auto brief = store.find_brief(key);
        REQUIRE(record.has_value() == brief.has_value());
        if (!record)
            continue;
        CHECK(brief->state == record->state);
        CHECK(brief->next_attempt == record->next_attempt);
        CHECK(brief->fingerprint == record->fingerprint);
        CHECK(brief->changed_fingerprint == record->changed_fingerprint);
    }
}

// Rewrites the brief snapshot's bytes with LMDB alone and stamps the indexes current, as if
// the disk had flipped them after Ferry wrote them.
void damage_snapshot(const std::string& ledger, const std::function<void(std::string&)>& damage) {
    test::with_raw_ledger(ledger, [&](MDB_txn* txn) {
        MDB_dbi snapshot = 0, recent = 0;
        REQUIRE(mdb_dbi_open(txn, "brief-snapshot", 0, &snapshot) == 0);
        REQUIRE(mdb_dbi_open(txn, "recent-briefs", 0, &recent) == 0);
        std::string key = "snapshot";
        MDB_val k{key.size(), key.data()}, v{};
        REQUIRE(mdb_get(txn, snapshot, &k, &v) == 0);
        std::string bytes(static_cast<const char*>(v.mv_data), v.mv_size);
        damage(bytes);
        v = {bytes.size(), bytes.data()};
        REQUIRE(mdb_put(txn, snapshot, &k, &v, 0) == 0);
        std::string stamp_key = "\xff", stamp;
        for (int i = 0; i < 8; ++i)
            stamp += static_cast<char>(mdb_txn_id(txn) >> (8 * i));
        MDB_val sk{stamp_key.size(), stamp_key.data()}, sv{stamp.size(), stamp.data()};
        REQUIRE(mdb_put(txn, recent, &sk, &sv, 0) == 0);
    });
}

}  // namespace

TEST_CASE("find_brief agrees with find before and after the briefs are merged", "[store][brief]") {
    test::TempFolder folder;
    test::RecordingHost host;
    const int documents = 1500;
    {
        auto store =
            test::open_store(folder.ledger(), host, sdk::Access::read_write, "64", "nosync");
        for (int n = 0; n < documents; n += 2)  // every other one: absent keys in between
            store->save(record_in(n % 6 ? sdk::State::delivered : sdk::State::retry_later, n));
        require_briefs_agree(*store, documents);  // the first look-up merged them

        // A pass changes some after looking them up: the changes are the recent briefs,
        // found before the snapshot's older ones, and merged by the next pass's look-ups.
        for (int n = 0; n < documents; n += 10) {
            auto record = record_in(sdk::State::delivered, n);
            record.changed_fingerprint = "re-issued " + test::number(n);
            store->save(record);
        }
        store->save(record_in(sdk::State::rejected, 1));
        require_briefs_agree(*store, documents);
        store->save(record_in(sdk::State::intent, 3));
    }
    SECTION("a reader beside the writer reads the recent briefs and the snapshot") {
        auto reader = test::open_store(folder.ledger(), host, sdk::Access::read_only);
        require_briefs_agree(*reader, documents);
    }
    SECTION("after reopening for writing") {
        auto store = test::open_store(folder.ledger(), host);
        require_briefs_agree(*store, documents);
    }
}

namespace {

std::size_t recent_briefs_in(const std::string& ledger) {
    MDB_stat stat{};
    test::with_raw_ledger(ledger, [&](MDB_txn* txn) {
        MDB_dbi recent = 0;
        REQUIRE(mdb_dbi_open(txn, "recent-briefs", 0, &recent) == 0);
        REQUIRE(mdb_stat(txn, recent, &stat) == 0);
    });
    return stat.ms_entries - 1;  // the stamp
}

// A pass over every listed document, as the host's decide step makes it.
void look_up_all(sdk::Store& store, int documents) {
    for (int n = 0; n < documents; ++n)
        store.find_brief({"11223344", sdk::DocumentKind::invoice, test::number(n)});
}

}  // namespace

TEST_CASE("a pass after a few saves leaves the snapshot as it is and after many rewrites it",
          "[store][brief]") {
    test::TempFolder folder;
    test::RecordingHost host;
    const int documents = 2000;
    const int few = 10;  // a clinic's pass
    {
        auto store =
            test::open_store(folder.ledger(), host, sdk::Access::read_write, "64", "nosync");
        for (int n = 0; n < documents; ++n)
            store->save(record_in(sdk::State::delivered, n));
        look_up_all(*store, documents);
    }
    CHECK(recent_briefs_in(folder.ledger()) == 0);
    {
        auto store = test::open_store(folder.ledger(), host);
        for (int n = 0; n < few; ++n)
            store->save(record_in(sdk::State::rejected, n));
        look_up_all(*store, documents);
        require_briefs_agree(*store, documents);
    }
    CHECK(recent_briefs_in(folder.ledger()) == static_cast<std::size_t>(few));
    {
        auto store = test::open_store(folder.ledger(), host);
        for (int n = 0; n <= static_cast<int>(merge_after_recent_briefs); ++n)
            store->save(record_in(sdk::State::retry_later, documents - 1 - n));
        look_up_all(*store, documents);
        require_briefs_agree(*store, documents);
    }
    CHECK(recent_briefs_in(folder.ledger()) == 0);
}

TEST_CASE("a ledger from before the briefs gets them when opened for writing",
          "[store][brief][migration]") {
    test::TempFolder folder;
    test::RecordingHost host;
    test::open_store(folder.ledger(), host).reset();
    std::vector<sdk::LedgerRecord> records;
    for (int n = 0; n < 20; ++n)
        records.push_back(record_in(sdk::State::delivered, n));
    test::write_as_older_ferry(folder.ledger(), records, true);

    SECTION("a reader answers from the records meanwhile") {
        auto reader = test::open_store(folder.ledger(), host, sdk::Access::read_only);
        require_briefs_agree(*reader, 20);
    }
    auto store = test::open_store(folder.ledger(), host);
    CHECK(std::count(host.events.begin(), host.events.end(), "ledger.index.built") == 1);
    require_briefs_agree(*store, 20);
}

TEST_CASE("a damaged brief snapshot makes look-ups read the records", "[store][brief]") {
    test::TempFolder folder;
    test::RecordingHost host;
    {
        auto store = test::open_store(folder.ledger(), host);
        for (int n = 0; n < 50; ++n)
            store->save(record_in(sdk::State::delivered, n));
        require_briefs_agree(*store, 50);
    }
    SECTION("a flipped byte in one entry") {
        damage_snapshot(folder.ledger(), [](std::string& bytes) { bytes[bytes.size() - 10] ^= 1; });
    }
    SECTION("a header that promises more than the bytes hold") {
        damage_snapshot(folder.ledger(), [](std::string& bytes) { bytes[0] = '\x7f'; });
    }
    SECTION("cut short") {
        damage_snapshot(folder.ledger(),
                        [](std::string& bytes) { bytes.resize(bytes.size() / 2); });
    }
    auto store = test::open_store(folder.ledger(), host);
    CHECK(std::count(host.events.begin(), host.events.end(), "ledger.index.built") == 0);
    require_briefs_agree(*store, 50);
}

TEST_CASE("the brief snapshot finds every key it holds and no other", "[store][brief]") {
    const std::string prefix("pipeline\0company\0invoice\0", 25);
    std::vector<std::string> keys, briefs;
    for (int n = 0; n < 300; ++n) {
        keys.push_back(prefix + test::number(n * 2));
        briefs.push_back("brief of " + test::number(n * 2));
    }
    std::vector<SnapshotEntry> entries;
    for (std::size_t i = 0; i < keys.size(); ++i)
        entries.push_back({keys[i], briefs[i]});
    std::string bytes = BriefSnapshot::encode(entries);
    BriefSnapshot snapshot(bytes);
    REQUIRE(snapshot.size() == 300);
    for (std::size_t i = 0; i < keys.size(); ++i)
        CHECK(snapshot.find(keys[i]) == std::optional<std::string_view>(briefs[i]));
    CHECK_FALSE(snapshot.find(prefix + test::number(1)));
    std::vector<std::string> walked;
    snapshot.for_each([&](const SnapshotEntry& entry) { walked.emplace_back(entry.key); });
    CHECK(walked == keys);
    CHECK(BriefSnapshot("").size() == 0);
    CHECK_FALSE(BriefSnapshot("").find(keys[0]));
    for (std::size_t cut = 0; cut < bytes.size(); cut += 97)
        BriefSnapshot(std::string_view(bytes).substr(0, cut)).find(keys[150]);  // no crash
}
