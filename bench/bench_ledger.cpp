// How fast is the ledger? Lookups per second over 100,000 documents, a full scan, and state
// changes per second in each durability mode (sync is the default).
//
//   bench_ledger [FOLDER]   (default: a new folder under $TMPDIR or /var/tmp; use a real disk,
//                            since fsync on tmpfs costs nothing)
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "bench_common.hpp"
#include "lmdb_store.hpp"

namespace {

using namespace ferry;
using ferry::bench::median;
using ferry::bench::SilentHost;
using Clock = std::chrono::steady_clock;

constexpr int documents = 100'000;
constexpr int lookups_per_run = 200'000;
constexpr int runs = 5;

sdk::DocumentKey key_of(int n) {
    return {n % 4 ? "11223344" : "55667788", sdk::DocumentKind::invoice, std::to_string(n)};
}

// A delivered invoice as the host records it: a few history entries and target numbers.
sdk::LedgerRecord delivered(int n) {
    auto now = std::chrono::system_clock::now();
    sdk::LedgerRecord record;
    record.key = key_of(n);
    record.state = sdk::State::delivered;
    record.attempts = 1;
    record.fingerprint = "sha256:" + std::to_string(n * 2654435761u);
    record.date = sdk::Date{2026, 1 + n % 12, 1 + n % 28};
    record.target = {{"draft", std::to_string(n)}, {"booked", std::to_string(200000 + n)}};
    record.gross = sdk::Decimal::from_units(1250'000'000 + n);
    record.created = record.updated = now;
    record.history = {{now, sdk::State::seen, "", ""},
                      {now, sdk::State::intent, "", ""},
                      {now, sdk::State::delivered, "booked " + std::to_string(200000 + n), ""}};
    return record;
}

store_lmdb::StoreOptions options(const std::string& path, store_lmdb::Durability durability) {
    store_lmdb::StoreOptions options;
    options.path = path;
    options.durability = durability;
    return options;
}

double per_second(int count, Clock::duration elapsed) {
    return count / std::chrono::duration<double>(elapsed).count();
}

}  // namespace

int main(int argc, char** argv) {
    std::string folder;
    if (argc > 1) {
        folder = argv[1];
    } else {
        const char* base = std::getenv("TMPDIR");
        folder = std::string(base && *base ? base : "/var/tmp") + "/ferry-bench-XXXXXX";
        if (!::mkdtemp(folder.data()))
            return std::perror("mkdtemp"), 1;
    }
    const std::string ledger = folder + "/ledger";
    SilentHost host;
    try {
        {
            store_lmdb::LmdbStore fill(options(ledger, store_lmdb::Durability::nosync), "bench",
                                       sdk::Access::read_write, host);
            for (int n = 0; n < documents; ++n)
                fill.save(delivered(n));
        }
        store_lmdb::LmdbStore store(options(ledger, store_lmdb::Durability::sync), "bench",
                                    sdk::Access::read_only, host);
        std::mt19937 random(42);
        std::uniform_int_distribution<int> any(0, documents - 1);
        std::vector<double> lookups, scans;
        for (int run = 0; run < runs; ++run) {
            std::vector<sdk::DocumentKey> keys;
            for (int i = 0; i < lookups_per_run; ++i)
                keys.push_back(key_of(any(random)));
            auto start = Clock::now();
            std::size_t found = 0;
            for (const auto& key : keys)
                found += store.find(key).has_value();
            lookups.push_back(per_second(lookups_per_run, Clock::now() - start));
            if (found != keys.size())
                return std::fprintf(stderr, "lookup missed\n"), 1;
            start = Clock::now();
            int visited = 0;
            store.scan([&](const sdk::LedgerRecord&) { return ++visited, true; });
            scans.push_back(per_second(visited, Clock::now() - start));
        }

        std::printf("ledger benchmark: %d documents in %s (%.1f MiB)\n\n", documents,
                    ledger.c_str(), std::filesystem::file_size(ledger + "/data.mdb") / 1048576.0);
        std::printf("| operation                                | per second (median of %d) |\n",
                    runs);
        std::printf("|------------------------------------------|---------------------------|\n");
        std::printf("| find() random key                        | %25.0f |\n", median(lookups));
        std::printf("| scan() records                           | %25.0f |\n", median(scans));

        const std::pair<const char*, store_lmdb::Durability> modes[] = {
            {"save() state change, sync (default)", store_lmdb::Durability::sync},
            {"save() state change, nometasync", store_lmdb::Durability::nometasync},
            {"save() state change, nosync", store_lmdb::Durability::nosync}};
        for (const auto& [label, durability] : modes) {
            std::filesystem::remove_all(ledger + "-changes");
            store_lmdb::LmdbStore writer(options(ledger + "-changes", durability), "bench",
                                         sdk::Access::read_write, host);
            const int changes = durability == store_lmdb::Durability::nosync ? 20000 : 300;
            std::vector<double> rates;
            for (int run = 0; run < runs; ++run) {
                auto start = Clock::now();
                for (int n = 0; n < changes; ++n)
                    writer.save(delivered(run * changes + n));
                rates.push_back(per_second(changes, Clock::now() - start));
            }
            std::printf("| %-40s | %25.0f |\n", label, median(rates));
        }
    } catch (const sdk::Error& error) {
        std::fprintf(stderr, "%s: %s\n", error.code().c_str(), error.what());
        return 1;
    }
    if (argc <= 1)
        std::filesystem::remove_all(folder);
    return 0;
}
