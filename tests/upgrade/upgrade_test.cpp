// Upgrades keep what users have. Each folder in fixtures/ is what a released Ferry left on a
// clinic's disk, written by make_fixture.sh with that release's own binary and plugins: the
// ledger, its export as that release made it, the NOVAX folder it was written from and the
// pipeline files. This build must read every record as that release did, accept the last
// release's pipeline files as they are, and carry on: deliver what was due, and nothing a
// second time.
//
// store-lmdb's tests plant single records of the older formats 1 and 2 (migration_test.cpp,
// record_format_test.cpp); here a whole ledger goes through the host as a user runs it.
#include <lmdb.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "economic-emulator/emulator_process.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

using namespace ferry::testing;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// A release's version as numbers, so that 0.10.0 comes after 0.9.0.
std::vector<int> version_of(const fs::path& fixture) {
    std::vector<int> parts;
    std::istringstream text(fixture.filename().string());
    for (std::string part; std::getline(text, part, '.');)
        parts.push_back(std::stoi(part));
    return parts;
}

// Every release's fixture, oldest first: a release must read the ledgers of all earlier ones,
// not only of the last.
std::vector<fs::path> released_fixtures() {
    std::vector<fs::path> folders;
    for (const auto& entry : fs::directory_iterator(FERRY_UPGRADE_FIXTURES_DIR))
        if (entry.is_directory())
            folders.push_back(entry.path());
    std::sort(folders.begin(), folders.end(),
              [](const fs::path& a, const fs::path& b) { return version_of(a) < version_of(b); });
    REQUIRE_FALSE(folders.empty());
    return folders;
}

// Old setting names are accepted for one release only (issue 15): a user who skips a release
// renames them first. So every ledger is run with the pipeline of the last release, which
// keeps the pipeline name and the UPGRADE_* variables of make_fixture.sh.
fs::path last_release_pipeline() {
    return released_fixtures().back() / "pipelines/upgrade.yaml";
}

std::string key_of(const json& record) {
    return record.at("company").get<std::string>() + "/" + record.at("kind").get<std::string>() +
           "/" + record.at("number").get<std::string>();
}

// `ferry ledger export` output by COMPANY/KIND/NUMBER.
using Records = std::map<std::string, json>;

Records read_records(const fs::path& json_lines) {
    Records records;
    std::ifstream in(json_lines);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) {
            json record = json::parse(line);
            std::string key = key_of(record);
            records[key] = std::move(record);
        }
    return records;
}

// Whether `now` holds everything `released` held: objects may have gained fields (a history
// entry its code, say), arrays keep their length, values are equal.
bool holds_as_released(const json& released, const json& now) {
    if (released.is_object()) {
        if (!now.is_object())
            return false;
        for (const auto& [field, value] : released.items())
            if (!now.contains(field) || !holds_as_released(value, now.at(field)))
                return false;
        return true;
    }
    if (released.is_array()) {
        if (!now.is_array() || now.size() != released.size())
            return false;
        for (std::size_t i = 0; i < released.size(); ++i)
            if (!holds_as_released(released[i], now[i]))
                return false;
        return true;
    }
    return released == now;
}

// A later release may add fields to a record; each field the release recorded must read as it
// did then.
void check_as_released(const json& released, const json& now) {
    for (const auto& [field, value] : released.items()) {
        INFO(key_of(released) << ": " << field);
        CHECK(now.contains(field));
        if (now.contains(field)) {
            INFO("released: " << value.dump() << "\nnow: " << now.at(field).dump());
            CHECK(holds_as_released(value, now.at(field)));
        }
    }
}

// What `ferry status --json` should count: documents per company and state.
json counts_of(const Records& records) {
    json counts = json::object();
    for (const auto& [key, record] : records) {
        json& count =
            counts[record["company"].get<std::string>()][record["state"].get<std::string>()];
        count = count.is_null() ? 1 : count.get<int>() + 1;
    }
    return counts;
}

json read_json(const fs::path& file) {
    std::ifstream in(file);
    return json::parse(in);
}

struct LedgerIndexes {
    std::size_t by_state = 0;
    std::size_t recent_briefs = 0;
    std::size_t snapshot_briefs = 0;
};

// Read with LMDB itself rather than the store, in the layout the release wrote
// (plugins/store-lmdb/src/ledger_indexes.cpp; a brief snapshot starts with its u32 count).
LedgerIndexes read_indexes(const fs::path& ledger_folder) {
    MDB_env* env = nullptr;
    REQUIRE(mdb_env_create(&env) == 0);
    std::unique_ptr<MDB_env, decltype(&mdb_env_close)> env_owner(env, mdb_env_close);
    REQUIRE(mdb_env_set_maxdbs(env, 8) == 0);
    REQUIRE(mdb_env_open(env, ledger_folder.c_str(), MDB_RDONLY, 0600) == 0);
    MDB_txn* txn = nullptr;
    REQUIRE(mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn) == 0);
    std::unique_ptr<MDB_txn, decltype(&mdb_txn_abort)> txn_owner(txn, mdb_txn_abort);
    auto open = [&](const char* name) {
        MDB_dbi dbi = 0;
        INFO(name);
        REQUIRE(mdb_dbi_open(txn, name, 0, &dbi) == 0);
        return dbi;
    };
    auto entries = [&](MDB_dbi dbi) {
        MDB_stat stat{};
        REQUIRE(mdb_stat(txn, dbi, &stat) == 0);
        return static_cast<std::size_t>(stat.ms_entries);
    };
    LedgerIndexes indexes;
    indexes.by_state = entries(open("by-state"));
    // Besides the briefs, the stamp of the transaction that last kept the indexes current.
    indexes.recent_briefs = entries(open("recent-briefs")) - 1;
    std::string snapshot_key = "snapshot";
    MDB_val key{snapshot_key.size(), snapshot_key.data()}, value{};
    REQUIRE(mdb_get(txn, open("brief-snapshot"), &key, &value) == 0);
    REQUIRE(value.mv_size >= 4);
    const auto* bytes = static_cast<const unsigned char*>(value.mv_data);
    indexes.snapshot_briefs = std::size_t(bytes[0]) | std::size_t(bytes[1]) << 8 |
                              std::size_t(bytes[2]) << 16 | std::size_t(bytes[3]) << 24;
    return indexes;
}

// A clinic's disk as a release left it: the ledger folder, and the NOVAX folder it was written
// from rebuilt file by file, mtimes included (the source knows a file again by name, size and
// mtime), from inbox.txt. Its pipeline reads the folders, the e-conomic address and the tokens
// from UPGRADE_* variables.
class ReleasedDisk {
  public:
    explicit ReleasedDisk(fs::path fixture) : fixture_(std::move(fixture)) {
        fs::create_directories(dir / "ledger");
        fs::permissions(dir / "ledger", fs::perms::owner_all);
        fs::copy_file(fixture_ / "ledger/data.mdb", dir / "ledger/data.mdb");
        fs::permissions(dir / "ledger/data.mdb", fs::perms::owner_read | fs::perms::owner_write);
        fs::create_directories(dir / "inbox");
        std::ifstream listing(fixture_ / "inbox.txt");
        for (std::string line; std::getline(listing, line);) {
            if (line.empty() || line.starts_with("#"))
                continue;
            std::istringstream fields(line);
            std::int64_t mtime = 0;
            std::string name, origin;
            fields >> mtime >> name >> std::ws;
            std::getline(fields, origin);
            place(name, origin, mtime);
        }
        static const std::regex grant(R"(\$\{env:UPGRADE_GRANT_([0-9]{8})\})");
        const std::string pipeline_text = read_file(pipeline());
        for (std::sregex_iterator it(pipeline_text.begin(), pipeline_text.end(), grant), end;
             it != end; ++it)
            companies.push_back((*it)[1]);
        std::istringstream lines(pipeline_text);
        for (std::string line; std::getline(lines, line);)
            if (line.starts_with("pipeline:"))
                pipeline_name = line.substr(line.find_first_not_of(' ', 9));
    }

    TempDir dir;
    std::vector<std::string> companies;
    std::string pipeline_name;
    std::size_t inbox_files = 0;
    // Where e-conomic is; by default an address where nothing listens.
    std::string economic_url = "http://127.0.0.1:9";

    fs::path pipeline() const { return last_release_pipeline(); }

    // `origin`: a sample of tests/samples/oioubl, or text:CONTENT.
    void place(const std::string& name, const std::string& origin, std::int64_t mtime) {
        const fs::path file = dir / ("inbox/" + name);
        if (origin.starts_with("text:"))
            dir.write("inbox/" + name, origin.substr(5), 0644);
        else
            fs::copy_file(fs::path(FERRY_OIOUBL_SAMPLES_DIR) / origin, file);
        fs::last_write_time(file, fs::file_time_type::clock::from_sys(
                                      std::chrono::sys_seconds(std::chrono::seconds(mtime))));
        ++inbox_files;
    }

    // `ferry <command> PIPELINE <after>`.
    CommandResult ferry(const std::string& command, const std::string& after = "") const {
        return run_command(command_line(command, after));
    }

    // `ferry ledger export` now.
    Records exported() const {
        const fs::path file = dir / "export.jsonl";
        auto result = ferry("ledger export", "-o " + file.string());
        INFO(result.output);
        REQUIRE(result.exit_code == 0);
        return read_records(file);
    }

    // `ferry <command> PIPELINE <options> --json`, its standard output parsed (the log goes
    // to standard error).
    json ferry_json(const std::string& command, const std::string& options = "") const {
        const fs::path file = dir / "answer.json";
        auto result = run_command("{ " + command_line(command, options + " --json") + " >" +
                                  file.string() + "; }");
        INFO(command << ": " << result.output);
        REQUIRE(result.exit_code == 0);
        return read_json(file);
    }

  private:
    std::string command_line(const std::string& command, const std::string& after) const {
        std::string environment =
            "UPGRADE_DIR=" + dir.path().string() + " UPGRADE_ECONOMIC_URL=" + economic_url +
            " UPGRADE_APP_SECRET=" + ferry::test::emulator_app_secret + " UPGRADE_SECRET=not-used";
        for (const auto& cvr : companies)
            environment += " UPGRADE_GRANT_" + cvr + "=upgrade-grant-" + cvr;
        return "env " + environment + " " FERRY_BINARY " --plugin-path " FERRY_PLUGIN_DIR " " +
               command + " " + pipeline().string() + " " + after;
    }

    fs::path fixture_;
};

std::vector<std::string> agreements(const std::vector<std::string>& companies) {
    std::vector<std::string> options = {"--no-fsync"};
    for (const auto& cvr : companies)
        options.insert(options.end(), {"--agreement", "upgrade-grant-" + cvr + ":" + cvr});
    return options;
}

// How often e-conomic holds each reference, drafts and booked invoices of every company.
json held_references(const ferry::test::EmulatorProcess& emulator,
                     const std::vector<std::string>& companies) {
    json held = json::object();
    for (const auto& cvr : companies) {
        json company =
            emulator
                .request("GET", "/__emulator/agreements/upgrade-grant-" + cvr + "/state", {}, {})
                .json();
        for (const char* list : {"drafts", "booked"})
            for (const json& invoice : company[list]) {
                json& count = held[invoice["references"]["other"].get<std::string>()];
                count = count.is_null() ? 1 : count.get<int>() + 1;
            }
    }
    return held;
}

// Now as the ledger's times are written, to the second: such texts sort as the times do.
std::string utc_now_text() {
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
    return text;
}

}  // namespace

TEST_CASE("each released ledger holds what a clinic's ledger holds") {
    for (const fs::path& fixture : released_fixtures()) {
        INFO(fixture.string());
        Records records = read_records(fixture / "ledger.jsonl");
        std::set<std::string> states, companies, targets;
        bool resent = false, reissued = false, rejected_with_draft = false;
        for (const auto& [key, record] : records) {
            states.insert(record["state"].get<std::string>());
            companies.insert(record["company"].get<std::string>());
            for (const auto& [name, value] : record["target"].items())
                targets.insert(name);
            resent = resent || record["generation"].get<int>() > 0;
            reissued = reissued || !record["changed_fingerprint"].get<std::string>().empty();
            rejected_with_draft =
                rejected_with_draft || (record["state"] == "rejected" && !record["target"].empty());
            INFO(key);
            CHECK_FALSE(record["history"].empty());
        }
        for (const char* state : {"delivered", "rejected", "retry-later", "intent", "skipped"}) {
            INFO(state);
            CHECK(states.contains(state));
        }
        CHECK(companies.size() >= 5);
        CHECK(targets == std::set<std::string>{"booked", "draft"});
        CHECK(resent);
        CHECK(reissued);
        CHECK(rejected_with_draft);

        // Both parts of the brief index: the snapshot folded from more than 256 saves, and
        // the briefs saved since.
        TempDir copy;
        fs::copy_file(fixture / "ledger/data.mdb", copy / "data.mdb");
        LedgerIndexes indexes = read_indexes(copy.path());
        CHECK(indexes.by_state == records.size());
        CHECK(indexes.snapshot_briefs > 256);
        CHECK(indexes.recent_briefs > 0);
    }
}

TEST_CASE("this build reads every record of a released ledger as its release exported it") {
    for (const fs::path& fixture : released_fixtures()) {
        INFO(fixture.string());
        ReleasedDisk disk(fixture);
        const Records released = read_records(fixture / "ledger.jsonl");
        const Records now = disk.exported();
        REQUIRE(now.size() == released.size());
        for (const auto& [key, record] : released) {
            INFO(key);
            REQUIRE(now.contains(key));
            check_as_released(record, now.at(key));
        }
        CHECK(disk.ferry_json("status")["companies"] == counts_of(released));
    }
}

TEST_CASE("the pipeline files of the last release are valid to this build") {
    for (const auto& entry : fs::directory_iterator(released_fixtures().back() / "pipelines")) {
        INFO(entry.path().string());
        TempDir dir;
        std::string text = read_file(entry.path());
        // Secrets kept in files (${file:/etc/ferry/...}) are made in the test's folder.
        static const std::regex file_secret(R"(\$\{file:([^}]+)\})");
        std::string pipeline;
        std::size_t copied = 0;
        for (std::sregex_iterator it(text.begin(), text.end(), file_secret), end; it != end; ++it) {
            fs::path secret = dir.write("secrets/" + fs::path((*it)[1].str()).filename().string(),
                                        "secret-of-the-test");
            pipeline += text.substr(copied, static_cast<std::size_t>(it->position()) - copied);
            pipeline += "${file:" + secret.string() + "}";
            copied = static_cast<std::size_t>(it->position() + it->length());
        }
        pipeline += text.substr(copied);
        const fs::path file = dir.write(entry.path().filename().string(), pipeline);
        // ${env:NAME}: a folder for *_DIR, an address for *_URL, a token for the rest.
        static const std::regex variable(R"(\$\{env:([A-Za-z_][A-Za-z0-9_]*)\})");
        std::string environment;
        for (std::sregex_iterator it(text.begin(), text.end(), variable), end; it != end; ++it) {
            std::string name = (*it)[1];
            std::string value = name.ends_with("_DIR")   ? dir.path().string()
                                : name.ends_with("_URL") ? "http://127.0.0.1:9"
                                                         : "token-of-the-test";
            environment += " " + name + "=" + value;
        }
        auto validate = run_command(
            "env" + environment + " " FERRY_BINARY " --plugin-path " FERRY_PLUGIN_DIR " validate " +
            file.string());
        INFO(validate.output);
        // Settings renamed since may warn; nothing of the release may be an error.
        CHECK(validate.exit_code == 0);
        CHECK_THAT(validate.output, Catch::Contains("is valid") && !Catch::Contains("error:"));
    }
}

TEST_CASE("a pass of this build carries on over a released ledger and delivers nothing twice") {
    for (const fs::path& fixture : released_fixtures()) {
        INFO(fixture.string());
        ReleasedDisk disk(fixture);
        ferry::test::EmulatorProcess emulator(agreements(disk.companies));
        disk.economic_url = emulator.base_url();
        const Records released = read_records(fixture / "ledger.jsonl");

        // A document no release has seen yet.
        const std::string new_document = "16356706/credit-note/202400095679";
        REQUIRE_FALSE(released.contains(new_document));
        using namespace std::chrono;
        disk.place(
            "Novax_202400095679_16356706_Kreditnote.xml",
            "phive-3.0.1__OIOUBL3_CreditNote_billing_with_response_Example.xml",
            sys_seconds(sys_days(year(2026) / 6 / 1) + hours(12)).time_since_epoch().count());
        // What is due: the new document, those a crash left in intent (the pass asks the
        // target first; this e-conomic has never seen them), and those waiting for another
        // attempt once their time has come (make_fixture.sh paused them for a minute only).
        std::set<std::string> due = {new_document};
        const std::string now_text = utc_now_text();
        for (const auto& [key, record] : released)
            if (record["state"] == "intent" ||
                (record["state"] == "retry-later" &&
                 record["next_attempt"].get<std::string>().substr(0, 19) < now_text))
                due.insert(key);
        json expected_in_economic = json::object();
        for (const auto& key : due)
            expected_in_economic["ferry:" + disk.pipeline_name + ":" + key] = 1;

        auto plan = disk.ferry("plan");
        INFO(plan.output);
        CHECK(plan.exit_code == 0);
        CHECK_THAT(plan.output, Catch::Contains(new_document));

        auto pass = disk.ferry("once");
        INFO(pass.output);
        REQUIRE(pass.exit_code == 0);
        CHECK_THAT(pass.output,
                   Catch::Contains("listed " + std::to_string(disk.inbox_files) + ", delivered " +
                                   std::to_string(due.size()) +
                                   ", rejected 0, retry later 0, skipped 0, changed after "
                                   "delivery 0, unresolved 0"));
        // Whatever this pass sent is in this fresh e-conomic, so a document the release had
        // delivered would be here too.
        CHECK(held_references(emulator, disk.companies) == expected_in_economic);

        const Records now = disk.exported();
        CHECK(now.size() == released.size() + 1);
        for (const auto& [key, record] : released) {
            INFO(key);
            REQUIRE(now.contains(key));
            if (!due.contains(key)) {
                check_as_released(record, now.at(key));
                continue;
            }
            const json& delivered = now.at(key);
            CHECK(delivered["state"] == "delivered");
            CHECK(delivered["generation"] == record["generation"]);
            // Its history goes on from where the release left it.
            const json& history = delivered["history"];
            REQUIRE(history.size() > record["history"].size());
            for (std::size_t i = 0; i < record["history"].size(); ++i)
                CHECK(history[i] == record["history"][i]);
        }
        REQUIRE(now.contains(new_document));
        CHECK(now.at(new_document)["state"] == "delivered");
        CHECK(now.at(new_document)["target"].contains("booked"));

        auto again = disk.ferry("once");
        INFO(again.output);
        CHECK(again.exit_code == 0);
        CHECK_THAT(again.output, Catch::Contains("delivered 0, rejected 0, retry later 0, "
                                                 "skipped 0, changed after delivery 0"));
        CHECK(held_references(emulator, disk.companies) == expected_in_economic);

        // What a person looks at after the upgrade.
        CHECK(disk.ferry_json("status")["companies"] == counts_of(now));
        for (const auto& [key, record] : released)
            if (record["generation"].get<int>() > 0) {
                auto explained = disk.ferry("explain", key);
                INFO(explained.output);
                CHECK(explained.exit_code == 0);
                CHECK_THAT(explained.output,
                           Catch::Contains("delivery generation " +
                                           std::to_string(record["generation"].get<int>())));
            }
        CHECK_FALSE(disk.ferry_json("report gaps")["series"].empty());
        json reconciled = disk.ferry_json("report reconcile", "--from 2000-01-01 --to 2035-12-31");
        REQUIRE_FALSE(reconciled["companies"].empty());
        for (const json& company : reconciled["companies"])
            for (const json& missing : company["missing_on_target"]) {
                INFO(missing.dump());
                CHECK_FALSE(due.contains(missing["document"].get<std::string>()));
            }
    }
}
