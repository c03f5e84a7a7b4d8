#include "test_support.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "crc32c.hpp"
#include "ledger_key.hpp"
#include "record_format.hpp"

namespace ferry::store_lmdb::test {

void RecordingHost::log(sdk::LogLevel, std::string_view event, std::string_view) {
    events.emplace_back(event);
}

void RecordingHost::log(sdk::LogLevel, const sdk::DocumentKey&, std::string_view event,
                        std::string_view) {
    events.emplace_back(event);
}

std::chrono::system_clock::time_point RecordingHost::now() const {
    return std::chrono::system_clock::now();
}

TempFolder::TempFolder() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base && *base ? base : "/tmp") + "/ferry-lmdb-XXXXXX";
    if (!::mkdtemp(pattern.data()))
        throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
}

TempFolder::~TempFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

sdk::Settings settings_for(const std::string& ledger, const std::string& map_size_mb,
                           const std::string& durability) {
    sdk::Settings settings;
    settings.origin = "test.yaml: store";
    settings.values["path"] = {ledger, {}, {}, "test.yaml:1:1", true};
    settings.values["map_size_mb"] = {map_size_mb, {}, {}, "test.yaml:2:1", true};
    settings.values["durability"] = {durability, {}, {}, "test.yaml:3:1", true};
    return settings;
}

std::unique_ptr<LmdbStore> open_store(const std::string& ledger, sdk::HostServices& host,
                                      sdk::Access access, const std::string& map_size_mb,
                                      const std::string& durability, const std::string& pipeline) {
    return std::make_unique<LmdbStore>(options_from(settings_for(ledger, map_size_mb, durability)),
                                       pipeline, access, host);
}

void with_raw_ledger(const std::string& ledger, const std::function<void(MDB_txn*)>& body) {
    MDB_env* env = nullptr;
    if (mdb_env_create(&env) != 0 || mdb_env_set_mapsize(env, 64u << 20) != 0 ||
        mdb_env_set_maxdbs(env, 8) != 0 || mdb_env_open(env, ledger.c_str(), 0, 0600) != 0)
        throw std::runtime_error("cannot open " + ledger + " with LMDB");
    std::unique_ptr<MDB_env, void (*)(MDB_env*)> closing(env, &mdb_env_close);
    MDB_txn* txn = nullptr;
    if (mdb_txn_begin(env, nullptr, 0, &txn) != 0)
        throw std::runtime_error("cannot write to " + ledger + " with LMDB");
    try {
        body(txn);
    } catch (...) {
        mdb_txn_abort(txn);
        throw;
    }
    if (mdb_txn_commit(txn) != 0)
        throw std::runtime_error("cannot commit to " + ledger + " with LMDB");
}

void write_as_older_ferry(const std::string& ledger, const std::vector<sdk::LedgerRecord>& records,
                          bool drop_indexes) {
    with_raw_ledger(ledger, [&](MDB_txn* txn) {
        MDB_dbi dbi = 0;
        if (mdb_dbi_open(txn, nullptr, 0, &dbi) != 0)
            throw std::runtime_error("cannot open the records of " + ledger);
        for (const auto& record : records) {
            std::string key = encode_key("nyborg-clinic", record.key);
            std::string value = encode_record(record);
            MDB_val k{key.size(), key.data()}, v{value.size(), value.data()};
            if (mdb_put(txn, dbi, &k, &v, 0) != 0)
                throw std::runtime_error("cannot write a record to " + ledger);
        }
        if (!drop_indexes)
            return;
        for (const char* name : {"by-state", "recent-briefs", "brief-snapshot"}) {
            MDB_dbi index = 0;
            if (mdb_dbi_open(txn, name, 0, &index) == 0 && mdb_drop(txn, index, 1) != 0)
                throw std::runtime_error(std::string("cannot drop ") + name + " in " + ledger);
        }
    });
}

std::string encode_in_older_format(const sdk::LedgerRecord& record, std::uint8_t format) {
    if (format < 1 || format > 3)
        throw std::invalid_argument("older record formats are 1 to 3");
    std::string bytes;
    auto little_endian = [&](std::uint64_t value, int size) {
        for (int i = 0; i < size; ++i)
            bytes += static_cast<char>(value >> (8 * i));
    };
    auto text = [&](const std::string& value) {
        little_endian(value.size(), 4);
        bytes += value;
    };
    auto time = [&](sdk::TimePoint at) {
        little_endian(
            static_cast<std::uint64_t>(
                std::chrono::duration_cast<std::chrono::nanoseconds>(at.time_since_epoch())
                    .count()),
            8);
    };
    little_endian(format, 1);
    little_endian(static_cast<std::uint8_t>(record.state), 1);
    little_endian(static_cast<std::uint32_t>(record.attempts), 4);
    text(record.error_code);
    text(record.error_text);
    time(record.next_attempt);
    text(record.fingerprint);
    little_endian(record.date ? 1 : 0, 1);
    if (record.date)
        little_endian(
            static_cast<std::uint32_t>(record.date->sys_days().time_since_epoch().count()), 4);
    little_endian(record.target.size(), 4);
    for (const auto& [name, value] : record.target)
        text(name), text(value);
    little_endian((record.net ? 1 : 0) | (record.vat ? 2 : 0) | (record.gross ? 4 : 0), 1);
    for (const auto& amount : {record.net, record.vat, record.gross})
        if (amount)
            little_endian(static_cast<std::uint64_t>(amount->units()), 8);
    text(record.changed_fingerprint);
    time(record.created);
    time(record.updated);
    little_endian(record.history.size(), 4);
    for (const auto& entry : record.history) {
        time(entry.at);
        little_endian(static_cast<std::uint8_t>(entry.state), 1);
        text(entry.note);
    }
    if (format >= 3)
        little_endian(record.generation, 4);
    if (format >= 2)
        little_endian(crc32c(bytes), 4);
    return bytes;
}

std::string number(int n) {
    char text[16];
    std::snprintf(text, sizeof text, "%06d", n);
    return text;
}

sdk::LedgerRecord full_record(const std::string& company, const std::string& number) {
    using namespace std::chrono;
    sdk::TimePoint base = sys_days(year{2026} / 11 / 23) + hours(12) + nanoseconds(123456789);
    sdk::LedgerRecord record;
    record.key = {company, sdk::DocumentKind::credit_note, number};
    record.state = sdk::State::retry_later;
    record.attempts = 3;
    record.error_code = "economic.http.503";
    record.error_text = "e-conomic answered 503 for invoice " + number + "; trying again";
    record.next_attempt = base + minutes(15);
    record.fingerprint = "sha256:" + number + "f00d";
    record.date = sdk::Date{2026, 2, 28};
    record.target = {{"draft", "148"}, {"booked", "2026" + number}};
    record.net = sdk::Decimal::parse("1000.50");
    record.vat = sdk::Decimal::parse("250.125");
    record.gross = sdk::Decimal::parse("-1250.625");
    record.changed_fingerprint = "sha256:beef";
    record.generation = 2;
    record.created = base;
    record.updated = base + seconds(90);
    record.history = {{base, sdk::State::seen, "", ""},
                      {base + seconds(1), sdk::State::intent, "attempt 1", ""},
                      {base + seconds(90), sdk::State::retry_later, "e-conomic answered 503",
                       "economic.http.503"}};
    return record;
}

ChildResult in_child(const std::function<int(std::string& message)>& body) {
    int fds[2];
    if (::pipe(fds) != 0)
        throw std::runtime_error("pipe failed");
    pid_t pid = ::fork();
    if (pid < 0)
        throw std::runtime_error("fork failed");
    if (pid == 0) {
        ::close(fds[0]);
        std::string message;
        int code = 99;
        try {
            code = body(message);
        } catch (const std::exception& error) {
            message = std::string("unexpected exception: ") + error.what();
        }
        [[maybe_unused]] ssize_t written = ::write(fds[1], message.data(), message.size());
        ::_exit(code);
    }
    ::close(fds[1]);
    ChildResult result;
    char buffer[4096];
    for (ssize_t got; (got = ::read(fds[0], buffer, sizeof buffer)) > 0;)
        result.message.append(buffer, static_cast<std::size_t>(got));
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

}  // namespace ferry::store_lmdb::test

#include <catch2/catch.hpp>

namespace ferry::store_lmdb::test {

void require_same(const sdk::LedgerRecord& actual, const sdk::LedgerRecord& expected) {
    INFO("record " << expected.key.str());
    CHECK(actual.key == expected.key);
    CHECK(actual.state == expected.state);
    CHECK(actual.attempts == expected.attempts);
    CHECK(actual.error_code == expected.error_code);
    CHECK(actual.error_text == expected.error_text);
    CHECK(actual.next_attempt == expected.next_attempt);
    CHECK(actual.fingerprint == expected.fingerprint);
    CHECK(actual.date == expected.date);
    CHECK(actual.target == expected.target);
    CHECK(actual.net == expected.net);
    CHECK(actual.vat == expected.vat);
    CHECK(actual.gross == expected.gross);
    CHECK(actual.changed_fingerprint == expected.changed_fingerprint);
    CHECK(actual.generation == expected.generation);
    CHECK(actual.created == expected.created);
    CHECK(actual.updated == expected.updated);
    REQUIRE(actual.history.size() == expected.history.size());
    for (std::size_t i = 0; i < expected.history.size(); ++i) {
        CHECK(actual.history[i].at == expected.history[i].at);
        CHECK(actual.history[i].state == expected.history[i].state);
        CHECK(actual.history[i].note == expected.history[i].note);
        CHECK(actual.history[i].code == expected.history[i].code);
    }
}

}  // namespace ferry::store_lmdb::test
