#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <cstring>
#include <random>
#include <thread>

#include "ledger_pattern.hpp"
#include "test_support.hpp"

using namespace ferry;
using namespace ferry::store_lmdb;

namespace {

struct Writer {
    pid_t pid = -1;
    int output = -1;  // the writer's stdout: 'R', then one 8-byte index per committed save
};

Writer spawn_writer(const std::string& ledger, const char* durability) {
    int fds[2];
    REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::dup2(fds[1], 1);
        ::execl(FERRY_CRASH_WRITER, FERRY_CRASH_WRITER, ledger.c_str(), durability, "1", nullptr);
        ::_exit(127);
    }
    ::close(fds[1]);
    return {pid, fds[0]};
}

bool wait_until_ready(int output) {
    char ready = 0;
    return ::read(output, &ready, 1) == 1 && ready == 'R';
}

// Reads every acknowledgement left in the pipe; returns one past the highest index seen.
std::uint64_t acknowledged(int output, bool ready_read, std::uint64_t before) {
    std::string bytes;
    char buffer[65536];
    for (ssize_t got; (got = ::read(output, buffer, sizeof buffer)) > 0;)
        bytes.append(buffer, static_cast<std::size_t>(got));
    if (!ready_read && !bytes.empty())
        bytes.erase(0, 1);
    std::uint64_t next = before;
    for (std::size_t at = 0; at + 8 <= bytes.size(); at += 8) {
        std::uint64_t op = 0;
        std::memcpy(&op, bytes.data() + at, 8);
        next = op + 1;
    }
    return next;
}

int rounds() {
    const char* text = std::getenv("FERRY_CRASH_ROUNDS");
    return text && std::atoi(text) > 0 ? std::atoi(text) : 30;
}

}  // namespace

TEST_CASE("a writer killed with SIGKILL at any instant leaves a consistent, durable ledger",
          "[crash]") {
    test::TempFolder folder;
    const unsigned seed = std::random_device{}();
    INFO("seed " << seed << " (set FERRY_CRASH_ROUNDS for more rounds)");
    std::mt19937 random(seed);
    std::uint64_t committed = 0;  // operations whose save() returned in some earlier round
    const int total = rounds();
    for (int round = 0; round < total; ++round) {
        INFO("round " << round);
        Writer writer = spawn_writer(folder.ledger(), round % 2 ? "nosync" : "sync");
        bool ready_read = false;
        if (round % 5 == 0) {
            // Early: while the environment is created or opened and checked.
            std::this_thread::sleep_for(
                std::chrono::microseconds(std::uniform_int_distribution(0, 3000)(random)));
        } else {
            REQUIRE(wait_until_ready(writer.output));
            ready_read = true;
            std::this_thread::sleep_for(
                std::chrono::microseconds(std::uniform_int_distribution(0, 25000)(random)));
        }
        ::kill(writer.pid, SIGKILL);
        int status = 0;
        ::waitpid(writer.pid, &status, 0);
        std::uint64_t acked = acknowledged(writer.output, ready_read, committed);
        ::close(writer.output);
        REQUIRE(WIFSIGNALED(status));

        test::RecordingHost host;
        auto store =
            std::make_unique<LmdbStore>(options_from(test::settings_for(folder.ledger(), "1")),
                                        test::pattern_pipeline, sdk::Access::read_write, host);
        auto check = test::check_pattern(*store);
        REQUIRE(check.problem == "");
        // Nothing acknowledged is lost, and at most the one save in flight is added.
        REQUIRE(check.operations >= acked);
        REQUIRE(check.operations <= acked + 1);
        committed = check.operations;
    }
    // The rounds must have written something, or the test proved nothing.
    CHECK(committed > 2 * std::uint64_t(total));
}
