#include <catch2/catch.hpp>

#include "file_name.hpp"

using ferry::novax::parse_file_name;
using ferry::sdk::DocumentKind;

TEST_CASE("an invoice file name gives number and CVR and kind") {
    auto key = parse_file_name("Novax_1042_11223344_Faktura.xml");
    REQUIRE(key);
    CHECK(key->number == "1042");
    CHECK(key->company == "11223344");
    CHECK(key->kind == DocumentKind::invoice);
}

TEST_CASE("a credit note file name gives the credit-note kind") {
    auto key = parse_file_name("Novax_77_11223344_Kreditnote.xml");
    REQUIRE(key);
    CHECK(key->kind == DocumentKind::credit_note);
    CHECK(key->number == "77");
}

TEST_CASE("numbers may hold what a cbc:ID holds except underscores and separators") {
    auto key = parse_file_name("Novax_A00095678_16356706_Faktura.xml");
    REQUIRE(key);
    CHECK(key->number == "A00095678");
    CHECK(parse_file_name("Novax_FINAL-DUAL-MIX_12345674_Faktura.xml")->number == "FINAL-DUAL-MIX");
    CHECK_FALSE(parse_file_name("Novax_A/1_11223344_Faktura.xml"));
    CHECK_FALSE(parse_file_name("Novax_A\\1_11223344_Faktura.xml"));
    CHECK_FALSE(parse_file_name("Novax_A_1_11223344_Faktura.xml"));
    CHECK_FALSE(parse_file_name(std::string("Novax_A\n1_11223344_Faktura.xml")));
}

TEST_CASE("the fixed parts of the name match without regard to case as on SMB") {
    auto key = parse_file_name("NOVAX_12_11223344_FAKTURA.XML");
    REQUIRE(key);
    CHECK(key->kind == DocumentKind::invoice);
}

TEST_CASE("names that are not NOVAX documents are not documents") {
    for (const char* name : {"", "Novax__11223344_Faktura.xml", "Novax_1_1122334_Faktura.xml",
                             "Novax_1_112233445_Faktura.xml", "Novax_1_1122334a_Faktura.xml",
                             "Novax_1_11223344_Faktura.pdf", "Novax_1_11223344_Rykker.xml",
                             "Novax_1_11223344_Faktura.xml.tmp", "Thumbs.db",
                             "Novax_11223344_Faktura.xml", "Faktura_1_11223344_Novax.xml"}) {
        INFO(name);
        CHECK_FALSE(parse_file_name(name));
    }
}
