// Issue 14, items 0 and 7: what reaches the ledger when the inbox misbehaves. A server that
// blinks, a file that cannot be read for a moment, a link out of the folder.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cctype>
#include <filesystem>
#include <stdexcept>

#include "inbox_pass.hpp"
#include "oioubl_generator.hpp"
#include "samba_server.hpp"

using namespace ferry;
using namespace ferry::security;
using novax::testing::SambaServer;
using novax::testing::TempFolder;
namespace fs = std::filesystem;

namespace {

std::vector<oioubl_generator::GeneratedDocument> write_documents(const TempFolder& inbox,
                                                                 std::size_t count) {
    auto documents = oioubl_generator::generate({.count = count, .seed = 14});
    for (const auto& document : documents)
        inbox.write(document.file_name, document.xml);
    return documents;
}

// The first of `documents` the sink has not received yet: the one the pass reaches next.
const oioubl_generator::GeneratedDocument& next_undelivered(
    const std::vector<oioubl_generator::GeneratedDocument>& documents, const NotingSink& sink) {
    for (const auto& document : documents)
        if (!sink.delivered.contains(oioubl_generator::document_key(document, "16356706")))
            return document;
    throw std::logic_error("every document was delivered");
}

novax::testing::ServerFields share_of(const SambaServer& samba) {
    return {.location = samba.url(),
            .domain = SambaServer::domain,
            .username = SambaServer::user,
            .password = SambaServer::password};
}

}  // namespace

TEST_CASE("an SMB server killed mid-pass quarantines nothing and is asked once") {
    TempFolder inbox;
    auto documents = write_documents(inbox, 60);
    SambaServer samba(inbox.path());
    InboxPipeline pipeline({share_of(samba)});
    // A reboot for updates at night, a third into the pass.
    pipeline.sink->after_delivery = [&](std::size_t delivered) {
        if (delivered == 20)
            samba.kill_server();
    };

    PassSummary during = pipeline.pass();
    CHECK(during.listed == documents.size());
    CHECK(during.delivered == 20);
    CHECK(during.rejected == 0);
    CHECK(during.retry_later == documents.size() - 20);
    CHECK(pipeline.in_state(sdk::State::rejected) == 0);
    CHECK(pipeline.in_state(sdk::State::retry_later) == documents.size() - 20);
    // Only the first document after the reboot went to the server; the others waited.
    CHECK(pipeline.host.count("novax.server.unreachable") == 1);

    samba.restart();
    pipeline.sink->after_delivery = nullptr;
    pipeline.host.clock += std::chrono::hours(2);
    PassSummary after = pipeline.pass();
    CHECK(after.delivered == documents.size() - 20);
    CHECK(after.rejected == 0);
    CHECK(pipeline.in_state(sdk::State::delivered) == documents.size());
    CHECK(pipeline.sink->delivered.size() == documents.size());
    CHECK(pipeline.sink->total() == documents.size());
}

// Issue 15: a source's read says retry later for a server that went away, with its reason, and
// the host keeps the document waiting until the earliest time, then delivers it exactly once.
TEST_CASE("an SMB server stopped mid-pass leaves documents waiting until their time") {
    TempFolder inbox;
    auto documents = write_documents(inbox, 12);
    SambaServer samba(inbox.path());
    InboxPipeline pipeline({share_of(samba)});
    pipeline.sink->after_delivery = [&](std::size_t delivered) {
        if (delivered == 4)
            samba.kill_server();
    };

    PassSummary during = pipeline.pass();
    CHECK(during.delivered == 4);
    CHECK(during.rejected == 0);
    CHECK(during.retry_later == documents.size() - 4);
    CHECK(pipeline.in_state(sdk::State::rejected) == 0);
    const auto stopped_at = pipeline.host.clock;
    pipeline.store->scan_state(sdk::State::retry_later, [&](const sdk::LedgerRecord& record) {
        INFO(record.key.str() << ": " << record.error_code << ": " << record.error_text);
        CHECK(record.error_code.starts_with("novax.server."));
        CHECK_FALSE(record.error_text.empty());
        CHECK(record.next_attempt > stopped_at);
        CHECK(record.history.back().state == sdk::State::retry_later);
        CHECK(record.history.back().code == record.error_code);
        CHECK(record.attempts == 1);
        return true;
    });

    // Back, but before the earliest time: nothing waiting is tried.
    samba.restart();
    pipeline.sink->after_delivery = nullptr;
    pipeline.host.clock += std::chrono::seconds(30);
    PassSummary early = pipeline.pass();
    CHECK(early.delivered == 0);
    CHECK(early.retry_later == 0);
    CHECK(pipeline.in_state(sdk::State::retry_later) == documents.size() - 4);
    pipeline.store->scan_state(sdk::State::retry_later, [&](const sdk::LedgerRecord& record) {
        CHECK(record.attempts == 1);
        return true;
    });

    pipeline.host.clock += std::chrono::hours(2);
    PassSummary after = pipeline.pass();
    CHECK(after.delivered == documents.size() - 4);
    CHECK(after.rejected == 0);
    CHECK(pipeline.in_state(sdk::State::delivered) == documents.size());
    CHECK(pipeline.sink->delivered.size() == documents.size());
    for (const auto& [key, times] : pipeline.sink->delivered) {
        INFO(key);
        CHECK(times == 1);
    }
    pipeline.store->scan([&](const sdk::LedgerRecord& record) {
        for (const auto& entry : record.history)
            CHECK(entry.state != sdk::State::rejected);
        return true;
    });
}

TEST_CASE("a file that cannot be read for a moment is retried and delivered") {
    TempFolder inbox;
    auto documents = write_documents(inbox, 3);
    InboxPipeline pipeline({{.location = inbox.path().string()}});
    // NOVAX re-writes a file through a temporary name just as the pass reaches it.
    fs::path rewritten;
    const fs::path aside = inbox / "rewriting.tmp";
    pipeline.sink->after_delivery = [&](std::size_t delivered) {
        if (delivered == 1) {
            rewritten = inbox / next_undelivered(documents, *pipeline.sink).file_name;
            fs::rename(rewritten, aside);
        }
    };

    PassSummary during = pipeline.pass();
    CHECK(during.delivered == documents.size() - 1);
    CHECK(during.rejected == 0);
    CHECK(during.retry_later == 1);

    fs::rename(aside, rewritten);
    pipeline.sink->after_delivery = nullptr;
    pipeline.host.clock += std::chrono::hours(2);
    CHECK(pipeline.pass().delivered == 1);
    CHECK(pipeline.in_state(sdk::State::delivered) == documents.size());
}

TEST_CASE("a symbolic link out of the folder is reported and never read") {
    TempFolder inbox, elsewhere;
    auto documents = write_documents(elsewhere, 2);
    const auto& outside = documents.front();
    fs::create_symlink(elsewhere / outside.file_name, inbox / outside.file_name);
    // A link that stays in the folder is the folder's own file.
    const auto& inside = documents.back();
    inbox.write("real-" + inside.file_name, inside.xml);
    fs::create_symlink("real-" + inside.file_name, inbox / inside.file_name);
    InboxPipeline pipeline({{.location = inbox.path().string()}});

    PassSummary summary = pipeline.pass();
    REQUIRE(summary.source_problems.size() == 1);
    CHECK(summary.source_problems[0].code == "novax.file.link_outside");
    CHECK(summary.source_problems[0].message.find(outside.file_name) != std::string::npos);
    CHECK(summary.listed == 1);
    CHECK(summary.delivered == 1);
    CHECK(pipeline.sink->delivered.size() == 1);
    CHECK(pipeline.in_state(sdk::State::rejected) == 0);
}

TEST_CASE("a file swapped for a link out of the folder after listing is not read") {
    TempFolder inbox, elsewhere;
    auto documents = write_documents(inbox, 2);
    InboxPipeline pipeline({{.location = inbox.path().string()}});
    pipeline.sink->after_delivery = [&](std::size_t) {
        const auto& swapped = next_undelivered(documents, *pipeline.sink);
        elsewhere.write(swapped.file_name, swapped.xml);
        fs::remove(inbox / swapped.file_name);
        fs::create_symlink(elsewhere / swapped.file_name, inbox / swapped.file_name);
    };

    PassSummary summary = pipeline.pass();
    CHECK(summary.delivered == 1);
    CHECK(summary.retry_later == 1);
    CHECK(pipeline.sink->delivered.size() == 1);
    CHECK(pipeline.host.count("novax.file.link_outside") == 1);
}

TEST_CASE("names of one document in differing case book it once or not at all") {
    TempFolder inbox;
    auto documents = write_documents(inbox, 3);
    auto odd_case = [](std::string name) {
        for (char& c : name)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return name;
    };
    // Beside NOVAX's own file: that file is the document.
    const auto& twinned = documents[0];
    inbox.write(odd_case(twinned.file_name), documents[1].xml);
    // Only in odd cases, twice: neither is chosen.
    const auto& orphaned = documents[2];
    fs::remove(inbox / orphaned.file_name);
    std::string lower = orphaned.file_name;
    lower.replace(0, 5, "novax");
    inbox.write(lower, orphaned.xml);
    inbox.write(odd_case(orphaned.file_name), orphaned.xml);
    InboxPipeline pipeline({{.location = inbox.path().string()}});

    PassSummary summary = pipeline.pass();
    REQUIRE(summary.source_problems.size() == 2);
    for (const auto& problem : summary.source_problems)
        CHECK(problem.code == "novax.file.same_document");
    CHECK(summary.delivered == 2);  // the twinned one, from NOVAX's file, and the untouched one
    CHECK(pipeline.sink->delivered.size() == 2);
    CHECK_FALSE(
        pipeline.sink->delivered.contains(oioubl_generator::document_key(orphaned, "16356706")));
    auto record = pipeline.store->find(
        *sdk::DocumentKey::parse(oioubl_generator::document_key(twinned, "16356706")));
    REQUIRE(record);
    CHECK(record->fingerprint.starts_with(twinned.file_name + ":"));
}
