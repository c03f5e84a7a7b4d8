// The pipeline most security tests run through the real binary: the test plugins of
// tests/plugins, reading DIR/inbox and journaling deliveries to DIR/journal.
#pragma once

#include <filesystem>
#include <string>

#include "support/temp_dir.hpp"

namespace ferry::testing {

inline const std::string memory_store = "{ plugin: store-memory }";

inline std::string lmdb_store(const std::filesystem::path& ledger) {
    return "{ plugin: store-lmdb, path: " + ledger.string() + " }";
}

inline const std::string hourly_schedule =
    "schedule:\n  windows:\n    - { days: mon-sun, from: \"00:00\", to: \"24:00\", every: 1h }\n";

// Writes DIR/FILE: pipeline `name` with `store`, source-testdir and sink-recording, then `extra`
// (schedule:, notify:, ...). Returns its path.
inline std::string write_test_pipeline(const TempDir& dir, const std::string& store,
                                       const std::string& extra = "",
                                       const std::string& file = "pipeline.yaml",
                                       const std::string& name = "clinic") {
    return dir
        .write(file, "pipeline: " + name + "\nstore: " + store +
                         "\nsource: { plugin: source-testdir, path: " + (dir / "inbox").string() +
                         " }\nsink: { plugin: sink-recording, journal: " +
                         (dir / "journal").string() + " }\n" + extra)
        .string();
}

// The ferry binary as a shell command, finding the test plugins and Ferry's own.
inline std::string ferry_command(const std::string& arguments) {
    return std::string(FERRY_BINARY) + " --plugin-path " + FERRY_TEST_PLUGIN_DIR + ":" +
           FERRY_PLUGIN_DIR + " " + arguments;
}

}  // namespace ferry::testing
