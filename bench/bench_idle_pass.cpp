// An idle pass: `ferry once` over a folder of 100,000 NOVAX files that are all delivered
// already, as a clinic's pipeline runs every 15 minutes for years. Measures the whole process
// (start, plugins, listing, deciding, exit) from outside: wall time and peak RSS.
// Goal (issue 8): at most 0.5 s and 50 MB.
//
// The first pass after the ledger was written is reported apart: it folds the briefs saved
// since the last pass into store-lmdb's snapshot (plugins/store-lmdb/README.md), which the
// passes after it read. Here that is all 100,000, as after a migration. Last, files are
// recorded as delivered in three steps and the pass after each is measured: 10 (a clinic's
// pass; their briefs stay beside the snapshot), up to merge_after_recent_briefs (the most a
// pass looks up beside it) and one more (the pass that merges them, rewriting the snapshot).
// Goal (issue 16): the pass after one that delivered 10 costs at most 0.5 s and 50 MB too.
//
//   bench_idle_pass [--files N] [--runs R] [--keep FOLDER]
#include <sys/stat.h>

#include <cstring>

#include "bench_common.hpp"
#include "ledger_indexes.hpp"
#include "lmdb_store.hpp"
#include "measured_child.hpp"

namespace {

using namespace ferry;
using namespace ferry::bench;

constexpr const char* clinic_cvr = "16356706";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

// Files `from`..`to` and their ledger records as delivered, with the fingerprint the source
// gives each (name, size and modification time), as a pass that delivered them leaves them.
void add_delivered(const std::filesystem::path& root, std::size_t from, std::size_t to) {
    const std::string sample = read_text(std::filesystem::path(FERRY_OIOUBL_SAMPLES_DIR) /
                                         "phive-1.17.2__OIOUBL_Invoice_v2p2.xml");
    std::filesystem::create_directories(root / "inbox");
    SilentHost host;
    store_lmdb::StoreOptions options;
    options.path = (root / "ledger").string();
    options.durability = store_lmdb::Durability::nosync;
    store_lmdb::LmdbStore store(options, "idle", sdk::Access::read_write, host);
    auto now = std::chrono::system_clock::now();
    for (std::size_t n = from; n <= to; ++n) {
        std::string number = "A" + std::to_string(10'000'000 + n);
        std::string name = "Novax_" + number + "_" + clinic_cvr + "_Faktura.xml";
        std::filesystem::path path = root / "inbox" / name;
        write_text(path, replaced(sample, "A00095678", number));
        struct stat info {};
        if (::stat(path.c_str(), &info) != 0)
            throw std::runtime_error("cannot stat " + path.string());
        sdk::LedgerRecord record;
        record.key = {clinic_cvr, sdk::DocumentKind::invoice, number};
        record.state = sdk::State::delivered;
        record.attempts = 1;
        record.fingerprint = name + ":" + std::to_string(info.st_size) + "-" +
                             std::to_string(static_cast<std::int64_t>(info.st_mtime));
        record.date = sdk::Date{2026, 1 + static_cast<int>(n % 12), 1 + static_cast<int>(n % 28)};
        record.target = {{"draft", std::to_string(n)}, {"booked", std::to_string(200'000 + n)}};
        record.net = sdk::Decimal::from_units(5050'000'000);
        record.vat = sdk::Decimal::from_units(1262'500'000);
        record.gross = sdk::Decimal::from_units(6312'500'000);
        record.created = record.updated = now;
        record.history = {
            {now, sdk::State::seen, "", ""},
            {now, sdk::State::intent, "attempt 1", ""},
            {now, sdk::State::delivered,
             "draft " + std::to_string(n) + ", booked " + std::to_string(200'000 + n), ""}};
        store.save(record);
    }
}

// Years of passes: every file delivered.
void prepare(const std::filesystem::path& root, std::size_t files) {
    add_delivered(root, 1, files);
    // Nothing is sent in an idle pass: a sink URL where nobody listens makes any request fail.
    write_pipeline(root, "idle",
                   "  base_url: http://127.0.0.1:9\n  app_secret_token: unused\n  companies:\n"
                   "    - { cvr: \"" +
                       std::string(clinic_cvr) + "\", agreement_grant_token: unused }\n");
}

}  // namespace

int main(int argc, char** argv) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress shows as it happens, also in a pipe
    std::size_t files = 100'000;
    std::string keep;  // --keep FOLDER: work there and leave it behind
    int runs = 5;
    for (int i = 1; i < argc; i += 2) {
        if (i + 1 < argc && std::strcmp(argv[i], "--files") == 0)
            files = std::stoul(argv[i + 1]);
        else if (i + 1 < argc && std::strcmp(argv[i], "--keep") == 0)
            keep = argv[i + 1];
        else if (i + 1 < argc && std::strcmp(argv[i], "--runs") == 0)
            runs = std::stoi(argv[i + 1]);
        else
            return std::fprintf(stderr,
                                "usage: bench_idle_pass [--files N] [--runs R] [--keep "
                                "FOLDER]\n"),
                   2;
    }
    try {
        BenchFolder folder("idle", keep);
        auto start = std::chrono::steady_clock::now();
        prepare(folder.path(), files);
        std::printf(
            "idle pass: %zu delivered files and their ledger prepared in %.1f s\n", files,
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        auto pass = [&](std::size_t listed) {
            ChildRun run = run_measured({FERRY_BINARY, "--plugin-path", FERRY_PLUGIN_DIR, "once",
                                         (folder.path() / "pipeline.yaml").string()},
                                        {}, (folder.path() / "output.txt").string());
            std::string output = read_text(folder.path() / "output.txt");
            const std::string expected = "listed " + std::to_string(listed) + ", delivered 0, ";
            if (run.exit_code != 0 || output.find(expected) == std::string::npos)
                throw std::runtime_error("ferry once did not pass idly (exit " +
                                         std::to_string(run.exit_code) + "):\n" + output);
            return run;
        };
        ChildRun first = pass(files);
        std::printf(
            "  first pass after the ledger was written (merges its briefs): %.3f s, "
            "peak RSS %.1f MB\n",
            first.seconds, first.peak_rss_mb);
        std::vector<double> seconds, rss;
        for (int run = 0; run < runs; ++run) {
            ChildRun idle = pass(files);
            std::printf("  run %d: %.3f s, peak RSS %.1f MB\n", run + 1, idle.seconds,
                        idle.peak_rss_mb);
            seconds.push_back(idle.seconds);
            rss.push_back(idle.peak_rss_mb);
        }
        std::printf("idle pass over %zu files, median of %d: %.3f s, peak RSS %.1f MB\n", files,
                    runs, median(seconds), median(rss));
        // As after passes that delivered a few documents: their briefs wait beside the snapshot
        // until there are more than merge_after_recent_briefs, then one pass merges them.
        std::size_t listed = files;
        auto pass_after = [&](std::size_t more, const char* what) {
            add_delivered(folder.path(), listed + 1, listed + more);
            listed += more;
            ChildRun run = pass(listed);
            std::printf("  the pass after %zu more were delivered (%s): %.3f s, peak RSS %.1f MB\n",
                        more, what, run.seconds, run.peak_rss_mb);
            return run;
        };
        constexpr std::size_t delivered_since = 10;
        ChildRun after_change = pass_after(delivered_since, "their briefs beside the snapshot");
        ChildRun most_recent = pass_after(store_lmdb::merge_after_recent_briefs - delivered_since,
                                          "as many recent briefs as are kept unmerged");
        ChildRun merging = pass_after(1, "merges them into a new snapshot");
        result("idle.files", static_cast<double>(files));
        result("idle.seconds", median(seconds));
        result("idle.rss_mb", median(rss));
        result("idle.first_seconds", first.seconds);
        result("idle.first_rss_mb", first.peak_rss_mb);
        result("idle.after_change_seconds", after_change.seconds);
        result("idle.after_change_rss_mb", after_change.peak_rss_mb);
        result("idle.most_recent_seconds", most_recent.seconds);
        result("idle.most_recent_rss_mb", most_recent.peak_rss_mb);
        result("idle.merge_seconds", merging.seconds);
        result("idle.merge_rss_mb", merging.peak_rss_mb);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "bench_idle_pass: %s\n", error.what());
        return 1;
    }
    return 0;
}
