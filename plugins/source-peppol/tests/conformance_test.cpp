// source-peppol against the SDK's conformance kit: the public Peppol BIS 3 samples under names
// an invoicing system might give them, in a fresh folder per check.
//
// Listing opens a file the first time it sees it (its key is inside), and remembers what it
// found while the file keeps its name, size and time: the kit's "listing opens no document",
// which scrambles the files keeping exactly those, checks that an unchanged file is not read
// again (see README, "Listing").
#include "ferry/sdk/testing/conformance.hpp"
#include "peppol_samples.hpp"

using namespace ferry::sdk;
using namespace ferry::peppol::testing;

struct PeppolFolder : testing::SourceHarness {
    testing::TempFolder root;
    std::filesystem::path inbox = root.path() / "Fakturor";

    PeppolFolder() {
        std::filesystem::create_directory(inbox);
        int number = 0;
        for (const std::string& name : distinct_sample_names())
            write_file(inbox / ("export-" + std::to_string(++number) + ".xml"), sample(name));
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

FERRY_SOURCE_CONFORMANCE("source-peppol", PeppolFolder)
