#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>

#include "ferry/sdk/problem.hpp"
#include "ledger_folder.hpp"
#include "test_support.hpp"

using namespace ferry;
using namespace ferry::store_lmdb;

namespace {

unsigned mode_of(const std::string& path) {
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    return info.st_mode & 07777;
}

std::string error_code_of(const std::function<void()>& action) {
    try {
        action();
    } catch (const sdk::Error& error) {
        return error.code();
    }
    return "no error";
}

}  // namespace

TEST_CASE("what is saved is found again, also after reopening", "[store]") {
    test::TempFolder folder;
    test::RecordingHost host;
    sdk::LedgerRecord record = test::full_record("11223344", "1042");
    {
        auto store = test::open_store(folder.ledger(), host);
        CHECK_FALSE(store->find(record.key));
        store->save(record);
        test::require_same(*store->find(record.key), record);
        record.state = sdk::State::delivered;
        record.history.push_back({record.updated, sdk::State::delivered, "booked 2026-1042", ""});
        store->save(record);
    }
    auto reopened = test::open_store(folder.ledger(), host);
    test::require_same(*reopened->find(record.key), record);
    sdk::DocumentKey invoice_with_same_number = record.key;
    invoice_with_same_number.kind = sdk::DocumentKind::invoice;
    CHECK_FALSE(reopened->find(invoice_with_same_number));
}

TEST_CASE("scan visits one pipeline's records in key order, in batches", "[store]") {
    test::TempFolder folder;
    test::RecordingHost host;
    auto store =
        test::open_store(folder.ledger(), host, sdk::Access::read_write, "64", "nosync", "nyborg");
    // More than one scan batch, saved out of order, in two companies and both kinds.
    const int count = 700;
    for (int n = count - 1; n >= 0; --n) {
        auto record = test::full_record(n % 2 ? "22334455" : "11223344", test::number(n));
        record.key.kind = n % 3 ? sdk::DocumentKind::invoice : sdk::DocumentKind::credit_note;
        store->save(record);
    }
    std::vector<sdk::DocumentKey> seen;
    store->scan([&](const sdk::LedgerRecord& record) {
        seen.push_back(record.key);
        return true;
    });
    REQUIRE(seen.size() == count);
    CHECK(std::is_sorted(seen.begin(), seen.end(), [](const auto& a, const auto& b) {
        // Kinds sort by their text, as they are stored: credit-note before invoice.
        return std::tuple(a.company, sdk::to_string(a.kind), a.number) <
               std::tuple(b.company, sdk::to_string(b.kind), b.number);
    }));
    CHECK(std::adjacent_find(seen.begin(), seen.end()) == seen.end());

    SECTION("another pipeline sharing the folder sees none of them") {
        store.reset();
        auto other = test::open_store(folder.ledger(), host, sdk::Access::read_write, "64", "sync",
                                      "nyborg-2");
        other->save(test::full_record("11223344", "1"));
        int visited = 0;
        other->scan([&](const sdk::LedgerRecord&) { return ++visited, true; });
        CHECK(visited == 1);
        CHECK_FALSE(other->find(seen.front()));
    }
    SECTION("the visitor can stop early") {
        int visited = 0;
        store->scan([&](const sdk::LedgerRecord&) { return ++visited < 10; });
        CHECK(visited == 10);
    }
    SECTION("the visitor can change records while scanning, as `ferry retry` does") {
        store->scan([&](const sdk::LedgerRecord& record) {
            auto retried = record;
            retried.state = sdk::State::intent;
            store->save(retried);
            return true;
        });
        int intents = 0;
        store->scan([&](const sdk::LedgerRecord& r) {
            return intents += r.state == sdk::State::intent, true;
        });
        CHECK(intents == count);
    }
}

TEST_CASE("the map grows past its initial size instead of failing", "[store]") {
    test::TempFolder folder;
    test::RecordingHost host;
    const std::size_t one_mib = 1u << 20;
    const int count = 3000;  // about 3 MiB of records with long histories
    auto record_of = [](int n) {
        auto record = test::full_record("11223344", test::number(n));
        record.error_text = std::string(600, 'e');
        return record;
    };
    {
        // Growth does not depend on durability; nosync keeps the test fast on slow disks.
        auto store =
            test::open_store(folder.ledger(), host, sdk::Access::read_write, "1", "nosync");
        CHECK(store->map_size() == one_mib);
        for (int n = 0; n < count; ++n)
            store->save(record_of(n));
        CHECK(store->map_size() > 2 * one_mib);
    }
    CHECK(std::count(host.events.begin(), host.events.end(), "ledger.map.grown") >= 2);
    auto reopened = test::open_store(folder.ledger(), host, sdk::Access::read_write, "1");
    CHECK(reopened->map_size() > 2 * one_mib);
    int visited = 0;
    reopened->scan([&](const sdk::LedgerRecord& record) {
        test::require_same(record, record_of(visited++));
        return true;
    });
    CHECK(visited == count);
}

TEST_CASE("the ledger folder is 0700 and its files 0600, repaired when wider", "[store]") {
    test::TempFolder folder;
    test::RecordingHost host;
    const std::string ledger = folder.path() + "/var/lib/ferry";
    test::open_store(ledger, host)->save(test::full_record("11223344", "1"));
    CHECK(mode_of(ledger) == 0700);
    for (const char* file : {"/data.mdb", "/lock.mdb", "/writer.lock"})
        CHECK(mode_of(ledger + file) == 0600);
    CHECK(host.events.empty());

    ::chmod(ledger.c_str(), 0755);
    ::chmod((ledger + "/data.mdb").c_str(), 0644);
    test::open_store(ledger, host);
    CHECK(mode_of(ledger) == 0700);
    CHECK(mode_of(ledger + "/data.mdb") == 0600);
    CHECK(std::count(host.events.begin(), host.events.end(), "ledger.permissions.repaired") == 2);
}

TEST_CASE("another user can neither read nor write the ledger", "[store]") {
    test::TempFolder folder;
    test::RecordingHost host;
    ::chmod(folder.path().c_str(), 0755);  // only the ledger's own 0700 stands in the way
    test::open_store(folder.ledger(), host)->save(test::full_record("11223344", "1"));
    for (sdk::Access access : {sdk::Access::read_only, sdk::Access::read_write}) {
        auto other_user = test::in_child([&](std::string& message) {
            if (::setgid(65534) != 0 || ::setuid(65534) != 0)
                return message = "setuid", 2;
            message = error_code_of([&] { test::open_store(folder.ledger(), host, access); });
            return 0;
        });
        if (other_user.exit_code == 2) {
            WARN("skipped: cannot switch to user nobody here; run as root to test");
            return;
        }
        CHECK(other_user.message == "ledger.permission");
    }
}

TEST_CASE("a ledger folder its user may not create names the folder to create", "[store]") {
    test::TempFolder folder;
    test::RecordingHost host;
    const std::string missing = folder.path() + "/var-lib-ferry";
    auto other_user = test::in_child([&](std::string& message) {
        if (::setgid(65534) != 0 || ::setuid(65534) != 0)
            return message = "setuid", 2;
        try {
            test::open_store(missing + "/clinic", host);
        } catch (const sdk::Error& e) {
            message = e.code() + " " + e.what();
        }
        return 0;
    });
    if (other_user.exit_code == 2) {
        WARN("skipped: cannot switch to user nobody here; run as root to test");
        return;
    }
    CHECK_THAT(other_user.message, Catch::Matchers::StartsWith("ledger.folder_missing"));
    CHECK_THAT(other_user.message,
               Catch::Matchers::Contains("install -d -m 0700 -o ferry -g ferry " + missing + "`"));
    CHECK_THAT(other_user.message, Catch::Matchers::Contains("user nobody"));
}

TEST_CASE("read-only access reads but never writes", "[store]") {
    test::TempFolder folder;
    test::RecordingHost host;
    CHECK(error_code_of([&] { test::open_store(folder.ledger(), host, sdk::Access::read_only); }) ==
          "ledger.missing");
    test::open_store(folder.ledger(), host)->save(test::full_record("11223344", "5"));
    auto reader = test::open_store(folder.ledger(), host, sdk::Access::read_only);
    CHECK(reader->find({"11223344", sdk::DocumentKind::credit_note, "5"}));
    CHECK(error_code_of([&] { reader->save(test::full_record("11223344", "6")); }) ==
          "ledger.read_only_access");
}

TEST_CASE("one ledger cannot be opened twice in one process", "[store]") {
    test::TempFolder folder;
    test::RecordingHost host;
    auto store = test::open_store(folder.ledger(), host);
    CHECK(error_code_of([&] { test::open_store(folder.ledger(), host, sdk::Access::read_only); }) ==
          "ledger.open_twice");
    store.reset();
    CHECK(test::open_store(folder.ledger(), host, sdk::Access::read_only));
}

TEST_CASE("keys that cannot be stored unambiguously are refused", "[store]") {
    test::TempFolder folder;
    test::RecordingHost host;
    auto store = test::open_store(folder.ledger(), host);
    auto record = test::full_record("11223344", std::string("10\0"
                                                            "42",
                                                            5));
    CHECK(error_code_of([&] { store->save(record); }) == "ledger.key.invalid");
    record.key.number = "";
    CHECK(error_code_of([&] { store->save(record); }) == "ledger.key.invalid");
    record.key.number = std::string(600, '9');
    CHECK(error_code_of([&] { store->save(record); }) == "ledger.key.too_long");
}

TEST_CASE("settings take their defaults from the table and are checked", "[store][settings]") {
    sdk::Settings settings;
    settings.values["path"].text = "/var/lib/ferry/nyborg";
    StoreOptions options = options_from(settings);
    CHECK(options.path == "/var/lib/ferry/nyborg");
    CHECK(options.map_size_bytes() == (std::size_t(64) << 20));
    CHECK(options.durability == Durability::sync);
    CHECK(options_from(test::settings_for("/x", "2", "nometasync")).durability ==
          Durability::nometasync);
    CHECK(error_code_of([] { options_from(test::settings_for("/x", "0")); }) == "settings.range");
    CHECK(error_code_of([] { options_from(test::settings_for("/x", "1", "fast")); }) ==
          "settings.choice");
    const auto& table = settings_table();
    REQUIRE(table.size() == 3);
    CHECK(table[0].name == "path");
    CHECK(table[0].required);
}

TEST_CASE("network file systems are recognised, local ones are not", "[store]") {
    CHECK(network_file_system(0x6969) == "NFS");
    CHECK(network_file_system(0xFF534D42) == "SMB/CIFS");
    CHECK(network_file_system(0xFE534D42) == "SMB/CIFS");
    CHECK(network_file_system(0xEF53) == "");      // ext4
    CHECK(network_file_system(0x01021994) == "");  // tmpfs
    CHECK(network_file_system(0x58465342) == "");  // xfs
}
