// The Source against a real Samba server started for these tests on 127.0.0.1.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <memory>

#include "novax_source.hpp"
#include "recording_host.hpp"
#include "samba_server.hpp"
#include "sample_folder.hpp"
#include "settings_builder.hpp"

using namespace ferry;
using namespace ferry::novax::testing;

namespace {

// One server for the whole test run: starting smbd is the slow part.
struct SharedSamba {
    TempFolder files;
    std::vector<const Sample*> written;
    std::unique_ptr<SambaServer> server;

    SharedSamba() {
        written = fill_with_samples(files);
        files.write("desktop.ini", "[.ShellClassInfo]");
        std::filesystem::create_directory(files.path() / "2026");
        std::filesystem::copy_file(files.path() / novax_name(samples[1]),
                                   files.path() / "2026" / novax_name(samples[1]));
        server = std::make_unique<SambaServer>(files.path());
    }
};

SharedSamba& samba() {
    static SharedSamba shared;
    return shared;
}

ServerFields good_server() {
    return {.location = samba().server->url(),
            .domain = SambaServer::domain,
            .username = SambaServer::user,
            .password = SambaServer::password};
}

novax::NovaxSource make_source(RecordingHost& host, const std::vector<ServerFields>& servers) {
    return novax::NovaxSource(novax::read_settings(make_settings(servers)), host);
}

std::map<std::string, std::string> snapshot(const std::filesystem::path& folder) {
    std::map<std::string, std::string> state;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(folder))
        state[entry.path().lexically_relative(folder).string()] =
            entry.is_regular_file()
                ? std::to_string(entry.file_size()) + "@" +
                      std::to_string(entry.last_write_time().time_since_epoch().count())
                : "folder";
    return state;
}

bool smbclient_loaded() {
    std::ifstream maps("/proc/self/maps");
    for (std::string line; std::getline(maps, line);)
        if (line.find("libsmbclient") != std::string::npos)
            return true;
    return false;
}

}  // namespace

// Loading libsmbclient costs every start 13 MB and a tenth of a second (about 60 Samba
// libraries); a pipeline reading a local folder must not pay it.
TEST_CASE("SMB: libsmbclient is loaded only once a server is smb://") {
    if (smbclient_loaded()) {
        WARN(
            "libsmbclient was loaded by an earlier test in this process; run this test alone "
            "(as CTest does) to check it");
        return;
    }
    TempFolder folder;
    folder.write("Novax_1042_11223344_Faktura.xml", "x");
    RecordingHost host;
    auto local = make_source(host, {{.location = folder.path().string()}});
    CHECK(sdk::list_all(local).documents.size() == 1);
    CHECK_FALSE(smbclient_loaded());
    // Opening does not connect, so nobody needs to listen there.
    auto remote = make_source(
        host,
        {{.location = "smb://127.0.0.1:9/Faktura", .username = "ferry", .password = "unused"}});
    CHECK(smbclient_loaded());
}

TEST_CASE("SMB: the share lists like the folder behind it") {
    RecordingHost host;
    auto over_smb = make_source(host, {good_server()});
    auto local = make_source(host, {{.location = samba().files.path().string()}});
    auto remote_listing = sdk::list_all(over_smb);
    auto local_listing = sdk::list_all(local);
    for (const auto& problem : remote_listing.problems)
        FAIL(problem.code << ": " << problem.message);
    CHECK(remote_listing.ignored == 1);
    REQUIRE(remote_listing.documents.size() == samba().written.size());
    std::map<std::string, std::string> remote, folder;
    for (const auto& ref : remote_listing.documents)
        remote[ref.key.str()] = ref.fingerprint + " " + ref.date.to_string();
    for (const auto& ref : local_listing.documents)
        folder[ref.key.str()] = ref.fingerprint + " " + ref.date.to_string();
    CHECK(remote == folder);
}

TEST_CASE("SMB: reading a listed document parses it and changes nothing on the share") {
    auto before = snapshot(samba().files.path());
    RecordingHost host;
    auto source = make_source(host, {good_server()});
    auto listing = sdk::list_all(source);
    std::size_t accepted = 0;
    for (const auto& ref : listing.documents) {
        auto result = source.read(ref);
        if (result.status != sdk::ReadOutcome::Status::read)
            continue;
        ++accepted;
        if (ref.key.number == "FINAL-FIK01") {
            CHECK(result.document.payment_means.at(0).code == "93");
            CHECK(result.document.totals.payable == *sdk::Decimal::parse("2500.00"));
        }
    }
    CHECK(accepted == accepted_count(samba().written));
    CHECK(snapshot(samba().files.path()) == before);
}

TEST_CASE("SMB: a server name that does not resolve is named as the problem to fix") {
    ServerFields unknown_host = good_server();
    unknown_host.location = "smb://novax-host.invalid/Faktura";
    RecordingHost host;
    auto source = make_source(host, {unknown_host});
    auto listing = sdk::list_all(source);
    REQUIRE(listing.problems.size() == 1);
    CHECK(listing.problems[0].code == "novax.server.unreachable");
    CHECK_THAT(listing.problems[0].message,
               Catch::Contains("the name novax-host.invalid does not resolve"));
    CHECK_THAT(listing.problems[0].message, !Catch::Contains("Invalid argument"));
}

TEST_CASE(
    "SMB: wrong password and unknown share and dead server each name the server while "
    "the others are still listed") {
    ServerFields wrong_password = good_server();
    wrong_password.password = "Forkert-Kode-77";
    ServerFields unknown_share = good_server();
    unknown_share.location = samba().server->url("Arkiv");
    ServerFields dead = good_server();
    dead.location = "smb://127.0.0.1:" + std::to_string(SambaServer::unused_port()) + "/Faktura";

    RecordingHost host;
    auto source = make_source(host, {wrong_password, unknown_share, dead, good_server()});
    auto listing = sdk::list_all(source);
    CHECK(listing.documents.size() == samba().written.size());
    REQUIRE(listing.problems.size() == 3);
    CHECK(listing.problems[0].code == "novax.server.auth");
    CHECK_THAT(listing.problems[0].message,
               Catch::Contains("server 1 (" + wrong_password.location));
    CHECK(listing.problems[1].code == "novax.server.share_not_found");
    CHECK_THAT(listing.problems[1].message, Catch::Contains("server 2 (" + unknown_share.location));
    CHECK(listing.problems[2].code == "novax.server.unreachable");
    CHECK_THAT(listing.problems[2].message, Catch::Contains("server 3 (" + dead.location));
    for (const auto& document : listing.documents)
        CHECK_THAT(document.location, Catch::StartsWith("3/"));

    std::string said = host.all_text();
    for (const auto& problem : listing.problems)
        said += problem.message;
    CHECK(said.find(wrong_password.password) == std::string::npos);
    CHECK(said.find(SambaServer::password) == std::string::npos);
}

TEST_CASE("SMB: a location may name a folder inside the share") {
    ServerFields inner = good_server();
    inner.location = samba().server->url() + "/2026/";
    RecordingHost host;
    auto source = make_source(host, {inner});
    auto listing = sdk::list_all(source);
    for (const auto& problem : listing.problems)
        FAIL(problem.code << ": " << problem.message);
    REQUIRE(listing.documents.size() == 1);
    CHECK(listing.documents[0].key.number == samples[1].number);
    auto read = source.read(listing.documents[0]);
    REQUIRE(read.status == sdk::ReadOutcome::Status::read);
    CHECK(read.document.totals.payable == *sdk::Decimal::parse(samples[1].payable));
}
