// source-novax against the SDK's conformance kit: the public OIOUBL samples it accepts, under
// their NOVAX names in a fresh folder per check.
#include <set>

#include "ferry/sdk/testing/conformance.hpp"
#include "sample_table.hpp"
#include "samples.hpp"

using namespace ferry::sdk;
namespace novax = ferry::novax::testing;

struct NovaxFolder : testing::SourceHarness {
    testing::TempFolder root;
    std::filesystem::path inbox = root.path() / "Faktura";

    NovaxFolder() {
        std::filesystem::create_directory(inbox);
        std::set<std::string> names;
        for (const auto& sample : novax::samples) {
            std::string name = novax::novax_name(sample);
            if (*sample.rejected_with || !names.insert(name).second)
                continue;
            std::ofstream(inbox / name, std::ios::binary)
                << novax::read_file(novax::samples_dir() / sample.file);
            // Written an hour ago, as files NOVAX finished long before a pass: settled, so a
            // file the kit scrambles is the document's fault, not one still being written.
            std::filesystem::last_write_time(
                inbox / name,
                std::filesystem::file_time_type::clock::now() - std::chrono::hours(1));
        }
    }
    std::filesystem::path plugin_file() const override { return FERRY_PLUGIN_FILE; }
    Settings settings(const SettingsTable& table) override {
        testing::SettingsBuilder builder(table);
        return builder.add("servers", {{"location", inbox.string()}}).build();
    }
    bool scramble_documents() override {
        for (const auto& file : std::filesystem::directory_iterator(inbox))
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

FERRY_SOURCE_CONFORMANCE("source-novax", NovaxFolder)
