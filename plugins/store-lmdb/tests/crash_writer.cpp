// Writes the test pattern into a ledger until killed, after checking what is already there.
//
//   ledger_crash_writer LEDGER DURABILITY MAP_SIZE_MB
//
// Writes one byte 'R' to stdout once the ledger is open and checked, then the 8-byte index
// of every operation after save() returned for it. Exit 2: the ledger was inconsistent.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "ferry/sdk/problem.hpp"
#include "ledger_pattern.hpp"
#include "lmdb_store.hpp"

namespace {

class SilentHost final : public ferry::sdk::HostServices {
  public:
    void log(ferry::sdk::LogLevel, std::string_view, std::string_view) override {}
    void log(ferry::sdk::LogLevel, const ferry::sdk::DocumentKey&, std::string_view,
             std::string_view) override {}
    std::chrono::system_clock::time_point now() const override {
        return std::chrono::system_clock::now();
    }
    bool stop_requested() const override { return false; }
    bool wait_for(std::chrono::milliseconds) override { return true; }
};

bool tell(const void* bytes, std::size_t size) {
    return ::write(1, bytes, size) == ssize_t(size);
}

}  // namespace

int main(int argc, char** argv) {
    using namespace ferry;
    if (argc != 4) {
        std::fprintf(stderr, "usage: %s LEDGER DURABILITY MAP_SIZE_MB\n", argv[0]);
        return 64;
    }
    constexpr std::uint64_t most_operations_per_run = 1'000'000;
    try {
        store_lmdb::StoreOptions options;
        options.path = argv[1];
        options.durability = std::strcmp(argv[2], "sync") == 0 ? store_lmdb::Durability::sync
                                                               : store_lmdb::Durability::nosync;
        options.map_size_mb = std::atoi(argv[3]);
        SilentHost host;
        store_lmdb::LmdbStore store(options, store_lmdb::test::pattern_pipeline,
                                    sdk::Access::read_write, host);
        auto check = store_lmdb::test::check_pattern(store);
        if (!check.problem.empty()) {
            std::fprintf(stderr, "crash writer: inconsistent ledger: %s\n", check.problem.c_str());
            return 2;
        }
        if (!tell("R", 1))
            return 3;
        for (std::uint64_t op = check.operations; op < check.operations + most_operations_per_run;
             ++op) {
            store.save(store_lmdb::test::pattern_record(op));
            if (!tell(&op, sizeof op))
                return 3;
        }
        return 0;
    } catch (const sdk::Error& error) {
        std::fprintf(stderr, "crash writer: %s: %s\n", error.code().c_str(), error.what());
        return 1;
    }
}
