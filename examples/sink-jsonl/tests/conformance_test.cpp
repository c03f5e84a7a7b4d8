// sink-jsonl against the SDK's conformance kit: the target is a fresh file per check.
#include <ferry/sdk/testing/conformance.hpp>
#include <fstream>

using namespace ferry::sdk;

struct JsonlFile : testing::SinkHarness {
    testing::TempFolder folder;
    std::filesystem::path file = folder.path() / "documents.jsonl";

    std::filesystem::path plugin_file() const override { return FERRY_PLUGIN_FILE; }
    Settings settings(const SettingsTable& table) override {
        return testing::SettingsBuilder(table).set("path", file.string()).build();
    }
    std::optional<Settings> broken_settings(const SettingsTable& table) override {
        return testing::SettingsBuilder(table)
            .set("path", (folder.path() / "missing-folder" / "documents.jsonl").string())
            .build();
    }
    std::size_t documents_on_target() override {
        std::ifstream in(file);
        return std::count(std::istreambuf_iterator<char>(in), {}, '\n');
    }
};

FERRY_SINK_CONFORMANCE("sink-jsonl", JsonlFile)
