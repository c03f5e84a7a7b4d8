#include <catch2/catch.hpp>
#include <filesystem>

#include "clinic.hpp"

using namespace ferry::testing;

TEST_CASE_METHOD(Clinic,
                 "NOVAX files are booked in e-conomic exactly once and bad ones are quarantined") {
    auto check = ferry("check");
    INFO(check.output);
    CHECK(check.exit_code == 0);

    auto pass = ferry("once");
    INFO(pass.output);
    REQUIRE(pass.exit_code == 0);
    CHECK_THAT(pass.output, Catch::Contains("clinic: listed 4, delivered 2, rejected 2"));

    nlohmann::json invoices = booked();
    REQUIRE(invoices.size() == 2);
    std::map<std::string, nlohmann::json> by_reference;
    for (const auto& invoice : invoices)
        by_reference[invoice["references"]["other"]] = invoice;
    auto invoice = by_reference.at("ferry:clinic:16356706/invoice/A00095678");
    auto credit = by_reference.at("ferry:clinic:16356706/credit-note/A00095679");
    // As e-conomic computed them from the lines, product groups and VAT zone.
    CHECK(invoice["netAmount"].get<double>() == Approx(5050.00));
    CHECK(invoice["vatAmount"].get<double>() == Approx(1262.50));
    CHECK(invoice["grossAmount"].get<double>() == Approx(6312.50));
    CHECK(credit["grossAmount"].get<double>() == Approx(-6312.50));

    auto status = ferry("status");
    CHECK_THAT(status.output, Catch::Contains("company 16356706: delivered 2"));
    CHECK_THAT(status.output,
               Catch::Contains("16356700/invoice/A00095678 rejected (oioubl.totals.line_sum)"));
    CHECK_THAT(status.output, Catch::Contains("16356700/credit-note/A00095678 rejected"));

    // A second pass books nothing again.
    auto again = ferry("once");
    CHECK_THAT(again.output, Catch::Contains("delivered 0, rejected 0"));
    CHECK(booked().size() == 2);
}
