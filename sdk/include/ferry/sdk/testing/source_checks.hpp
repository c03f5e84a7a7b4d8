// Conformance checks for a source: listing is cheap and stable, read is pure, documents are of
// the kinds the descriptor declares, an unusable document is rejected, a document that cannot
// be read now is retry-later and never an exception, a declared number series places the
// source's own numbers, secrets and the documents' personal data stay out of output.
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <tuple>

#include "ferry/sdk/testing/output_check.hpp"
#include "ferry/sdk/testing/plugin_module.hpp"
#include "ferry/sdk/testing/recording_host.hpp"
#include "ferry/sdk/testing/same.hpp"
#include "ferry/sdk/testing/samples.hpp"
#include "ferry/sdk/testing/settings_builder.hpp"

namespace ferry::sdk::testing {

// What a source author provides. Each check constructs a fresh harness.
class SourceHarness {
  public:
    virtual ~SourceHarness() = default;
    virtual std::filesystem::path plugin_file() const = 0;
    // Settings for a source offering at least two documents that read cleanly.
    virtual Settings settings(const SettingsTable& table) = 0;
    // Overwrites every document's content without changing what a cheap list() may look at
    // (name, size, modification time; see scramble_file). Returns false for a source with no
    // such notion: then the check that listing opens nothing says it was not run.
    virtual bool scramble_documents() { return false; }
    // Makes the source unable to read anything for now, as a server that stopped answering or a
    // share that was unmounted would (a folder source moves its folder aside, see move_aside).
    // Returns false for a source with no such notion: then the check says it was not run.
    virtual bool make_unavailable() { return false; }
    // Removes every document after it was listed, as a person tidying the folder would.
    // Returns false for a source with no such notion: then the check says it was not run.
    virtual bool remove_documents() { return false; }
};

// Renames `folder` to `<folder>.away`: put it inside a folder the harness removes afterwards.
inline void move_aside(const std::filesystem::path& folder) {
    std::filesystem::rename(folder, folder.string() + ".away");
}

// Overwrites a file's bytes with a same-sized non-document, keeping its modification time.
inline void scramble_file(const std::filesystem::path& file) {
    struct stat before {};
    if (::stat(file.c_str(), &before) != 0)
        throw Error("conformance.scramble", "cannot stat " + file.string());
    {
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out << std::string(static_cast<std::size_t>(before.st_size), '\x01');
    }
    const struct timespec times[2] = {before.st_atim, before.st_mtim};
    ::utimensat(AT_FDCWD, file.c_str(), times, 0);
}

class SourceUnderTest {
  public:
    explicit SourceUnderTest(SourceHarness& harness)
        : descriptor_(load_plugin(harness.plugin_file(), PluginKind::source)),
          settings_(harness.settings(descriptor_.settings())) {}

    std::unique_ptr<Source> open() {
        return descriptor_.create_source({settings_, host_, "conformance", Access::read_only});
    }
    std::vector<std::string> secrets() const {
        return secret_values(settings_, descriptor_.settings());
    }
    RecordingHost& host() { return host_; }
    const PluginDescriptor& descriptor() const { return descriptor_; }

  private:
    const PluginDescriptor& descriptor_;
    Settings settings_;
    RecordingHost host_;
};

inline auto comparable(const DocumentRef& ref) {
    return std::tie(ref.key, ref.date, ref.fingerprint, ref.location);
}

inline std::string describe(const ReadOutcome& outcome) {
    switch (outcome.status) {
        case ReadOutcome::Status::read:
            return "read";
        case ReadOutcome::Status::retry_later:
            return "retry later: " + outcome.problem.code + ": " + outcome.problem.message;
        case ReadOutcome::Status::rejected:
            return "rejected: " + outcome.problem.code + ": " + outcome.problem.message;
    }
    return "an outcome of no known status";
}

// The listing in key order, so two listings compare whatever order the source returns.
inline std::vector<DocumentRef> sorted(std::vector<DocumentRef> refs) {
    std::sort(refs.begin(), refs.end(),
              [](const auto& a, const auto& b) { return comparable(a) < comparable(b); });
    return refs;
}

inline void check_same_listing(const Listing& a, const Listing& b) {
    auto left = sorted(a.documents), right = sorted(b.documents);
    REQUIRE(left.size() == right.size());
    for (std::size_t i = 0; i < left.size(); ++i) {
        INFO("document " << left[i].key.str() << " at " << left[i].location);
        CHECK(comparable(left[i]) == comparable(right[i]));
        CHECK(left[i].skip.has_value() == right[i].skip.has_value());
        if (left[i].skip && right[i].skip)
            CHECK(left[i].skip->code == right[i].skip->code);
    }
}

inline std::vector<DocumentRef> readable(const Listing& listing) {
    std::vector<DocumentRef> refs;
    for (const auto& ref : listing.documents)
        if (!ref.skip)
            refs.push_back(ref);
    return refs;
}

inline void source_lists_documents_it_can_name(SourceHarness& harness) {
    SourceUnderTest source(harness);
    Listing listing = list_all(*source.open());
    INFO("problems: " << listing.problems.size());
    CHECK(listing.problems.empty());
    REQUIRE(readable(listing).size() >= 2);
    std::set<DocumentKey> keys;
    for (const DocumentRef& ref : listing.documents) {
        INFO("document " << ref.key.str() << " at " << ref.location);
        CHECK(keys.insert(ref.key).second);
        CHECK(DocumentKey::parse(ref.key.str()) == ref.key);
        CHECK_FALSE(ref.fingerprint.empty());
        CHECK_FALSE(ref.location.empty());
        CHECK(ref.date.valid());
        if (ref.skip) {
            CHECK_FALSE(ref.skip->code.empty());
            CHECK_FALSE(ref.skip->message.empty());
        }
    }
}

inline void source_listing_is_stable(SourceHarness& harness) {
    SourceUnderTest source(harness);
    auto first = source.open();
    Listing listing = list_all(*first);
    check_same_listing(listing, list_all(*first));
    check_same_listing(listing, list_all(*source.open()));
}

inline void source_listing_opens_no_document(SourceHarness& harness) {
    SourceUnderTest source(harness);
    Listing before = list_all(*source.open());
    if (!harness.scramble_documents()) {
        WARN("not run: the harness cannot scramble documents");
        return;
    }
    Listing after = list_all(*source.open());
    CHECK(after.problems.empty());
    check_same_listing(before, after);
}

inline void source_read_is_pure(SourceHarness& harness) {
    SourceUnderTest source(harness);
    auto first = source.open(), second = source.open();
    auto refs = readable(list_all(*first));
    std::reverse(refs.begin(), refs.end());
    for (const DocumentRef& ref : refs) {
        INFO("document " << ref.key.str() << " at " << ref.location);
        ReadOutcome once = first->read(ref);
        INFO(describe(once));
        REQUIRE(once.status == ReadOutcome::Status::read);
        CHECK(once.document.key == ref.key);
        ReadOutcome twice = first->read(ref);
        REQUIRE(twice.status == ReadOutcome::Status::read);
        CHECK(same(once.document, twice.document));
        ReadOutcome elsewhere = second->read(ref);
        REQUIRE(elsewhere.status == ReadOutcome::Status::read);
        CHECK(same(once.document, elsewhere.document));
    }
}

// The host rejects, unread, a listed document of a kind the descriptor does not declare; a
// document read must keep its listed kind and carry that kind's content.
inline void source_honours_its_declared_kinds(SourceHarness& harness) {
    SourceUnderTest source(harness);
    DocumentKinds declared = source.descriptor().document_kinds;
    INFO("the descriptor declares " << declared.str());
    CHECK_FALSE(declared.empty());
    auto reader = source.open();
    for (const DocumentRef& ref : list_all(*reader).documents) {
        INFO("document " << ref.key.str() << " at " << ref.location);
        CHECK(declared.contains(ref.key.kind));
        if (ref.skip)
            continue;
        ReadOutcome read = reader->read(ref);
        INFO(describe(read));
        REQUIRE(read.status == ReadOutcome::Status::read);
        CHECK(read.document.key.kind == ref.key.kind);
        CHECK(kind_content_fault(read.document) == "");
    }
}

// Lists the readable documents, lets `change` (a harness hook) alter the source, then reads
// each with the reader opened before: every outcome comes back without an exception, and one
// that is not a document carries a code and a text. `expect` checks the rest of each outcome.
template <class Change, class Expect>
void check_reads_after(SourceHarness& harness, Change change, const char* cannot, Expect expect) {
    SourceUnderTest source(harness);
    auto reader = source.open();
    auto refs = readable(list_all(*reader));
    if (!change()) {
        WARN("not run: the harness cannot " << cannot);
        return;
    }
    for (const DocumentRef& ref : refs) {
        INFO("document " << ref.key.str() << " at " << ref.location);
        ReadOutcome outcome;
        REQUIRE_NOTHROW(outcome = reader->read(ref));
        INFO(describe(outcome));
        expect(outcome);
        if (outcome.status != ReadOutcome::Status::read) {
            CHECK_FALSE(outcome.problem.code.empty());
            CHECK_FALSE(outcome.problem.message.empty());
        }
    }
}

inline void source_unusable_document_is_rejected(SourceHarness& harness) {
    check_reads_after(
        harness, [&] { return harness.scramble_documents(); }, "scramble documents",
        [](const ReadOutcome& outcome) { CHECK(outcome.status == ReadOutcome::Status::rejected); });
}

// A network blip must not quarantine a document: what cannot be read because the source is
// away is retry_later, never rejected and never an exception.
inline void source_unavailable_read_is_retry_later(SourceHarness& harness) {
    check_reads_after(
        harness, [&] { return harness.make_unavailable(); }, "make the source unavailable",
        [](const ReadOutcome& outcome) {
            CHECK(outcome.status == ReadOutcome::Status::retry_later);
            if (outcome.retry_after)
                CHECK(outcome.retry_after->count() >= 0);
        });
}

// A document gone since it was listed is an outcome with a code the host can record: retry
// later (it may come back) or rejected, never a document and never an exception.
inline void source_vanished_document_is_an_outcome(SourceHarness& harness) {
    check_reads_after(
        harness, [&] { return harness.remove_documents(); }, "remove documents",
        [](const ReadOutcome& outcome) { CHECK(outcome.status != ReadOutcome::Status::read); });
}

// A source that declares its numbering places each of its own numbers in a series and prints
// that place back as the same number; `ferry report gaps` relies on both.
inline void source_number_series_places_its_own_numbers(SourceHarness& harness) {
    SourceUnderTest source(harness);
    auto reader = source.open();
    const NumberSeriesRule* rule = reader->number_series();
    if (!rule) {
        SUCCEED("the source declares no number series");
        return;
    }
    std::size_t placed = 0;
    for (const DocumentRef& ref : list_all(*reader).documents) {
        INFO("document " << ref.key.str());
        std::optional<SeriesPlace> place;
        REQUIRE_NOTHROW(place = rule->place(ref.key));
        if (!place)
            continue;
        ++placed;
        CHECK(rule->number_at(ref.key.number, place->position) == ref.key.number);
        auto again = rule->place(ref.key);
        REQUIRE(again);
        CHECK(again->series == place->series);
        CHECK(again->position == place->position);
    }
    CHECK(placed > 0);
}

// What a source shows of each listed document beyond its key: stored in the ledger
// (fingerprint, skip reason) or shown to operators (location).
inline void add_listing(Output& output, const Listing& listing) {
    output.add("a listing problem", listing.problems);
    for (const DocumentRef& ref : listing.documents) {
        output.add("a DocumentRef's location or fingerprint", ref.location + " " + ref.fingerprint);
        if (ref.skip)
            output.add("a DocumentRef's skip", *ref.skip);
    }
}

inline void source_keeps_secrets_out_of_output(SourceHarness& harness) {
    SourceUnderTest source(harness);
    Output output;
    auto reader = source.open();
    Listing listing = list_all(*reader);
    add_listing(output, listing);
    for (const DocumentRef& ref : listing.documents) {
        ReadOutcome read = reader->read(ref);
        if (read.status != ReadOutcome::Status::read)
            output.add("a read() problem", read.problem);
    }
    output.add(source.host());
    check_nothing_leaks(output, as_secrets(source.secrets()));
}

// Every document the harness offers is read; no personal string of any (the names, CPR
// numbers, addresses, contacts of its private persons) may appear in a log line, a metric or a
// problem the source produced, nor in what it lists of a document.
inline void source_keeps_personal_data_out_of_output(SourceHarness& harness) {
    SourceUnderTest source(harness);
    Output output;
    std::vector<Forbidden> personal;
    auto reader = source.open();
    Listing listing = list_all(*reader);
    add_listing(output, listing);
    for (const DocumentRef& ref : listing.documents) {
        ReadOutcome read = reader->read(ref);
        if (read.status == ReadOutcome::Status::read) {
            auto found = personal_data(read.document);
            personal.insert(personal.end(), found.begin(), found.end());
        } else {
            output.add("a read() problem", read.problem);
        }
    }
    output.add(source.host());
    if (personal.empty())
        WARN("the documents the harness offers name no private person: nothing to look for");
    check_nothing_leaks(output, personal);
}

}  // namespace ferry::sdk::testing
