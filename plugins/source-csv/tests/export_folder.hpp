// A folder of Danish exports for the tests, and the settings of a source reading it.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "csv_source.hpp"
#include "ferry/sdk/testing/recording_host.hpp"
#include "ferry/sdk/testing/settings_builder.hpp"
#include "ferry/sdk/testing/temp_folder.hpp"
#include "samples.hpp"
#include "settings.hpp"

namespace ferry::csv::testing {

inline sdk::testing::SettingsBuilder builder(const std::string& location) {
    sdk::testing::SettingsBuilder settings(settings_table(), "csv.yaml");
    settings.add("servers", {{"location", location}})
        .set("company", company)
        .set_list("customer_files", {"kunder*.csv"})
        .set_list("invoice_files", {"fakturaer*.csv"});
    return settings;
}

struct ExportFolder {
    sdk::testing::TempFolder root;
    sdk::testing::RecordingHost host;

    ExportFolder() {
        write("kunder.csv", customers_csv);
        write("fakturaer-2026-03.csv", invoices_csv);
        write("noter.txt", "not an export");
    }
    void write(const std::string& name, const std::string& bytes) const {
        write_file(root.path() / name, bytes);
    }
    CsvSource source(const sdk::testing::SettingsBuilder& settings) {
        return CsvSource(read_settings(settings.build()), host);
    }
    CsvSource source() { return source(builder(root.path().string())); }
};

// Every listed document read, by its key's text; failures as "<code>: <message>".
struct ReadAll {
    sdk::Listing listing;
    std::map<std::string, sdk::ReadOutcome> outcomes;

    explicit ReadAll(sdk::Source& source) : listing(sdk::list_all(source)) {
        for (const sdk::DocumentRef& ref : listing.documents)
            outcomes.emplace(ref.key.str(), source.read(ref));
    }
    const sdk::ReadOutcome& at(const std::string& key) const { return outcomes.at(key); }
    const sdk::Document& document(const std::string& key) const {
        const sdk::ReadOutcome& outcome = at(key);
        INFO(outcome.problem.code << ": " << outcome.problem.message);
        REQUIRE(outcome.status == sdk::ReadOutcome::Status::read);
        return outcome.document;
    }
    const sdk::DocumentRef& ref(const std::string& key) const {
        for (const sdk::DocumentRef& ref : listing.documents)
            if (ref.key.str() == key)
                return ref;
        FAIL("not listed: " << key);
        return listing.documents.front();
    }
    std::string problems() const {
        std::string text;
        for (const sdk::Problem& problem : listing.problems)
            text += problem.code + ": " + problem.message + "\n";
        return text;
    }
};

}  // namespace ferry::csv::testing
