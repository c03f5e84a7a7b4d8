// The privacy scan must find what it looks for, or every campaign's "zero hits" means nothing.
#include <catch2/catch.hpp>

#include "privacy_scan.hpp"
#include "support/temp_dir.hpp"

using namespace ferry::campaign;
namespace generator = ferry::oioubl_generator;

TEST_CASE("the privacy scan finds a patient's name and CPR in files and texts") {
    generator::Options options;
    options.count = 20;
    auto documents = generator::generate(options);
    auto data = personal_data_of(documents);
    const generator::GeneratedDocument* patient = nullptr;
    for (const auto& document : documents)
        if (!document.patient_cpr.empty())
            patient = &document;
    REQUIRE(patient);

    ferry::testing::TempDir dir;
    dir.write("ledger/data.mdb", std::string("\0\x01 binary ", 10) + patient->patient_cpr);
    dir.write("clean.log", "delivered 16356706/invoice/N00000001");
    std::string dashed = patient->patient_cpr.substr(0, 6) + "-" + patient->patient_cpr.substr(6);
    auto hits = scan_for_personal_data(
        data, {dir / "ledger", dir / "clean.log"},
        {{"mail", "Dear " + patient->patient_name}, {"log", "CPR-nr. " + dashed}});
    REQUIRE(hits.size() == 3);
    CHECK(hits[0].where == (dir / "ledger/data.mdb").string());
    CHECK(hits[0].kind == "CPR");
    CHECK(hits[1].where == "mail");
    CHECK(hits[1].kind == "name");
    CHECK(hits[2].where == "log");
    CHECK(scan_for_personal_data(data, {dir / "clean.log"}, {}).empty());
}
