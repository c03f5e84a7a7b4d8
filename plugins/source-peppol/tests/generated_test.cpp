// source-peppol against the files tools/peppol-generator writes for the Swedish pair's
// campaigns: written independently of this plugin, so both must agree on every key and total.
#include <catch2/catch.hpp>

#include <map>

#include "ferry/sdk/testing/recording_host.hpp"
#include "ferry/sdk/testing/temp_folder.hpp"
#include "peppol_generator.hpp"
#include "peppol_samples.hpp"
#include "peppol_source.hpp"
#include "settings_for.hpp"

using namespace ferry;
using namespace ferry::peppol::testing;
namespace generator = ferry::peppol_generator;

namespace {

sdk::Decimal kronor(std::int64_t ore) {
    return sdk::Decimal::from_int(ore) / sdk::Decimal::from_int(100);
}

}  // namespace

TEST_CASE("generated: every generated document lists under its key and books its totals") {
    sdk::testing::TempFolder folder;
    generator::Options options;
    options.count = 60;
    options.seed = 7;
    auto documents = generator::generate(options);
    generator::write_files(documents, folder.path());
    std::map<std::string, const generator::GeneratedDocument*> expected;
    for (const auto& document : documents)
        expected[generator::document_key(document, options.supplier_organisation_number)] =
            &document;

    sdk::testing::RecordingHost host;
    peppol::PeppolSource source(make_settings({{{"location", folder.path().string()}}}), host);
    auto listing = sdk::list_all(source);
    CHECK(listing.problems.empty());
    REQUIRE(listing.documents.size() == documents.size());
    std::string said = host.text();
    for (const auto& ref : listing.documents) {
        INFO(ref.key.str() << " at " << ref.location);
        REQUIRE(expected.count(ref.key.str()));
        const generator::GeneratedDocument& made = *expected[ref.key.str()];
        auto read = source.read(ref);
        REQUIRE(read.status == sdk::ReadOutcome::Status::read);
        const sdk::Document& doc = read.document;
        CHECK(doc.totals.net == kronor(made.totals.net));
        CHECK(doc.totals.vat == kronor(made.totals.vat));
        CHECK(doc.totals.rounding == kronor(made.totals.rounding));
        CHECK(doc.totals.payable == kronor(made.totals.payable()));
        CHECK(doc.references.billed_invoice == made.credited_invoice);
        if (made.customer == generator::CustomerKind::company) {
            CHECK(doc.customer.registration_number == made.customer_organisation_number);
        } else {
            CHECK(doc.customer.name == made.patient_name);
            CHECK(doc.customer.registration_number.empty());
        }
        said += ref.location + ref.fingerprint;
    }
    said += host.text();
    for (const auto& document : documents)
        if (!document.patient_name.empty()) {
            CHECK(said.find(document.patient_name) == std::string::npos);
            CHECK(said.find(document.patient_street) == std::string::npos);
            CHECK(said.find(document.patient_email) == std::string::npos);
        }
}
