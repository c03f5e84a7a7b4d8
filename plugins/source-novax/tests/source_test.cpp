// The Source over local folders: listing from names, sizes and times only; reading through the
// parser; first_date, inactive and failing servers; and no personal data in anything it says.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <memory>
#include <set>

#include "novax_source.hpp"
#include "recording_host.hpp"
#include "sample_folder.hpp"
#include "settings_builder.hpp"
#include "temp_folder.hpp"

using namespace ferry;
using namespace ferry::novax::testing;

namespace {

novax::NovaxSource make_source(RecordingHost& host, const std::vector<ServerFields>& servers,
                               std::string max_file_mb = "25", std::string settle = "") {
    return novax::NovaxSource(
        novax::read_settings(make_settings(servers, std::move(max_file_mb), std::move(settle))),
        host);
}

const sdk::DocumentRef* find(const sdk::Listing& listing, const std::string& number,
                             sdk::DocumentKind kind) {
    for (const auto& ref : listing.documents)
        if (ref.key.number == number && ref.key.kind == kind)
            return &ref;
    return nullptr;
}

}  // namespace

// The folder is read in batches on a second thread; every file arrives once, and a visitor
// that throws (the ledger failed) stops the listing cleanly instead of hanging or crashing.
TEST_CASE("a folder of thousands of files is listed whole, in batches, and can be stopped") {
    TempFolder folder;
    const int files = 2500;  // more than two batches
    for (int n = 1; n <= files; ++n)
        folder.write("Novax_" + std::to_string(n) + "_11223344_Faktura.xml", "x");
    folder.write("Thumbs.db", "x");
    RecordingHost host;
    auto source = make_source(host, {{.location = folder.path().string()}});
    sdk::Listing listing = sdk::list_all(source);
    CHECK(listing.ignored == 1);
    std::set<std::string> numbers;
    for (const auto& ref : listing.documents)
        numbers.insert(ref.key.number);
    CHECK(numbers.size() == files);
    CHECK(listing.documents.size() == files);

    struct ThrowsAfter : sdk::ListingVisitor {
        int left = 1500;
        void document(sdk::DocumentRef) override {
            if (--left == 0)
                throw sdk::Error("ledger.read", "the ledger failed");
        }
        void problem(sdk::Problem) override {}
        void ignored(std::size_t) override {}
    } visitor;
    CHECK_THROWS_WITH(source.list(visitor), Catch::Contains("the ledger failed"));
    CHECK(sdk::list_all(source).documents.size() == files);  // and lists again afterwards
}

TEST_CASE("listing takes key and date and fingerprint from the file system alone") {
    TempFolder folder;
    auto file = folder.write("Novax_1042_11223344_Faktura.xml", "not even XML: never opened");
    set_mtime(file, {2026, 3, 2});
    folder.write("Thumbs.db", "x");
    folder.write("Novax_1042_11223344_Faktura.pdf", "x");
    std::filesystem::create_directory(folder.path() / "Novax_1_11223344_Faktura.xml");

    RecordingHost host;
    auto source = make_source(host, {{.location = folder.path().string()}});
    sdk::Listing listing = sdk::list_all(source);
    CHECK(listing.problems.empty());
    CHECK(listing.ignored == 2);
    REQUIRE(listing.documents.size() == 1);
    const sdk::DocumentRef& ref = listing.documents[0];
    CHECK(ref.key.str() == "11223344/invoice/1042");
    CHECK(ref.date == sdk::Date{2026, 3, 2});
    CHECK_THAT(ref.fingerprint, Catch::StartsWith("Novax_1042_11223344_Faktura.xml:26-"));
    CHECK(ref.location == "0/Novax_1042_11223344_Faktura.xml");
    CHECK_FALSE(ref.skip);

    // The garbage is only found out when read.
    auto read = source.read(ref);
    REQUIRE(read.status == sdk::ReadOutcome::Status::rejected);
    CHECK(read.problem.code == "oioubl.xml.malformed");
}

TEST_CASE("a re-printed file gets a new fingerprint") {
    TempFolder folder;
    auto file = folder.write("Novax_7_11223344_Faktura.xml", "first");
    set_mtime(file, {2026, 3, 2});
    RecordingHost host;
    auto source = make_source(host, {{.location = folder.path().string()}});
    std::string before = sdk::list_all(source).documents.at(0).fingerprint;
    folder.write("Novax_7_11223344_Faktura.xml", "second print");
    set_mtime(file, {2026, 3, 3});
    CHECK(sdk::list_all(source).documents.at(0).fingerprint != before);
}

TEST_CASE("files dated before first_date are listed as skipped") {
    TempFolder folder;
    set_mtime(folder.write("Novax_1_11223344_Faktura.xml", "x"), {2025, 12, 31});
    set_mtime(folder.write("Novax_2_11223344_Faktura.xml", "x"), {2026, 1, 1});
    RecordingHost host;
    auto source =
        make_source(host, {{.location = folder.path().string(), .first_date = "2026-01-01"}});
    auto listing = sdk::list_all(source);
    REQUIRE(listing.documents.size() == 2);
    const auto* old = find(listing, "1", sdk::DocumentKind::invoice);
    const auto* current = find(listing, "2", sdk::DocumentKind::invoice);
    REQUIRE(old);
    REQUIRE(current);
    REQUIRE(old->skip);
    CHECK(old->skip->code == "novax.before_first_date");
    CHECK(old->skip->message == "before first_date 2026-01-01");
    CHECK_FALSE(current->skip);
}

TEST_CASE("reading parses the file found by the listing") {
    TempFolder folder;
    auto written = fill_with_samples(folder);
    RecordingHost host;
    auto source = make_source(host, {{.location = folder.path().string()}});
    auto listing = sdk::list_all(source);
    CHECK(listing.documents.size() == written.size());
    const auto* ref = find(listing, "202400095678", sdk::DocumentKind::invoice);
    REQUIRE(ref);
    auto read = source.read(*ref);
    REQUIRE(read.status == sdk::ReadOutcome::Status::read);
    CHECK(read.document.totals.payable == *sdk::Decimal::parse("6312.50"));
    CHECK(read.document.format == "OIOUBL-3.0");
}

TEST_CASE("a location that does not name a listed file is refused and never followed") {
    TempFolder folder;
    RecordingHost host;
    auto source = make_source(host, {{.location = folder.path().string()}});
    sdk::DocumentRef ref{{"11223344", sdk::DocumentKind::invoice, "1"}, {2026, 1, 1}, "", "", {}};
    for (const char* location :
         {"", "0/../../etc/passwd", "7/Novax_1_11223344_Faktura.xml",
          "x/Novax_1_11223344_Faktura.xml", "0/sub/Novax_1_11223344_Faktura.xml"}) {
        INFO(location);
        ref.location = location;
        auto result = source.read(ref);
        REQUIRE(result.status == sdk::ReadOutcome::Status::rejected);
        CHECK(result.problem.code == "novax.ref.invalid");
    }
    ref.location = "0/Novax_1_11223344_Faktura.xml";  // well-formed but gone: read again later
    auto gone = source.read(ref);
    CHECK(gone.status == sdk::ReadOutcome::Status::retry_later);
    CHECK(gone.problem.code == "novax.file.unreadable");
}

TEST_CASE("a file changed since it was listed is read again later and never rejected") {
    TempFolder folder;
    auto file = folder.write("Novax_1_11223344_Faktura.xml", "<Invoice");
    set_mtime(file, {2026, 3, 2});
    RecordingHost host;
    auto source = make_source(host, {{.location = folder.path().string()}});
    sdk::DocumentRef listed = sdk::list_all(source).documents.at(0);
    // NOVAX is still writing it: more bytes, a newer time.
    folder.write("Novax_1_11223344_Faktura.xml", "<Invoice xmlns=");
    set_mtime(file, {2026, 3, 3});
    auto growing = source.read(listed);
    CHECK(growing.status == sdk::ReadOutcome::Status::retry_later);
    CHECK(growing.problem.code == "novax.file.changing");
    // The same size but a newer time is a change too.
    folder.write("Novax_1_11223344_Faktura.xml", "<Invoice");
    set_mtime(file, {2026, 3, 4});
    CHECK(source.read(listed).problem.code == "novax.file.changing");
    // As listed again, the half-written file is the document's fault.
    auto relisted = source.read(sdk::list_all(source).documents.at(0));
    CHECK(relisted.status == sdk::ReadOutcome::Status::rejected);
    CHECK(relisted.problem.code == "oioubl.xml.malformed");
}

TEST_CASE("a half-written file that stopped changing waits for settle before it is rejected") {
    TempFolder folder;
    auto file = folder.write("Novax_1_11223344_Faktura.xml", "<Invoice xmlns=");
    RecordingHost host;
    auto source = make_source(host, {{.location = folder.path().string()}});
    sdk::DocumentRef listed = sdk::list_all(source).documents.at(0);
    auto young = source.read(listed);
    REQUIRE(young.status == sdk::ReadOutcome::Status::retry_later);
    CHECK(young.problem.code == "novax.file.incomplete");
    REQUIRE(young.retry_after);
    CHECK(*young.retry_after > std::chrono::seconds(0));
    CHECK(*young.retry_after <= std::chrono::seconds(60));
    CHECK_THAT(young.problem.message, Catch::Contains("Novax_1_11223344_Faktura.xml"));
    // Settled, it is the document's fault.
    set_mtime(file, {2026, 3, 2});
    auto settled = source.read(sdk::list_all(source).documents.at(0));
    CHECK(settled.status == sdk::ReadOutcome::Status::rejected);
    CHECK(settled.problem.code == "oioubl.xml.malformed");
    // A time far ahead of ours is a wrong clock on the share, not a file being written.
    std::filesystem::last_write_time(
        file, std::filesystem::file_time_type::clock::now() + std::chrono::hours(2));
    CHECK(source.read(sdk::list_all(source).documents.at(0)).problem.code ==
          "oioubl.xml.malformed");
    // settle: 0s rejects it at once; a well-formed file that breaks a rule is never waited for.
    folder.write("Novax_1_11223344_Faktura.xml", "<Invoice xmlns=");
    auto impatient = make_source(host, {{.location = folder.path().string()}}, "25", "0s");
    CHECK(impatient.read(sdk::list_all(impatient).documents.at(0)).problem.code ==
          "oioubl.xml.malformed");
    folder.write("Novax_1_11223344_Faktura.xml", "<Invoice/>");
    CHECK(source.read(sdk::list_all(source).documents.at(0)).status ==
          sdk::ReadOutcome::Status::rejected);
}

TEST_CASE("a folder that went away answers retry later for each of its documents") {
    TempFolder root;
    const auto folder = root.path() / "Faktura";
    std::filesystem::create_directory(folder);
    for (const char* name : {"Novax_1_11223344_Faktura.xml", "Novax_2_11223344_Faktura.xml"})
        std::ofstream(folder / name) << "<Invoice/>";
    RecordingHost host;
    auto source = make_source(host, {{.location = folder.string()}});
    auto listing = sdk::list_all(source);
    REQUIRE(listing.documents.size() == 2);
    std::filesystem::rename(folder, root.path() / "unmounted");
    for (const auto& ref : listing.documents) {
        auto read = source.read(ref);
        CHECK(read.status == sdk::ReadOutcome::Status::retry_later);
        CHECK(read.problem.code == "novax.server.share_not_found");
    }
}

TEST_CASE("a file over max_file_mb is refused unread") {
    TempFolder folder;
    folder.write("Novax_1_11223344_Faktura.xml", std::string(1024 * 1024 + 1, ' '));
    RecordingHost host;
    auto source = make_source(host, {{.location = folder.path().string()}}, "1");
    auto result = source.read(sdk::list_all(source).documents.at(0));
    REQUIRE(result.status == sdk::ReadOutcome::Status::rejected);
    CHECK(result.problem.code == "novax.file.too_large");
}

TEST_CASE("a missing folder is a problem naming the server and other servers are still listed") {
    TempFolder folder;
    folder.write("Novax_1_11223344_Faktura.xml", "x");
    RecordingHost host;
    auto source = make_source(host, {{.location = (folder.path() / "gone").string()},
                                     {.location = folder.path().string()},
                                     {.location = "/nonexistent", .inactive = true}});
    auto listing = sdk::list_all(source);
    CHECK(listing.documents.size() == 1);
    REQUIRE(listing.problems.size() == 1);
    CHECK(listing.problems[0].code == "novax.server.share_not_found");
    CHECK_THAT(listing.problems[0].message,
               Catch::Contains("server 1 (") && Catch::Contains((folder.path() / "gone").string()));
    CHECK_THAT(host.all_text(), Catch::Contains("novax.server.share_not_found"));
    CHECK(listing.documents[0].location == "1/Novax_1_11223344_Faktura.xml");
}

TEST_CASE("settings that cannot work are refused when the source is made") {
    RecordingHost host;
    auto make = [&](std::vector<ServerFields> servers, std::string max = "25") {
        return novax::NovaxSource(novax::read_settings(make_settings(servers, max)), host);
    };
    CHECK_THROWS_AS(make({{.location = ""}}), sdk::Error);
    CHECK_THROWS_AS(make({{.location = "/tmp"}}, "0"), sdk::Error);
    CHECK_THROWS_AS(make({{.location = "/tmp"}}, "65"), sdk::Error);
    CHECK_THROWS_AS(make({{.location = "/tmp", .first_date = "01-01-2026"}}), sdk::Error);
    CHECK_THROWS_AS(make({{.location = "smb://host"}}), sdk::Error);
    try {
        make({{.location = "smb://user:Hemmelig1@host/Faktura"}});
        FAIL("a password in the URL must be refused");
    } catch (const sdk::Error& error) {
        CHECK(error.code() == "novax.settings.location");
        CHECK_THAT(error.what(), !Catch::Contains("Hemmelig1"));
    }
}

TEST_CASE("the settings check names each server that cannot work where it is given") {
    CHECK(novax::check_settings(make_settings({{.location = "/tmp"}})).empty());
    auto none = novax::check_settings(make_settings({}));
    REQUIRE(none.size() == 1);
    CHECK(none[0].code == "novax.settings.servers");
    auto problems = novax::check_settings(
        make_settings({{.location = "/tmp"}, {.location = "smb://user:Hemmelig1@host/Faktura"}}));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].code == "novax.settings.location");
    CHECK(problems[0].where == "test.yaml: source.servers[1]");
    CHECK_THAT(problems[0].message, !Catch::Contains("Hemmelig1"));
}

TEST_CASE("the settings table declares servers with a secret password and max_file_mb and settle") {
    const auto& table = novax::settings_table();
    REQUIRE(table.size() == 3);
    CHECK(table[0].name == "servers");
    CHECK(table[0].type == sdk::SettingType::object_list);
    std::set<std::string> fields;
    for (const auto& field : table[0].fields) {
        fields.insert(field.name);
        CHECK(field.secret == (field.name == "password"));
    }
    CHECK(fields == std::set<std::string>{"location", "domain", "username", "password",
                                          "first_date", "inactive"});
    CHECK(table[1].name == "max_file_mb");
    CHECK(table[1].default_value == "10");
    CHECK(table[2].name == "settle");
    CHECK(table[2].type == sdk::SettingType::duration);
    CHECK(table[2].default_value == "1m");
}

TEST_CASE("no personal data in any log line or problem while reading every sample") {
    // One folder (one server) per sample, as several samples share a NOVAX name.
    std::vector<std::unique_ptr<TempFolder>> folders;
    std::vector<ServerFields> servers;
    for (const auto& sample : samples) {
        folders.push_back(std::make_unique<TempFolder>());
        write_sample(*folders.back(), sample);
        servers.push_back({.location = folders.back()->path().string()});
    }
    // A patient invoice whose totals do not add up, on a second server, so that a rejection
    // of a document holding a CPR is among what is scanned.
    TempFolder broken;
    std::string patient =
        read_file(samples_dir() / "phive-2.0.2__COMORG_03_03_00_Invoice_v2p2.xml");
    std::string payable = ">6312.50</cbc:PayableAmount>";
    patient.replace(patient.find(payable), payable.size(), ">9312.50</cbc:PayableAmount>");
    broken.write("Novax_A00095678_16356707_Faktura.xml", patient);

    RecordingHost host;
    servers.push_back({.location = broken.path().string()});
    auto source = make_source(host, servers);
    auto listing = sdk::list_all(source);
    std::vector<std::string> personal;
    std::string said = host.all_text();
    auto remember = [&](const sdk::Party& party) {
        for (const std::string* value : {&party.cpr, &party.name, &party.address.street,
                                         &party.contact_name, &party.email, &party.telephone})
            if (value->size() >= 4)
                personal.push_back(*value);
    };
    std::size_t accepted = 0, rejected = 0;
    for (const auto& ref : listing.documents) {
        auto result = source.read(ref);
        if (result.status != sdk::ReadOutcome::Status::read) {
            ++rejected;
            said += result.problem.message + "\n";
            continue;
        }
        ++accepted;
        const sdk::Document& doc = result.document;
        remember(doc.customer);
        if (!doc.supplier.cpr.empty())
            personal.push_back(doc.supplier.cpr);
        if (doc.patient)
            remember(*doc.patient);
        for (const auto& line : doc.lines)
            if (line.name.size() >= 6)
                personal.push_back(line.name);
    }
    said += host.all_text();
    CHECK(accepted == accepted_count([] {
              std::vector<const Sample*> all;
              for (const auto& sample : samples)
                  all.push_back(&sample);
              return all;
          }()));
    CHECK(rejected == std::size(samples) + 1 - accepted);
    CHECK(host.entries.size() >= 5);  // warnings and rejections were logged
    for (const char* cpr : {"1111111118", "1807670000"})
        REQUIRE(std::find(personal.begin(), personal.end(), cpr) != personal.end());
    for (const auto& value : personal) {
        INFO(value);
        CHECK(said.find(value) == std::string::npos);
    }
}
