// The Source over local folders: files of any name are listed under the key inside them, read
// into Documents, and every file that is no document is named with the reason.
#include <catch2/catch.hpp>

#include <map>

#include "ferry/sdk/testing/recording_host.hpp"
#include "ferry/sdk/testing/temp_folder.hpp"
#include "peppol_samples.hpp"
#include "peppol_source.hpp"
#include "settings_for.hpp"

using namespace ferry;
using namespace ferry::peppol::testing;
using sdk::testing::RecordingHost;
using sdk::testing::TempFolder;
using Status = sdk::ReadOutcome::Status;

namespace {

struct Inbox {
    TempFolder root;
    std::filesystem::path folder = root.path() / "Fakturor";
    Inbox() { std::filesystem::create_directory(folder); }
    std::filesystem::path put(const std::string& name, const std::string& bytes,
                              std::chrono::seconds age = std::chrono::hours(2)) const {
        return write_file(folder / name, bytes, age);
    }
    std::map<std::string, std::string> server() const { return {{"location", folder.string()}}; }
};

peppol::PeppolSource source_for(RecordingHost& host, const Inbox& inbox,
                                const std::vector<std::string>& suppliers = {},
                                std::map<std::string, std::string> extra = {}) {
    auto server = inbox.server();
    server.insert(extra.begin(), extra.end());
    return peppol::PeppolSource(make_settings({server}, suppliers), host);
}

// A listing by a source made for it, as a new pass of a reopened pipeline would list.
sdk::Listing list_fresh(RecordingHost& host, const Inbox& inbox) {
    auto source = source_for(host, inbox);
    return sdk::list_all(source);
}

std::map<std::string, sdk::DocumentRef> by_key(const sdk::Listing& listing) {
    std::map<std::string, sdk::DocumentRef> refs;
    for (const auto& ref : listing.documents)
        refs[ref.key.str()] = ref;
    return refs;
}

}  // namespace

TEST_CASE("source: files of any name are listed under the key inside them") {
    Inbox inbox;
    inbox.put("Skanning 0001.XML", sample(swedish_invoice));
    inbox.put("kreditering.xml", sample(swedish_credit_note));
    inbox.put("faktura_patient.xml", sample(swedish_private));
    inbox.put("läsmig.txt", "not a document");
    inbox.put(".~lock.faktura.xml#", "a lock file");
    inbox.put("._faktura.xml", "a resource fork a Mac left on the share");
    RecordingHost host;
    auto source = source_for(host, inbox);
    auto listing = sdk::list_all(source);
    CHECK(listing.problems.empty());
    CHECK(listing.ignored == 3);
    auto refs = by_key(listing);
    REQUIRE(refs.size() == 3);
    REQUIRE(refs.count("5566778899/invoice/2026-1042"));
    REQUIRE(refs.count("5566778899/credit-note/2026-K017"));
    REQUIRE(refs.count("5566778899/invoice/2026-1043"));
    const auto& invoice = refs["5566778899/invoice/2026-1042"];
    CHECK(invoice.location == "0/Skanning 0001.XML");
    CHECK(invoice.date == *sdk::Date::parse("2026-03-02"));  // the issue date, not the file's
    CHECK_FALSE(invoice.skip);

    for (const auto& [key, ref] : refs) {
        INFO(key);
        auto read = source.read(ref);
        REQUIRE(read.status == Status::read);
        CHECK(read.document.key == ref.key);
    }
    auto credit = source.read(refs["5566778899/credit-note/2026-K017"]);
    CHECK(credit.document.references.billed_invoice == "2026-1042");
}

TEST_CASE("source: suppliers restricts the pipeline to its companies and skips the others") {
    Inbox inbox;
    inbox.put("se.xml", sample(swedish_invoice));
    inbox.put("gb.xml", sample("openpeppol__base-example.xml"));
    RecordingHost host;
    auto source = source_for(host, inbox, {"556677-8899"});
    auto refs = by_key(sdk::list_all(source));
    REQUIRE(refs.size() == 2);
    CHECK_FALSE(refs["5566778899/invoice/2026-1042"].skip);
    int skipped = 0;
    for (const auto& [key, ref] : refs)
        if (ref.skip) {
            ++skipped;
            CHECK(ref.skip->code == "peppol.supplier.not_listed");
            CHECK_THAT(ref.skip->message, Catch::Contains(ref.key.company));
        }
    CHECK(skipped == 1);
}

TEST_CASE("source: first_date skips documents issued before it") {
    Inbox inbox;
    inbox.put("a.xml", sample(swedish_invoice));      // 2026-03-02
    inbox.put("b.xml", sample(swedish_credit_note));  // 2026-03-09
    RecordingHost host;
    auto source = source_for(host, inbox, {}, {{"first_date", "2026-03-05"}});
    auto refs = by_key(sdk::list_all(source));
    REQUIRE(refs["5566778899/invoice/2026-1042"].skip);
    CHECK(refs["5566778899/invoice/2026-1042"].skip->code == "peppol.before_first_date");
    CHECK_FALSE(refs["5566778899/credit-note/2026-K017"].skip);
}

TEST_CASE(
    "source: a file that names no document is listed by its name and rejected with the reason") {
    Inbox inbox;
    inbox.put("faktura.xml", sample(swedish_invoice));
    inbox.put("trasig.xml", replaced(sample(swedish_credit_note), "</cbc:Note>", ""));
    RecordingHost host;
    auto source = source_for(host, inbox);
    auto listing = sdk::list_all(source);
    CHECK(listing.problems.empty());
    auto refs = by_key(listing);
    REQUIRE(refs.count("unidentified/invoice/trasig.xml"));
    auto read = source.read(refs["unidentified/invoice/trasig.xml"]);
    REQUIRE(read.status == Status::rejected);
    CHECK(read.problem.code == "peppol.xml.malformed");
    CHECK_THAT(read.problem.message, Catch::StartsWith("trasig.xml: not well-formed XML at line"));
    CHECK_THAT(read.problem.message, Catch::Contains("column"));
    // The others carry on.
    CHECK(source.read(refs["5566778899/invoice/2026-1042"]).status == Status::read);
}

TEST_CASE("source: a document that does not add up is rejected under its own key") {
    Inbox inbox;
    inbox.put("faktura.xml", replaced(sample(swedish_invoice), ">2036.00</cbc:PayableAmount>",
                                      ">2063.00</cbc:PayableAmount>"));
    RecordingHost host;
    auto source = source_for(host, inbox);
    auto listing = sdk::list_all(source);
    REQUIRE(listing.documents.size() == 1);
    CHECK(listing.documents[0].key.str() == "5566778899/invoice/2026-1042");
    auto read = source.read(listing.documents[0]);
    REQUIRE(read.status == Status::rejected);
    CHECK(read.problem.code == "peppol.totals.payable");
    CHECK_THAT(read.problem.message,
               Catch::StartsWith("faktura.xml: Invoice/cac:LegalMonetaryTotal"));
}

TEST_CASE("source: a file still being written waits for settle instead of being rejected") {
    Inbox inbox;
    std::string whole = sample(swedish_invoice);
    inbox.put("ny.xml", whole.substr(0, whole.size() / 2), std::chrono::seconds(0));
    RecordingHost host;
    auto source = source_for(host, inbox);
    auto listing = sdk::list_all(source);
    CHECK(listing.documents.empty());
    CHECK(listing.problems.empty());
    // Written whole a moment later: a new size and time, read again.
    inbox.put("ny.xml", whole, std::chrono::seconds(0));
    auto again = sdk::list_all(source);
    REQUIRE(again.documents.size() == 1);
    CHECK(again.documents[0].key.str() == "5566778899/invoice/2026-1042");
}

TEST_CASE("source: a copy of a file is one document and different files under one key are none") {
    Inbox inbox;
    inbox.put("faktura.xml", sample(swedish_invoice));
    inbox.put("faktura (1).xml", sample(swedish_invoice));
    RecordingHost host;
    auto listing = list_fresh(host, inbox);
    REQUIRE(listing.documents.size() == 1);
    CHECK(listing.documents[0].location == "0/faktura (1).xml");
    CHECK(listing.ignored == 1);
    CHECK(listing.problems.empty());

    inbox.put("faktura (2).xml",
              replaced(sample(swedish_invoice), "Faktura för besök", "Faktura för besöket"));
    auto clash = list_fresh(host, inbox);
    CHECK(clash.documents.empty());
    REQUIRE(clash.problems.size() == 1);
    CHECK(clash.problems[0].code == "peppol.file.same_document");
    CHECK_THAT(clash.problems[0].message, Catch::Contains("faktura (2).xml"));
    CHECK_THAT(clash.problems[0].message, Catch::Contains("5566778899/invoice/2026-1042"));
}

TEST_CASE("source: listing reads a file once while its name size and time stay the same") {
    Inbox inbox;
    auto file = inbox.put("faktura.xml", sample(swedish_invoice));
    RecordingHost host;
    auto first = list_fresh(host, inbox);
    REQUIRE(first.documents.size() == 1);
    auto mtime = std::filesystem::last_write_time(file);
    // Same size and time, other bytes: a later listing (another instance too) does not look.
    write_file(file, std::string(std::filesystem::file_size(file), ' '));
    std::filesystem::last_write_time(file, mtime);
    auto second = list_fresh(host, inbox);
    REQUIRE(second.documents.size() == 1);
    CHECK(second.documents[0].key == first.documents[0].key);
    // A new time is a changed file: read again.
    std::filesystem::last_write_time(file, mtime - std::chrono::hours(1));
    auto third = list_fresh(host, inbox);
    REQUIRE(third.documents.size() == 1);
    CHECK(third.documents[0].key.company == peppol::unidentified_company);
}

TEST_CASE("source: a file that holds another document than listed is listed again") {
    Inbox inbox;
    auto file = inbox.put("faktura.xml", sample(swedish_invoice));
    RecordingHost host;
    auto source = source_for(host, inbox);
    auto listing = sdk::list_all(source);
    REQUIRE(listing.documents.size() == 1);
    auto mtime = std::filesystem::last_write_time(file);
    write_file(file, replaced(sample(swedish_invoice), "<cbc:ID>2026-1042</cbc:ID>",
                              "<cbc:ID>2026-1049</cbc:ID>"));
    std::filesystem::last_write_time(file, mtime);
    auto read = source.read(listing.documents[0]);
    REQUIRE(read.status == Status::retry_later);
    CHECK(read.problem.code == "peppol.file.changed");
    auto again = sdk::list_all(source);
    REQUIRE(again.documents.size() == 1);
    CHECK(again.documents[0].key.number == "2026-1049");
}

TEST_CASE("source: a file changed since listing is read at the next pass") {
    Inbox inbox;
    inbox.put("faktura.xml", sample(swedish_invoice));
    RecordingHost host;
    auto source = source_for(host, inbox);
    auto listing = sdk::list_all(source);
    REQUIRE(listing.documents.size() == 1);
    inbox.put("faktura.xml", sample(swedish_invoice) + "\n", std::chrono::hours(1));
    auto read = source.read(listing.documents[0]);
    REQUIRE(read.status == Status::retry_later);
    CHECK(read.problem.code == "peppol.file.changing");
}

TEST_CASE("source: a folder that went away is a listing problem and its documents wait") {
    Inbox inbox;
    inbox.put("faktura.xml", sample(swedish_invoice));
    RecordingHost host;
    auto source = source_for(host, inbox);
    auto listing = sdk::list_all(source);
    REQUIRE(listing.documents.size() == 1);
    std::filesystem::rename(inbox.folder, inbox.root.path() / "borta");
    auto read = source.read(listing.documents[0]);
    REQUIRE(read.status == Status::retry_later);
    CHECK_THAT(read.problem.code, Catch::StartsWith("peppol."));
    auto later = sdk::list_all(source);
    CHECK(later.documents.empty());
    REQUIRE(later.problems.size() == 1);
    CHECK(later.problems[0].code == "peppol.server.share_not_found");
    CHECK_THAT(later.problems[0].message, Catch::StartsWith("server 1 ("));
}

TEST_CASE("source: a file over max_file_mb is rejected unread") {
    Inbox inbox;
    std::string big =
        replaced(sample(swedish_invoice), "Faktura för besök", std::string(1200 * 1024, 'x'));
    inbox.put("stor.xml", big);
    RecordingHost host;
    auto settings = make_settings({inbox.server()});
    settings.max_file_mb = 1;
    peppol::PeppolSource small(settings, host);
    auto listing = sdk::list_all(small);
    REQUIRE(listing.documents.size() == 1);
    CHECK(listing.documents[0].key.str() == "unidentified/invoice/stor.xml");
    auto read = small.read(listing.documents[0]);
    REQUIRE(read.status == Status::rejected);
    CHECK(read.problem.code == "peppol.file.too_large");
    CHECK_THAT(read.problem.message, Catch::Contains("max_file_mb"));
}

TEST_CASE("source: a private patient's name and address reach the Document and nothing else") {
    Inbox inbox;
    inbox.put("patient.xml", sample(swedish_private));
    inbox.put("patient-fel.xml",
              replaced(replaced(sample(swedish_private), "<cbc:ID>2026-1043</cbc:ID>",
                                "<cbc:ID>2026-1044</cbc:ID>"),
                       ">999.00</cbc:PayableAmount>", ">989.00</cbc:PayableAmount>"));
    RecordingHost host;
    auto source = source_for(host, inbox);
    auto listing = sdk::list_all(source);
    REQUIRE(listing.documents.size() == 2);
    std::string said;
    bool read_one = false;
    for (const auto& ref : listing.documents) {
        said += ref.key.str() + ref.location + ref.fingerprint;
        auto read = source.read(ref);
        if (read.status == Status::read) {
            read_one = true;
            CHECK(read.document.customer.name == "Sigrid Exempelsson");
            CHECK(read.document.customer.address.city == "Exempelby");
        } else {
            said += read.problem.code + read.problem.message;
        }
    }
    CHECK(read_one);
    said += host.text();
    CHECK_THAT(said, Catch::Contains("2026-1044"));
    for (const char* personal : {"Sigrid", "Exempelsson", "Påhittade", "Exempelby", "999 99"})
        CHECK(said.find(personal) == std::string::npos);
}
