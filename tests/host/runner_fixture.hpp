// The runner tests' fixture: a pipeline of source-testdir, sink-recording and store-memory in a
// temporary folder, with a clock the test moves and the log kept as text.
#pragma once

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <catch2/catch.hpp>
#include <sstream>

#include "engine/open_pipeline.hpp"
#include "engine/progress.hpp"
#include "ledger/ledger_record.hpp"
#include "support/temp_dir.hpp"

namespace ferry::testing {
namespace fs = std::filesystem;

// One counter for every test file: the memory ledgers live in one plugin library.
inline int next_ledger_id = 0;

struct RunnerFixture {
    ferry::testing::TempDir dir;
    std::string ledger = "ledger-" + std::to_string(++next_ledger_id);
    sdk::TimePoint now = std::chrono::sys_days{std::chrono::year{2026} / 3 / 1};
    std::ostringstream log_text;
    std::shared_ptr<EventLog> log = std::make_shared<EventLog>(
        std::make_shared<spdlog::logger>(
            "test", std::make_shared<spdlog::sinks::ostream_sink_mt>(log_text)),
        LogFormat::text);
    StopSignal stop;
    PluginCatalog catalog{{FERRY_TEST_PLUGIN_DIR}};
    // The memory ledger lives in the plugin library: keep it loaded between runners.
    LoadedPlugin memory_store = catalog.load("store-memory");

    std::string host_settings;  // pipeline-level lines, e.g. "in_flight: 4\n"
    // The customers variants make documents of a kind that follows its source.
    std::string source_plugin = "source-testdir";
    std::string sink_plugin = "sink-recording";

    RunnerFixture() { fs::create_directories(dir / "inbox"); }

    void document(const std::string& name, const std::string& fields) {
        dir.write("inbox/" + name + ".txt", fields);
    }

    std::unique_ptr<OpenPipeline> open(const std::string& sink_settings = "",
                                       const std::string& source_settings = "",
                                       const std::string& store_settings = "") {
        auto file =
            dir.write("pipeline.yaml",
                      "pipeline: clinic\n"
                      "store: { plugin: store-memory, name: " +
                          ledger + store_settings +
                          " }\n"
                          "source: { plugin: " +
                          source_plugin + ", path: " + (dir / "inbox").string() + source_settings +
                          " }\n"
                          "sink: { plugin: " +
                          sink_plugin + ", journal: " + (dir / "journal").string() + sink_settings +
                          " }\n" + host_settings);
        return std::make_unique<OpenPipeline>(load_pipeline(file, catalog), log, stop,
                                              sdk::Access::read_write, OpenPipeline::Parts::all,
                                              [this] { return now; });
    }

    PassSummary pass(const std::string& sink_settings = "", const std::string& source_settings = "",
                     const std::string& store_settings = "") {
        auto pipeline = open(sink_settings, source_settings, store_settings);
        return Runner(pipeline->parts(), pipeline->services()).run_pass();
    }

    sdk::LedgerRecord record_of(const std::string& company, const std::string& number,
                                sdk::DocumentKind kind = sdk::DocumentKind::invoice) {
        auto pipeline = open();
        auto found = pipeline->store().find({company, kind, number});
        REQUIRE(found);
        return *found;
    }

    // Everything the pipeline put at rest: the log and every record of the ledger.
    std::string at_rest() {
        std::string everything = log_text.str();
        auto pipeline = open();
        pipeline->store().scan([&](const sdk::LedgerRecord& r) {
            everything += r.key.str() + r.error_code + r.error_text + r.fingerprint;
            for (const auto& entry : r.history)
                everything += entry.note;
            for (const auto& [name, value] : r.target)
                everything += name + value;
            return true;
        });
        return everything;
    }

    std::size_t journal_count(const std::string& number,
                              sdk::DocumentKind kind = sdk::DocumentKind::invoice) {
        std::string reference = target_reference("clinic", {"11223344", kind, number});
        std::istringstream journal(ferry::testing::read_file(dir / "journal"));
        std::size_t count = 0;
        for (std::string line; std::getline(journal, line);)
            count += line.substr(0, line.find('\t')) == reference;
        return count;
    }
};

inline std::vector<sdk::State> states(const sdk::LedgerRecord& record) {
    std::vector<sdk::State> result;
    for (const auto& entry : record.history)
        result.push_back(entry.state);
    return result;
}

}  // namespace ferry::testing
