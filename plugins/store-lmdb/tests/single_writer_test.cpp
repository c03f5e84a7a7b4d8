#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "ferry/sdk/problem.hpp"
#include "test_support.hpp"

using namespace ferry;
using namespace ferry::store_lmdb;

namespace {

const sdk::DocumentKey first_key{"11223344", sdk::DocumentKind::credit_note, "1"};

// Opens the ledger in a child process; exit 0 when it opened, 1 with the error when refused.
test::ChildResult open_in_other_process(const std::string& ledger, sdk::Access access) {
    return test::in_child([&](std::string& message) {
        test::RecordingHost host;
        try {
            auto store = test::open_store(ledger, host, access);
            message = store->find(first_key) ? "found" : "not found";
            return 0;
        } catch (const sdk::Error& error) {
            message = error.code() + ": " + error.what();
            return 1;
        }
    });
}

}  // namespace

TEST_CASE("a second writer process is refused at once, naming the path and the pid",
          "[single-writer]") {
    test::TempFolder folder;
    test::RecordingHost host;
    auto writer = test::open_store(folder.ledger(), host);
    writer->save(test::full_record("11223344", "1"));

    auto second = open_in_other_process(folder.ledger(), sdk::Access::read_write);
    CHECK(second.exit_code == 1);
    CHECK_THAT(second.message, Catch::StartsWith("ledger.locked: ") &&
                                   Catch::Contains(folder.ledger()) &&
                                   Catch::Contains("(pid " + std::to_string(::getpid()) + ")"));

    SECTION("while read-only commands open it beside the writer") {
        auto reader = open_in_other_process(folder.ledger(), sdk::Access::read_only);
        CHECK(reader.exit_code == 0);
        CHECK(reader.message == "found");
    }
    SECTION("and the next writer gets in once the first is gone") {
        writer.reset();
        auto next = open_in_other_process(folder.ledger(), sdk::Access::read_write);
        CHECK(next.exit_code == 0);
        CHECK(next.message == "found");
    }
}

TEST_CASE("a reader adopts the map the writer grew after the reader opened", "[single-writer]") {
    test::TempFolder folder;
    test::RecordingHost host;
    auto writer = test::open_store(folder.ledger(), host, sdk::Access::read_write, "1", "nosync");
    writer->save(test::full_record("11223344", "0"));
    int opened[2], grown[2];
    REQUIRE(::pipe(opened) == 0);
    REQUIRE(::pipe(grown) == 0);
    pid_t reader_pid = ::fork();
    REQUIRE(reader_pid >= 0);
    if (reader_pid == 0) {
        test::RecordingHost child_host;
        auto reader = test::open_store(folder.ledger(), child_host, sdk::Access::read_only, "1");
        char byte = 'o';
        if (::write(opened[1], &byte, 1) != 1 || ::read(grown[0], &byte, 1) != 1)
            ::_exit(3);
        int found = 0;
        reader->scan([&](const sdk::LedgerRecord&) { return ++found, true; });
        ::_exit(found == 2001 ? 0 : 1);
    }
    char byte;
    REQUIRE(::read(opened[0], &byte, 1) == 1);
    auto big = test::full_record("11223344", "");
    big.error_text = std::string(2000, 'e');
    for (int n = 1; n <= 2000; ++n) {
        big.key.number = std::to_string(n);
        writer->save(big);
    }
    REQUIRE(writer->map_size() > (1u << 20));
    REQUIRE(::write(grown[1], "g", 1) == 1);
    int status = 0;
    ::waitpid(reader_pid, &status, 0);
    for (int fd : {opened[0], opened[1], grown[0], grown[1]})
        ::close(fd);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}
