// source-csv against the SDK's conformance kit: a Danish customer list and invoice file in a
// fresh folder per check.
#include "ferry/sdk/testing/conformance.hpp"
#include "samples.hpp"

using namespace ferry::sdk;
using namespace ferry::csv::testing;

struct ExportFolderHarness : testing::SourceHarness {
    testing::TempFolder root;
    std::filesystem::path inbox = root.path() / "Eksport";

    ExportFolderHarness() {
        std::filesystem::create_directory(inbox);
        write_file(inbox / "kunder.csv", customers_csv);
        write_file(inbox / "fakturaer.csv", invoices_csv);
    }
    std::filesystem::path plugin_file() const override { return FERRY_PLUGIN_FILE; }
    Settings settings(const SettingsTable& table) override {
        testing::SettingsBuilder builder(table);
        return builder.add("servers", {{"location", inbox.string()}})
            .set("company", company)
            .set_list("customer_files", {"kunder*.csv"})
            .set_list("invoice_files", {"fakturaer*.csv"})
            .build();
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

FERRY_SOURCE_CONFORMANCE("source-csv", ExportFolderHarness)
