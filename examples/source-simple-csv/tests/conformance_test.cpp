// source-simple-csv against the SDK's conformance kit, on copies of the sample files.
#include <ferry/sdk/testing/conformance.hpp>

using namespace ferry::sdk;
namespace fs = std::filesystem;

struct CsvFolder : testing::SourceHarness {
    testing::TempFolder root;
    std::filesystem::path inbox = root.path() / "inbox";

    CsvFolder() {
        fs::create_directory(inbox);
        for (const auto& sample : fs::directory_iterator(SOURCE_CSV_SAMPLES))
            fs::copy_file(sample.path(), inbox / sample.path().filename());
        std::ofstream(inbox / "notes.txt") << "not an invoice\n";
    }
    fs::path plugin_file() const override { return FERRY_PLUGIN_FILE; }
    Settings settings(const SettingsTable& table) override {
        return testing::SettingsBuilder(table)
            .set("path", inbox.string())
            .set("company_cvr", "12345678")
            .build();
    }
    bool scramble_documents() override {
        for (const auto& file : fs::directory_iterator(inbox))
            if (file.path().extension() == ".csv")
                testing::scramble_file(file.path());
        return true;
    }
    // As a share that was unmounted: the folder is gone.
    bool make_unavailable() override {
        testing::move_aside(inbox);
        return true;
    }
    bool remove_documents() override {
        for (const auto& file : std::filesystem::directory_iterator(inbox))
            std::filesystem::remove(file.path());
        return true;
    }
};

FERRY_SOURCE_CONFORMANCE("source-simple-csv", CsvFolder)
