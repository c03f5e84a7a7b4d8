#include <catch2/catch.hpp>

#include "cell_values.hpp"
#include "csv_text.hpp"

using namespace ferry;
using namespace ferry::csv;

TEST_CASE("text: UTF-8 with a byte order mark is read without it") {
    auto text = to_utf8("\xEF\xBB\xBFKundenr;Navn\nÆble;Ø", Encoding::automatic);
    REQUIRE(text);
    CHECK(*text == "Kundenr;Navn\nÆble;Ø");
    CHECK(to_utf8("\xEF\xBB\xBF"
                  "a",
                  Encoding::utf8) == "a");
}

TEST_CASE("text: Windows-1252 is found and turned into UTF-8 with æøå and the euro sign") {
    std::string bytes =
        "Navn;By\r\nS\xF8ren \xC6"
        "bel\xF8;\xC5rhus \x80";
    CHECK(to_utf8(bytes, Encoding::automatic) == "Navn;By\r\nSøren Æbelø;Århus €");
    CHECK(to_utf8(bytes, Encoding::windows1252) == "Navn;By\r\nSøren Æbelø;Århus €");
    CHECK_FALSE(to_utf8(bytes, Encoding::utf8));
    // Valid UTF-8 stays UTF-8 under auto, but is read byte by byte when declared 1252.
    CHECK(to_utf8("Søren", Encoding::automatic) == "Søren");
    CHECK(to_utf8("S\xC3\xB8ren", Encoding::windows1252) == "SÃ¸ren");
}

TEST_CASE("text: quoted cells hold separators and line breaks and doubled quotes") {
    auto rows =
        split_rows("a;b;c\r\n1;\"x;y\";\"say \"\"hi\"\"\"\r\n2;\"two\r\nlines\";z\n3;;\n", ';');
    REQUIRE(rows);
    const auto& r = rows.value();
    REQUIRE(r.size() == 4);
    CHECK(r[1].cells == std::vector<std::string>{"1", "x;y", "say \"hi\""});
    CHECK(r[1].line == 2);
    CHECK(r[2].cells == std::vector<std::string>{"2", "two\r\nlines", "z"});
    CHECK(r[2].line == 3);
    CHECK(r[3].line == 5);  // the quoted line break counts
    CHECK(r[3].cells == std::vector<std::string>{"3", "", ""});
}

TEST_CASE("text: LF and CRLF end rows alike and a missing last line end is no row lost") {
    auto lf = split_rows("a,b\n1,2", ',');
    auto crlf = split_rows("a,b\r\n1,2\r\n", ',');
    REQUIRE(lf);
    REQUIRE(crlf);
    CHECK(lf.value().size() == 2);
    CHECK(crlf.value().size() == 2);
    CHECK(lf.value()[1].cells == crlf.value()[1].cells);
}

TEST_CASE("text: a quote never closed is a problem naming the line it opened on") {
    auto rows = split_rows("a;b\n1;\"open\n2;3\n", ';');
    REQUIRE_FALSE(rows);
    CHECK(rows.problem().code == "csv.file.open_quote");
    CHECK(rows.problem().message.starts_with(":2:"));
}

TEST_CASE("text: header names match trimmed and in any letter case with Danish letters too") {
    CHECK(header_name_key("  SPÆRRET ") == header_name_key("spærret"));
    CHECK(header_name_key("Beløb") == header_name_key("BELØB"));
    CHECK(header_name_key("Ålborg") == "ålborg");
}

TEST_CASE("values: amounts with decimal comma and thousands points") {
    CHECK(read_amount("1.234,50", true) == sdk::Decimal::parse("1234.5"));
    CHECK(read_amount("-333,33", true) == sdk::Decimal::parse("-333.33"));
    CHECK(read_amount("12", true) == sdk::Decimal::parse("12"));
    CHECK(read_amount("1.234.567,5", true) == sdk::Decimal::parse("1234567.5"));
    CHECK(read_amount("1,234.50", false) == sdk::Decimal::parse("1234.5"));
    CHECK_FALSE(read_amount("1.5", true));  // an English decimal in a Danish export
    CHECK_FALSE(read_amount("12,3,4", true));
    CHECK_FALSE(read_amount("", true));
    CHECK_FALSE(read_amount("12 kr", true));
    CHECK_FALSE(read_amount(",5", true));
}

TEST_CASE("values: dates in Danish and ISO writing") {
    CHECK(read_date("02-03-2026") == sdk::Date{2026, 3, 2});
    CHECK(read_date("2.3.2026") == sdk::Date{2026, 3, 2});
    CHECK(read_date("2026-03-02") == sdk::Date{2026, 3, 2});
    CHECK_FALSE(read_date("31-02-2026"));
    CHECK_FALSE(read_date("02/03/2026"));
    CHECK_FALSE(read_date("02-03-26"));
    CHECK_FALSE(read_date(""));
}

TEST_CASE("values: yes and no and CVR and EAN numbers") {
    CHECK(read_yes_no("Ja") == true);
    CHECK(read_yes_no("x") == true);
    CHECK(read_yes_no("") == false);
    CHECK(read_yes_no("NEJ") == false);
    CHECK_FALSE(read_yes_no("måske"));
    CHECK(read_cvr("DK12345674") == "12345674");
    CHECK(read_cvr("dk 12 34 56 74") == "12345674");
    CHECK_FALSE(read_cvr("1234567A"));
    CHECK_FALSE(read_cvr("1234567"));
    CHECK(read_ean("5798 000 000 001") == "5798000000001");
    CHECK_FALSE(read_ean("579800000000"));
}
