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

// A crash in the middle of a write leaves a line without its end: the next document starts on
// a line of its own, and both it and the earlier lines are still found.
TEST_CASE("sink-jsonl: a line a crash cut short does not swallow the next document") {
    JsonlFile harness;
    testing::SinkUnderTest sink(harness);
    auto target = sink.open();
    TargetRefs first_known, second_known;
    Delivery first = sink.deliver(*target, testing::sample_invoice("1"), first_known);
    REQUIRE(first.target.at("line") == "1");
    std::ofstream(harness.file, std::ios::app) << R"({"reference":"cut sh)";
    Delivery second = sink.deliver(*target, testing::sample_invoice("2"), second_known);
    CHECK(second.target.at("line") == "3");
    CHECK(harness.documents_on_target() == 3);
    auto reopened = sink.open();
    CHECK(sink.deliver(*reopened, testing::sample_invoice("2"), second_known).target.at("line") ==
          "3");
    CHECK(sink.deliver(*reopened, testing::sample_invoice("1"), first_known).target.at("line") ==
          "1");
}
