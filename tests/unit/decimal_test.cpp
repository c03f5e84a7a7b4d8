#include <catch2/catch.hpp>

#include "ferry/sdk/decimal.hpp"

using ferry::sdk::Decimal;

static Decimal d(const char* text) {
    return *Decimal::parse(text);
}

TEST_CASE("Decimal parses xsd:decimal forms exactly") {
    CHECK(d("5050.00").to_string() == "5050.00");
    CHECK(d("00.01").to_string() == "0.01");
    CHECK(d("+1.").to_string() == "1.00");
    CHECK(d(".5").to_string() == "0.50");
    CHECK(d("-320").to_string() == "-320.00");
    CHECK(d("1.123456").to_string() == "1.123456");
    CHECK(d("1.1234560000").to_string() == "1.123456");
    CHECK(d("0.1").units() + d("0.2").units() == d("0.3").units());
}

TEST_CASE("Decimal refuses what is not a decimal") {
    for (const char* bad : {"", "-", ".", "1,5", "1e3", " 1", "1 ", "1.2.3", "abc", "1.1234567",
                            "99999999999999999999"}) {
        INFO(bad);
        CHECK_FALSE(Decimal::parse(bad));
    }
}

TEST_CASE("Decimal arithmetic rounds half away from zero") {
    CHECK((d("2") * d("100")).to_string() == "200.00");
    CHECK((d("0.125")).rounded(2).to_string() == "0.13");
    CHECK((d("-0.125")).rounded(2).to_string() == "-0.13");
    CHECK((d("1262.50") + d("5050.00")).to_string() == "6312.50");
    CHECK((d("10") / d("3")).to_string(0) == "3.333333");
    CHECK(d("1.50").decimals() == 1);
    CHECK(d("1.505").decimals() == 3);
    CHECK(d("3") > d("2.99"));
    CHECK_THROWS(d("1") / d("0"));
}
