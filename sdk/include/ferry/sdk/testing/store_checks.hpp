// Conformance checks for a store (the ledger): what is saved is found whole, survives reopening,
// is scanned in key order and by state, and is seen by readers in other processes while the writer
// works.
#pragma once

#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <memory>

#include "ferry/sdk/testing/output_check.hpp"
#include "ferry/sdk/testing/plugin_module.hpp"
#include "ferry/sdk/testing/recording_host.hpp"
#include "ferry/sdk/testing/same.hpp"
#include "ferry/sdk/testing/samples.hpp"
#include "ferry/sdk/testing/settings_builder.hpp"

namespace ferry::sdk::testing {

// What a store author provides. Each check constructs a fresh harness: a fresh, empty ledger.
class StoreHarness {
  public:
    virtual ~StoreHarness() = default;
    virtual std::filesystem::path plugin_file() const = 0;
    // Settings for an empty ledger; opening them again reopens the same ledger.
    virtual Settings settings(const SettingsTable& table) = 0;
};

class StoreUnderTest {
  public:
    explicit StoreUnderTest(StoreHarness& harness)
        : descriptor_(load_plugin(harness.plugin_file(), PluginKind::store)),
          settings_(harness.settings(descriptor_.settings())) {}

    std::unique_ptr<Store> open(Access access = Access::read_write) {
        return descriptor_.create_store({settings_, host_, "conformance", access});
    }
    std::vector<std::string> secrets() const {
        return secret_values(settings_, descriptor_.settings());
    }
    RecordingHost& host() { return host_; }

  private:
    const PluginDescriptor& descriptor_;
    Settings settings_;
    RecordingHost host_;
};

inline std::vector<LedgerRecord> everything(Store& store) {
    std::vector<LedgerRecord> records;
    store.scan([&](const LedgerRecord& record) {
        records.push_back(record);
        return true;
    });
    return records;
}

inline void store_finds_what_it_saved(StoreHarness& harness) {
    StoreUnderTest store(harness);
    auto ledger = store.open();
    LedgerRecord record = sample_record("1");
    CHECK_FALSE(ledger->find(record.key));
    ledger->save(record);
    auto found = ledger->find(record.key);
    REQUIRE(found);
    CHECK(same(*found, record));

    record.state = State::rejected;
    record.attempts = 3;
    record.target.clear();
    record.net.reset();
    record.history.push_back(
        {record.updated, State::rejected, "the target refused it", "target.refused"});
    ledger->save(record);  // replaces, never appends
    found = ledger->find(record.key);
    REQUIRE(found);
    CHECK(same(*found, record));
    CHECK(everything(*ledger).size() == 1);
}

inline void store_scans_in_key_order_and_stops_when_asked(StoreHarness& harness) {
    StoreUnderTest store(harness);
    auto ledger = store.open();
    for (const char* number : {"30", "10", "20"})
        ledger->save(sample_record(number));
    LedgerRecord credit_note = sample_record("5");
    credit_note.key.kind = DocumentKind::credit_note;
    ledger->save(credit_note);
    auto records = everything(*ledger);
    REQUIRE(records.size() == 4);
    // Key order is the order of the keys as text (DocumentKey::str()): company, then the kind
    // as written (credit-note before invoice), then the number.
    CHECK(std::is_sorted(records.begin(), records.end(),
                         [](const auto& a, const auto& b) { return a.key.str() < b.key.str(); }));
    int visited = 0;
    ledger->scan([&](const LedgerRecord&) { return ++visited < 2; });
    CHECK(visited == 2);
}

// scan_state answers what scan would, filtered, also after records change state: a store that
// keeps an index by state must move a record between its entries in the same save.
inline void store_scans_by_state(StoreHarness& harness) {
    StoreUnderTest store(harness);
    auto ledger = store.open();
    for (int n = 1; n <= 9; ++n)
        ledger->save(sample_record(std::to_string(n), n % 3 ? State::delivered : State::intent));
    LedgerRecord moved = sample_record("3", State::delivered);
    ledger->save(moved);
    auto in_state = [&](State state) {
        std::vector<std::string> keys;
        ledger->scan_state(state, [&](const LedgerRecord& record) {
            CHECK(record.state == state);
            keys.push_back(record.key.str());
            return true;
        });
        return keys;
    };
    auto scanned = [&](State state) {
        std::vector<std::string> keys;
        for (const auto& record : everything(*ledger))
            if (record.state == state)
                keys.push_back(record.key.str());
        return keys;
    };
    CHECK(in_state(State::intent) == scanned(State::intent));
    CHECK(in_state(State::intent).size() == 2);
    CHECK(in_state(State::delivered) == scanned(State::delivered));
    CHECK(in_state(State::rejected).empty());
    int visited = 0;
    ledger->scan_state(State::delivered, [&](const LedgerRecord&) { return ++visited < 2; });
    CHECK(visited == 2);
}

// find_brief answers what find would, also after each change and after reopening: a store that
// keeps briefs in an index must update them in the same save as the record.
inline void store_finds_briefs(StoreHarness& harness) {
    StoreUnderTest store(harness);
    auto check_brief = [](Store& ledger, const LedgerRecord& record) {
        INFO("document " << record.key.str() << " in state " << to_string(record.state));
        auto brief = ledger.find_brief(record.key);
        REQUIRE(brief);
        CHECK(brief->state == record.state);
        CHECK(brief->next_attempt == record.next_attempt);
        CHECK(brief->fingerprint == record.fingerprint);
        CHECK(brief->changed_fingerprint == record.changed_fingerprint);
    };
    LedgerRecord record = sample_record("1", State::intent);
    {
        auto ledger = store.open();
        CHECK_FALSE(ledger->find_brief(record.key));
        ledger->save(record);
        check_brief(*ledger, record);
        record.state = State::retry_later;
        record.next_attempt = record.updated + std::chrono::minutes(5);
        ledger->save(record);
        check_brief(*ledger, record);
        record.state = State::delivered;
        record.fingerprint = "re-issued";
        record.changed_fingerprint = "re-issued again";
        ledger->save(record);
        check_brief(*ledger, record);
    }
    check_brief(*store.open(Access::read_only), record);
}

inline void store_survives_reopening(StoreHarness& harness) {
    StoreUnderTest store(harness);
    std::vector<LedgerRecord> saved;
    for (int n = 1; n <= 20; ++n)
        saved.push_back(sample_record(std::to_string(n), n % 2 ? State::delivered : State::intent));
    {
        auto ledger = store.open();
        for (const auto& record : saved)
            ledger->save(record);
    }
    auto reopened = store.open();
    for (const auto& record : saved) {
        INFO("record " << record.key.str());
        auto found = reopened->find(record.key);
        REQUIRE(found);
        CHECK(same(*found, record));
    }
    CHECK(everything(*reopened).size() == saved.size());
}

inline void store_refuses_writes_when_read_only(StoreHarness& harness) {
    StoreUnderTest store(harness);
    store.open()->save(sample_record("1"));
    auto reader = store.open(Access::read_only);
    CHECK(reader->find(sample_record("1").key));
    CHECK_THROWS_AS(reader->save(sample_record("2")), Error);
    CHECK_FALSE(reader->find(sample_record("2").key));
}

// Readers are other processes (`ferry status` while `ferry run` works): each opens the ledger
// read-only while the writer keeps saving, and must see every record committed before it
// opened, whole.
inline void store_serves_concurrent_readers(StoreHarness& harness) {
    StoreUnderTest store(harness);
    auto writer = store.open();
    constexpr int committed = 50, readers = 3;
    for (int n = 1; n <= committed; ++n)
        writer->save(sample_record(std::to_string(n)));
    std::vector<pid_t> children;
    for (int r = 0; r < readers; ++r) {
        pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            int status = 0;
            try {
                auto reader = store.open(Access::read_only);
                for (int pass = 0; pass < 5 && status == 0; ++pass)
                    for (int n = 1; n <= committed; ++n) {
                        auto found = reader->find(sample_record(std::to_string(n)).key);
                        if (!found || !same(*found, sample_record(std::to_string(n))))
                            status = 1;
                    }
                std::size_t seen = everything(*reader).size();
                if (seen < committed)
                    status = 2;
            } catch (...) {
                status = 3;
            }
            ::_exit(status);
        }
        children.push_back(pid);
    }
    for (int n = committed + 1; n <= committed + 50; ++n)
        writer->save(sample_record(std::to_string(n)));
    for (pid_t pid : children) {
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        INFO("reader exit status: 1 record missing or changed, 2 scan short, 3 an exception");
        CHECK(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
    }
    CHECK(everything(*writer).size() == committed + 50);
}

inline void store_keeps_secrets_out_of_output(StoreHarness& harness) {
    StoreUnderTest store(harness);
    Output output;
    store.open()->save(sample_record("1"));
    try {
        store.open(Access::read_only)->save(sample_record("2"));
    } catch (const Error& e) {
        output.add("an Error save() threw", e.problem());
    }
    output.add(store.host());
    check_nothing_leaks(output, as_secrets(store.secrets()));
}

}  // namespace ferry::sdk::testing
