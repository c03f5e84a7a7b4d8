// The Source against a real Samba server started for these tests on 127.0.0.1.
#include <catch2/catch.hpp>

#include <map>
#include <memory>

#include "ferry/sdk/testing/recording_host.hpp"
#include "ferry/sdk/testing/temp_folder.hpp"
#include "peppol_samples.hpp"
#include "peppol_source.hpp"
#include "samba_server.hpp"
#include "settings_for.hpp"

using namespace ferry;
using namespace ferry::peppol::testing;
using ferry::novax::testing::SambaServer;
using sdk::testing::RecordingHost;

namespace {

// One server for the whole test run: starting smbd is the slow part. The share holds every
// sample under a name an invoicing system might give it, and one file that is no document.
struct SharedSamba {
    sdk::testing::TempFolder files;
    std::vector<std::string> names = distinct_sample_names();
    std::unique_ptr<SambaServer> server;

    SharedSamba() {
        std::filesystem::permissions(files.path(), std::filesystem::perms::all);
        for (std::size_t i = 0; i < names.size(); ++i)
            write_file(files.path() / ("Faktura " + std::to_string(i + 1) + ".xml"),
                       sample(names[i]));
        write_file(files.path() / "Thumbs.db", "not a document");
        server = std::make_unique<SambaServer>(files.path());
    }
};

SharedSamba& samba() {
    static SharedSamba shared;
    return shared;
}

std::map<std::string, std::string> good_server() {
    return {{"location", samba().server->url()},
            {"domain", SambaServer::domain},
            {"username", SambaServer::user},
            {"password", SambaServer::password}};
}

peppol::PeppolSource make_source(RecordingHost& host,
                                 const std::vector<std::map<std::string, std::string>>& servers) {
    return peppol::PeppolSource(make_settings(servers), host);
}

}  // namespace

TEST_CASE("SMB: the share lists and reads like the folder behind it") {
    RecordingHost host;
    auto over_smb = make_source(host, {good_server()});
    auto local = make_source(host, {{{"location", samba().files.path().string()}}});
    auto remote_listing = sdk::list_all(over_smb);
    for (const auto& problem : remote_listing.problems)
        FAIL(problem.code << ": " << problem.message);
    CHECK(remote_listing.ignored == 1);
    REQUIRE(remote_listing.documents.size() == samba().names.size());
    std::map<std::string, std::string> remote, folder;
    for (const auto& ref : remote_listing.documents)
        remote[ref.key.str()] = ref.fingerprint + " " + ref.date.to_string();
    for (const auto& ref : sdk::list_all(local).documents)
        folder[ref.key.str()] = ref.fingerprint + " " + ref.date.to_string();
    CHECK(remote == folder);
    CHECK(remote.count("5566778899/invoice/2026-1042"));

    for (const auto& ref : remote_listing.documents) {
        INFO(ref.key.str());
        auto read = over_smb.read(ref);
        REQUIRE(read.status == sdk::ReadOutcome::Status::read);
        if (ref.key.str() == "5566778899/invoice/2026-1042")
            CHECK(read.document.totals.rounding == dec("-0.12"));
    }
}

TEST_CASE("SMB: a wrong password names the server and the other servers are still listed") {
    auto wrong_password = good_server();
    wrong_password["password"] = "Fel-Losen-77";
    RecordingHost host;
    auto source = make_source(host, {wrong_password, good_server()});
    auto listing = sdk::list_all(source);
    CHECK(listing.documents.size() == samba().names.size());
    REQUIRE(listing.problems.size() == 1);
    CHECK(listing.problems[0].code == "peppol.server.auth");
    CHECK_THAT(listing.problems[0].message, Catch::StartsWith("server 1 ("));
    std::string said = host.text() + listing.problems[0].message;
    CHECK(said.find("Fel-Losen-77") == std::string::npos);
    CHECK(said.find(SambaServer::password) == std::string::npos);
}

TEST_CASE("SMB: a server that went down makes its documents wait and is read again once back") {
    RecordingHost host;
    auto source = make_source(host, {good_server()});
    auto listing = sdk::list_all(source);
    REQUIRE_FALSE(listing.documents.empty());
    samba().server->kill_server();
    auto read = source.read(listing.documents.front());
    CHECK(read.status == sdk::ReadOutcome::Status::retry_later);
    CHECK_THAT(read.problem.code, Catch::StartsWith("peppol.server."));
    // Its other documents wait without asking the server again in this pass.
    auto next = source.read(listing.documents.back());
    CHECK(next.status == sdk::ReadOutcome::Status::retry_later);
    samba().server->restart();
    auto relisted = sdk::list_all(source);
    CHECK(relisted.problems.empty());
    REQUIRE(relisted.documents.size() == listing.documents.size());
    CHECK(source.read(relisted.documents.front()).status == sdk::ReadOutcome::Status::read);
}
