// The Source on a local folder: listing, reading, duplicates, changes and an absent folder.
#include <catch2/catch.hpp>

#include "export_folder.hpp"

using namespace ferry;
using namespace ferry::csv::testing;
using Status = sdk::ReadOutcome::Status;

TEST_CASE("source: lists every customer and invoice of the matching files") {
    ExportFolder folder;
    auto source = folder.source();
    ReadAll all(source);
    INFO(all.problems());
    CHECK(all.listing.problems.empty());
    CHECK(all.listing.ignored == 1);  // noter.txt
    REQUIRE(all.listing.documents.size() == 6);
    CHECK(all.document("12345678/customer/1002").customer_record->name == "Kommunen");
    CHECK(all.document("12345678/invoice/5001").lines.size() == 2);
    CHECK(all.document("12345678/credit-note/5003").totals.gross.to_string() == "833.33");
    CHECK(all.ref("12345678/invoice/5001").date == sdk::Date{2026, 3, 2});
    CHECK(all.ref("12345678/invoice/5001").location == "0/fakturaer-2026-03.csv");
    CHECK(all.ref("12345678/customer/1001").location == "0/kunder.csv");
    for (const sdk::DocumentRef& ref : all.listing.documents)
        CHECK_FALSE(ref.skip);
}

TEST_CASE("source: a customer is dated by its file's modification day") {
    ExportFolder folder;
    auto written = std::filesystem::file_time_type::clock::now() - std::chrono::hours(24 * 40);
    std::filesystem::last_write_time(folder.root.path() / "kunder.csv", written);
    auto source = folder.source();
    ReadAll all(source);
    auto seconds = std::chrono::duration_cast<std::chrono::seconds>(
        std::chrono::file_clock::to_sys(written).time_since_epoch());
    std::time_t time = seconds.count();
    std::tm local{};
    localtime_r(&time, &local);
    sdk::Date day{local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
    CHECK(all.ref("12345678/customer/1001").date == day);
    CHECK(all.document("12345678/customer/1001").issue_date == day);
}

TEST_CASE("source: fingerprints survive a rewritten file and follow a changed row") {
    ExportFolder folder;
    auto source = folder.source();
    ReadAll before(source);
    std::filesystem::remove(folder.root.path() / "kunder.csv");
    folder.write("kunder-ny.csv", customers_csv);
    ReadAll rewritten(source);
    for (const char* key : {"12345678/customer/1001", "12345678/customer/1002"})
        CHECK(before.ref(key).fingerprint == rewritten.ref(key).fingerprint);
    CHECK(rewritten.ref("12345678/customer/1001").location == "0/kunder-ny.csv");

    std::string moved = customers_csv;
    moved.replace(moved.find("Storegade 1"), 11, "Storegade 9");
    folder.write("kunder-ny.csv", moved);
    ReadAll changed(source);
    CHECK(changed.ref("12345678/customer/1001").fingerprint !=
          before.ref("12345678/customer/1001").fingerprint);
    CHECK(changed.ref("12345678/customer/1002").fingerprint ==
          before.ref("12345678/customer/1002").fingerprint);
    CHECK(changed.document("12345678/customer/1001").customer_record->address.street ==
          "Storegade 9");
}

TEST_CASE("source: a row changed between listing and reading waits for the next pass") {
    ExportFolder folder;
    auto source = folder.source();
    auto listing = sdk::list_all(source);
    std::string changed = customers_csv;
    changed.replace(changed.find("Kommunen"), 8, "Region Syddanmark");
    folder.write("kunder.csv", changed);
    for (const sdk::DocumentRef& ref : listing.documents) {
        if (ref.key.number != "1002")
            continue;
        auto outcome = source.read(ref);
        CHECK(outcome.status == Status::retry_later);
        CHECK(outcome.problem.code == "csv.document.changed");
    }
}

TEST_CASE("source: the same customer twice in a list is rejected naming both rows") {
    ExportFolder folder;
    folder.write("kunder.csv", customers_csv + "1002;Kommunen igen;;;;;;;;;;;\r\n");
    auto source = folder.source();
    ReadAll all(source);
    const auto& outcome = all.at("12345678/customer/1002");
    REQUIRE(outcome.status == Status::rejected);
    CHECK(outcome.problem.code == "csv.customer.duplicate");
    CHECK_THAT(outcome.problem.message,
               Catch::StartsWith("customer number 1002 is given at kunder.csv:3 and kunder.csv:5"));
    CHECK(all.at("12345678/customer/1001").status == Status::read);
}

TEST_CASE("source: one invoice number in two files is rejected naming both") {
    ExportFolder folder;
    folder.write("fakturaer-2026-04.csv",
                 "Fakturanr;Fakturadato;Kundenr;Tekst;Antal;Enhedspris\n"
                 "5002;01-04-2026;1002;Igen;1;10,00\n"
                 "6001;01-04-2026;1002;Ny;1;10,00\n");
    auto source = folder.source();
    ReadAll all(source);
    const auto& outcome = all.at("12345678/invoice/5002");
    REQUIRE(outcome.status == Status::rejected);
    CHECK(outcome.problem.code == "csv.invoice.duplicate");
    CHECK_THAT(outcome.problem.message,
               Catch::Contains("fakturaer-2026-03.csv:4 and fakturaer-2026-04.csv:2"));
    CHECK(all.ref("12345678/invoice/5002").location ==
          "0/fakturaer-2026-03.csv|0/fakturaer-2026-04.csv");
    CHECK(all.at("12345678/invoice/6001").status == Status::read);
    CHECK(all.at("12345678/invoice/5001").status == Status::read);
}

TEST_CASE("source: first_date skips earlier invoices but never customers") {
    ExportFolder folder;
    sdk::testing::SettingsBuilder with_first_date(csv::settings_table(), "csv.yaml");
    with_first_date
        .add("servers", {{"location", folder.root.path().string()}, {"first_date", "2026-03-03"}})
        .set("company", company)
        .set_list("customer_files", {"kunder*.csv"})
        .set_list("invoice_files", {"fakturaer*.csv"});
    auto source = folder.source(with_first_date);
    ReadAll all(source);
    REQUIRE(all.ref("12345678/invoice/5001").skip);
    CHECK(all.ref("12345678/invoice/5001").skip->code == "csv.before_first_date");
    CHECK_FALSE(all.ref("12345678/invoice/5002").skip);
    CHECK_FALSE(all.ref("12345678/customer/1001").skip);
}

TEST_CASE("source: a folder that is gone is a listing problem and a read to try later") {
    ExportFolder folder;
    auto source = folder.source();
    auto listing = sdk::list_all(source);
    REQUIRE_FALSE(listing.documents.empty());
    std::filesystem::rename(folder.root.path(), folder.root.path().string() + "-away");
    auto outcome = source.read(listing.documents.front());
    CHECK(outcome.status == Status::retry_later);
    CHECK(outcome.problem.code == "csv.server.share_not_found");
    auto again = sdk::list_all(source);
    CHECK(again.documents.empty());
    REQUIRE(again.problems.size() == 1);
    CHECK(again.problems[0].code == "csv.server.share_not_found");
    std::filesystem::rename(folder.root.path().string() + "-away", folder.root.path());
}

TEST_CASE("source: a file's problems are listed and the other files still read") {
    ExportFolder folder;
    folder.write("kunder-gammel.csv", "Nummer;Navn\n1;Gammel\n");
    auto source = folder.source();
    ReadAll all(source);
    REQUIRE(all.listing.problems.size() == 1);
    CHECK(all.listing.problems[0].code == "csv.file.column_missing");
    CHECK_THAT(all.listing.problems[0].message,
               Catch::Contains("kunder-gammel.csv:1: the header has no column 'Kundenr'"));
    CHECK(all.listing.documents.size() == 6);
}

TEST_CASE("settings: at least one file pattern and VAT rates that are numbers") {
    sdk::testing::SettingsBuilder settings(csv::settings_table(), "csv.yaml");
    settings.add("servers", {{"location", "/srv/eksport"}})
        .set("company", company)
        .set_list("vat_rates", {"25", "femogtyve"});
    auto problems = csv::check_settings(settings.build());
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].code == "csv.settings.files");
    CHECK(problems[1].code == "csv.settings.vat_rates");
    CHECK(csv::check_settings(builder("/srv/eksport").build()).empty());
}
