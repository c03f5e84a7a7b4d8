// The Source against a real Samba server started for this test on 127.0.0.1.
#include <catch2/catch.hpp>

#include "export_folder.hpp"
#include "samba_server.hpp"

using namespace ferry;
using namespace ferry::csv::testing;
using ferry::novax::testing::SambaServer;

namespace {

sdk::testing::SettingsBuilder smb_settings(const std::string& location, const char* password) {
    sdk::testing::SettingsBuilder settings(csv::settings_table(), "csv.yaml");
    settings
        .add("servers", {{"location", location},
                         {"domain", SambaServer::domain},
                         {"username", SambaServer::user},
                         {"password", password}})
        .set("company", company)
        .set_list("customer_files", {"KUNDER*.CSV"})
        .set_list("invoice_files", {"fakturaer*.csv"});
    return settings;
}

}  // namespace

// One server for the whole case: starting smbd is the slow part.
TEST_CASE("SMB: the exports on a share read as they do from the folder behind it") {
    ExportFolder folder;
    SambaServer server(folder.root.path());
    auto over_smb = folder.source(smb_settings(server.url(), SambaServer::password));
    ReadAll remote(over_smb);
    auto local = folder.source();
    ReadAll here(local);
    INFO(remote.problems());
    CHECK(remote.listing.problems.empty());
    REQUIRE(remote.listing.documents.size() == here.listing.documents.size());
    for (const sdk::DocumentRef& ref : here.listing.documents) {
        CHECK(remote.ref(ref.key.str()).fingerprint == ref.fingerprint);
        CHECK(remote.ref(ref.key.str()).date == ref.date);
        CHECK(remote.at(ref.key.str()).status == here.at(ref.key.str()).status);
    }
    CHECK(remote.document("12345678/invoice/5001").totals.gross.to_string() == "1309.21");

    SECTION("a wrong password is the server's problem, named without the password") {
        auto refused = folder.source(smb_settings(server.url(), "Forkert-Kode-77"));
        auto listing = sdk::list_all(refused);
        CHECK(listing.documents.empty());
        REQUIRE(listing.problems.size() == 1);
        CHECK(listing.problems[0].code == "csv.server.auth");
        CHECK_THAT(listing.problems[0].message, !Catch::Contains("Forkert"));
    }
    SECTION("a server killed after the listing makes reads wait, never rejects") {
        server.kill_server();
        for (const sdk::DocumentRef& ref : remote.listing.documents) {
            auto outcome = over_smb.read(ref);
            CHECK(outcome.status == sdk::ReadOutcome::Status::retry_later);
            CHECK_THAT(outcome.problem.code, Catch::StartsWith("csv.server."));
        }
        server.restart();
    }
}
