#include <catch2/catch.hpp>
#include <sstream>

#include "ferry/sdk/problem.hpp"
#include "ledger/ledger_json.hpp"
#include "ledger_key.hpp"
#include "test_support.hpp"

using namespace ferry;
using namespace ferry::store_lmdb;

TEST_CASE("export then import into a fresh ledger keeps every field", "[json]") {
    test::TempFolder from_folder, to_folder;
    test::RecordingHost host;
    std::vector<sdk::LedgerRecord> written;
    auto from =
        test::open_store(from_folder.ledger(), host, sdk::Access::read_write, "64", "nosync");
    for (int n = 0; n < 40; ++n) {
        auto record = test::full_record(n % 2 ? "11223344" : "99887766", std::to_string(1000 + n));
        if (n % 3 == 0) {
            sdk::LedgerRecord bare;
            bare.key = record.key;
            record = bare;
        }
        if (n % 5 == 0)
            record.error_text = "quote \" backslash \\ newline \n tab \t æøå";
        from->save(record);
        written.push_back(record);
    }
    std::stringstream lines;
    CHECK(export_json_lines(*from, lines) == written.size());

    auto to = test::open_store(to_folder.ledger(), host);
    CHECK(import_json_lines(lines, *to) == written.size());
    for (const auto& record : written) {
        auto imported = to->find(record.key);
        REQUIRE(imported);
        test::require_same(*imported, record);
    }
}

TEST_CASE("one JSON line holds one record and nothing else", "[json]") {
    auto record = test::full_record("11223344", "1042");
    std::string line = to_json_line(record);
    CHECK(line.find('\n') == std::string::npos);
    CHECK_THAT(line, Catch::Contains(R"("next_attempt":"2026-11-23T12:15:00.123456789Z")") &&
                         Catch::Contains(R"("gross":"-1250.625")") &&
                         Catch::Contains(R"("state":"retry-later")"));
    test::require_same(from_json_line(line), record);
}

TEST_CASE("a bad import line is refused with its line number and the field", "[json]") {
    test::TempFolder folder;
    test::RecordingHost host;
    auto store = test::open_store(folder.ledger(), host);
    std::string good = to_json_line(test::full_record("11223344", "1"));
    auto import_error = [&](const std::string& second_line) {
        std::stringstream lines(good + "\n\n" + second_line + "\n");
        try {
            import_json_lines(lines, *store);
        } catch (const sdk::Error& error) {
            CHECK(error.code() == "ledger.import.invalid");
            return std::string(error.what());
        }
        return std::string("accepted");
    };
    CHECK_THAT(import_error("{"), Catch::Contains("line 3") && Catch::Contains("not a JSON"));
    CHECK_THAT(import_error(R"({"company":"1","kind":"invoice","number":"2","state":"done"})"),
               Catch::Contains("state must be"));
    CHECK_THAT(import_error(R"({"company":"1","kind":"invoice","number":"2","state":"seen",)"
                            R"("customer_name":"x"})"),
               Catch::Contains("unknown field \"customer_name\""));
    CHECK_THAT(import_error(R"({"company":"1","kind":"invoice","number":"2","state":"seen",)"
                            R"("created":"2026-01-01 10:00"})"),
               Catch::Contains("created"));
    CHECK(store->find({"11223344", sdk::DocumentKind::credit_note, "1"}));
}

TEST_CASE("history codes are exported and a line from before them imports without", "[json]") {
    sdk::LedgerRecord record = test::full_record("11223344", "7");
    std::string line = to_json_line(record);
    CHECK_THAT(line, Catch::Contains(R"("code":"economic.http.503")"));
    test::require_same(from_json_line(line), record);

    std::string older = R"({"company":"11223344","kind":"invoice","number":"7","state":"skipped",)"
                        R"("history":[{"at":"2026-01-02T03:04:05.000000000Z","state":"skipped",)"
                        R"("note":"skipped by hand: booked elsewhere"}]})";
    sdk::LedgerRecord imported = from_json_line(older);
    REQUIRE(imported.history.size() == 1);
    CHECK(imported.history[0].note == "skipped by hand: booked elsewhere");
    CHECK(imported.history[0].code.empty());
}

TEST_CASE("records of every document kind survive the ledger key and an export and import",
          "[json][kinds]") {
    test::TempFolder from_folder, to_folder;
    test::RecordingHost host;
    std::vector<sdk::LedgerRecord> written;
    {
        auto from = test::open_store(from_folder.ledger(), host);
        for (const sdk::DocumentKindInfo& kind : sdk::document_kinds) {
            auto record = test::full_record("11223344", "2026/3");  // a period's number holds '/'
            record.key.kind = kind.kind;
            INFO(record.key.str());
            CHECK(decode_key("nyborg-clinic", encode_key("nyborg-clinic", record.key)) ==
                  record.key);
            from->save(record);
            written.push_back(record);
        }
    }
    auto from = test::open_store(from_folder.ledger(), host, sdk::Access::read_only);
    std::stringstream lines;
    CHECK(export_json_lines(*from, lines) == written.size());
    CHECK_THAT(lines.str(), Catch::Contains(R"("kind":"customer")") &&
                                Catch::Contains(R"("kind":"accounting-period")"));
    auto to = test::open_store(to_folder.ledger(), host);
    CHECK(import_json_lines(lines, *to) == written.size());
    for (const auto& record : written) {
        INFO(record.key.str());
        auto found = from->find(record.key);
        REQUIRE(found);
        test::require_same(*found, record);
        auto imported = to->find(record.key);
        REQUIRE(imported);
        test::require_same(*imported, record);
    }
}
