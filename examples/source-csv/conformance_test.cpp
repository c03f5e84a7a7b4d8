// source-csv against the SDK's conformance kit, on copies of the sample files.
#include <ferry/sdk/testing/conformance.hpp>

using namespace ferry::sdk;
namespace fs = std::filesystem;

struct CsvFolder : testing::SourceHarness {
    testing::TempFolder folder;

    CsvFolder() {
        for (const auto& sample : fs::directory_iterator(SOURCE_CSV_SAMPLES))
            fs::copy_file(sample.path(), folder.path() / sample.path().filename());
        std::ofstream(folder.path() / "notes.txt") << "not an invoice\n";
    }
    fs::path plugin_file() const override { return FERRY_PLUGIN_FILE; }
    Settings settings(const SettingsTable& table) override {
        return testing::SettingsBuilder(table)
            .set("path", folder.path().string())
            .set("company_cvr", "12345678")
            .build();
    }
    bool scramble_documents() override {
        for (const auto& file : fs::directory_iterator(folder.path()))
            if (file.path().extension() == ".csv")
                testing::scramble_file(file.path());
        return true;
    }
};

FERRY_SOURCE_CONFORMANCE("source-csv", CsvFolder)
