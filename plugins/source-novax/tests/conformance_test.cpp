// source-novax against the SDK's conformance kit: the public OIOUBL samples it accepts, under
// their NOVAX names in a fresh folder per check.
#include <set>

#include "ferry/sdk/testing/conformance.hpp"
#include "sample_table.hpp"
#include "samples.hpp"

using namespace ferry::sdk;
namespace novax = ferry::novax::testing;

struct NovaxFolder : testing::SourceHarness {
    testing::TempFolder folder;

    NovaxFolder() {
        std::set<std::string> names;
        for (const auto& sample : novax::samples) {
            std::string name = novax::novax_name(sample);
            if (*sample.rejected_with || !names.insert(name).second)
                continue;
            std::ofstream(folder.path() / name, std::ios::binary)
                << novax::read_file(novax::samples_dir() / sample.file);
        }
    }
    std::filesystem::path plugin_file() const override { return FERRY_PLUGIN_FILE; }
    Settings settings(const SettingsTable& table) override {
        testing::SettingsBuilder builder(table);
        return builder.add("servers", {{"location", folder.path().string()}}).build();
    }
    bool scramble_documents() override {
        for (const auto& file : std::filesystem::directory_iterator(folder.path()))
            testing::scramble_file(file.path());
        return true;
    }
};

FERRY_SOURCE_CONFORMANCE("source-novax", NovaxFolder)
