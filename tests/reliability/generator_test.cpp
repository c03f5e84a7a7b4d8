// The generated NOVAX files are what the campaigns and benchmarks feed Ferry: each must pass
// source-novax exactly as NOVAX's own files do, with the totals the generator promises.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "campaign.hpp"
#include "oioubl_generator.hpp"
#include "oioubl_parser.hpp"

using namespace ferry;
namespace generator = ferry::oioubl_generator;

namespace {

sdk::Decimal kroner(std::int64_t ore) {
    return sdk::Decimal::from_units(ore * (sdk::Decimal::one / 100));
}

}  // namespace

TEST_CASE("200 generated files all pass the real parser with the totals the generator states") {
    generator::Options options;
    options.count = 200;
    options.seed = 7;
    auto documents = generator::generate(options);
    REQUIRE(documents.size() == 200);

    std::set<generator::CustomerKind> kinds;
    std::size_t credit_notes = 0, mixed_vat = 0;
    std::set<std::string> invoices;
    for (const auto& generated : documents) {
        INFO(generated.file_name);
        sdk::DocumentKey key{
            options.supplier_cvr,
            generated.credit_note ? sdk::DocumentKind::credit_note : sdk::DocumentKind::invoice,
            generated.number};
        CHECK(generated.file_name ==
              "Novax_" + generated.number + "_16356706_" +
                  (generated.credit_note ? "Kreditnote.xml" : "Faktura.xml"));
        auto outcome = novax::parse_oioubl(generated.xml, {key, generated.file_name});
        if (!outcome.document)
            FAIL(outcome.document.problem().message);
        CHECK(outcome.warnings.empty());
        const sdk::Document& document = outcome.document.value();
        CHECK(document.totals.net == kroner(generated.totals.net));
        CHECK(document.totals.vat == kroner(generated.totals.vat));
        CHECK(document.totals.payable == kroner(generated.totals.gross()));
        kinds.insert(generated.customer);
        if (generated.customer == generator::CustomerKind::patient) {
            CHECK(document.customer.is_private_person());
            CHECK(document.customer.cpr == generated.patient_cpr);
            CHECK(document.customer.name == generated.patient_name);
        } else {
            CHECK(generated.patient_cpr.empty());
            CHECK_FALSE(document.customer.is_private_person());
        }
        if (generated.credit_note) {
            ++credit_notes;
            CHECK(document.references.billed_invoice == generated.credited_invoice);
            CHECK(invoices.count(generated.credited_invoice) == 1);
        } else {
            invoices.insert(generated.number);
        }
        std::set<sdk::VatCategory> categories;
        for (const auto& line : document.lines)
            categories.insert(line.vat_category);
        mixed_vat += categories.size() > 1;
    }
    CHECK(kinds.size() == 3);
    CHECK(credit_notes >= 10);
    CHECK(mixed_vat >= 20);
}

// The backlog benchmark counts on it: a clinic's pools of customers and services, each
// invoiced early, so a backlog creates each in e-conomic exactly once.
TEST_CASE("sized pools put every customer and service on the first invoices") {
    generator::Options options;
    options.count = 60;
    options.customers = 20;
    options.products = 12;
    options.credit_note_percent = 0;
    auto documents = generator::generate(options);
    REQUIRE(documents.size() == 60);
    std::map<generator::CustomerKind, int> first_twenty;
    for (std::size_t i = 0; i < 20; ++i)
        ++first_twenty[documents[i].customer];
    CHECK(first_twenty[generator::CustomerKind::business] == 12);
    CHECK(first_twenty[generator::CustomerKind::public_body] == 4);
    CHECK(first_twenty[generator::CustomerKind::patient] == 4);
    std::set<std::string> services;
    const std::string tag = "<cac:SellersItemIdentification><cbc:ID>";
    for (const auto& document : documents) {
        CHECK_FALSE(document.credit_note);
        for (auto at = document.xml.find(tag); at != std::string::npos;
             at = document.xml.find(tag, at + 1)) {
            auto begin = at + tag.size();
            services.insert(document.xml.substr(begin, document.xml.find('<', begin) - begin));
        }
    }
    CHECK(services.size() == 12);
    std::set<std::string> cprs;
    for (const auto& document : documents)
        if (!document.patient_cpr.empty())
            cprs.insert(document.patient_cpr);
    CHECK(cprs.size() == 4);
}

TEST_CASE("the same seed gives the same files and another seed other files") {
    generator::Options options;
    options.count = 30;
    auto first = generator::generate(options);
    auto again = generator::generate(options);
    options.seed = 2;
    auto other = generator::generate(options);
    for (std::size_t i = 0; i < first.size(); ++i)
        CHECK(first[i].xml == again[i].xml);
    CHECK(generator::manifest_csv(first) == generator::manifest_csv(again));
    CHECK(generator::manifest_csv(first) != generator::manifest_csv(other));
}

TEST_CASE("the manifest lists every document's totals and no personal data") {
    generator::Options options;
    options.count = 40;
    auto documents = generator::generate(options);
    std::string csv = generator::manifest_csv(documents);
    CHECK_THAT(csv, Catch::StartsWith("file,kind,number,customer,net,vat,gross\n"));
    for (const auto& document : documents) {
        CHECK_THAT(csv, Catch::Contains(document.file_name));
        if (!document.patient_cpr.empty()) {
            CHECK_THAT(csv, !Catch::Contains(document.patient_cpr));
            CHECK_THAT(csv, !Catch::Contains(document.patient_name));
        }
    }
}

TEST_CASE("a supplier CVR that is not 8 digits is refused") {
    generator::Options options;
    options.supplier_cvr = "1234";
    CHECK_THROWS_AS(generator::generate(options), std::invalid_argument);
}

TEST_CASE("generated files of every customer kind are booked in e-conomic with their totals") {
    ferry::campaign::Clinic clinic("  retry_base: 10ms\n");
    auto documents = clinic.generate(16, 3);
    auto pass = clinic.ferry("once");
    INFO(pass.output);
    CHECK(pass.exit_code == 0);
    CHECK_THAT(pass.output, Catch::Contains("listed 16, delivered 16, rejected 0"));
    auto result = ferry::campaign::reconcile(clinic.emulator_state(), documents);
    INFO(result.figures());
    CHECK(result.exact());
    CHECK(result.booked == 16);
}
