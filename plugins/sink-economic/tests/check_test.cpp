// `ferry check`: every problem of every company at once, and nothing created.
#include <catch2/catch.hpp>

#include "test_support.hpp"

using namespace ferry::testing;
using ferry::economic::EconomicSink;

namespace {

std::string codes(const std::vector<ferry::sdk::Problem>& problems) {
    std::string text;
    for (const auto& problem : problems)
        text += problem.code + " | " + problem.message + "\n";
    return text;
}

}  // namespace

TEST_CASE("check passes for a company set up as configured") {
    EmulatorProcess emulator{{{clinic_grant, clinic_cvr}}};
    TestHost host;
    EconomicSink sink{
        sink_settings(emulator.url(), {{clinic_cvr, clinic_grant, {}}}, {{"departments", "true"}}),
        host};
    auto problems = sink.check();
    INFO(codes(problems));
    CHECK(problems.empty());
}

TEST_CASE("check reports every missing group and layout and zone and department at once") {
    EmulatorProcess emulator{{{clinic_grant, clinic_cvr}, {"grant-other", "55667788"}}};
    TestHost host;
    EconomicSink sink{sink_settings(emulator.url(), {{clinic_cvr,
                                                      clinic_grant,
                                                      {{"customer_group", "999"},
                                                       {"product_group", "998"},
                                                       {"payment_terms", "Aldrig"},
                                                       {"layout", "77"},
                                                       {"vat_zone_eu", "42"},
                                                       {"departments", "true"},
                                                       {"department_fallback", "4242"}}},
                                                     {"55667788", "wrong-grant", {}}}),
                      host};
    auto problems = sink.check();
    std::string text = codes(problems);
    INFO(text);
    for (const char* code : {"customer_group", "product_group", "payment_terms", "layout",
                             "vat_zone", "department_fallback", "unauthorized"})
        CHECK_THAT(text, Catch::Contains(std::string("economic.check.") + code));
    CHECK_THAT(text, Catch::Contains("company 55667788"));
    CHECK_THAT(text, !Catch::Contains("wrong-grant"));
    auto counts = emulator.state(clinic_grant)["counts"];
    CHECK(counts.value("customers", 0) == 0);
    CHECK(counts.value("products", 0) == 0);
}
