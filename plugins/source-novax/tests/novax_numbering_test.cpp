// How NOVAX numbers its documents, as source-novax declares it for `ferry report gaps`.
#include <catch2/catch.hpp>

#include "novax_numbering.hpp"

using namespace ferry;
using sdk::DocumentKind;

namespace {

std::optional<sdk::SeriesPlace> place_of(const std::string& number,
                                         DocumentKind kind = DocumentKind::invoice) {
    return novax::NovaxNumbering().place({"11223344", kind, number});
}

}  // namespace

TEST_CASE("NOVAX numbering: a prefix names the series and the trailing digits count in it") {
    auto invoice = place_of("A00095678");
    REQUIRE(invoice);
    CHECK(invoice->series == "A");
    CHECK(invoice->position == 95678);
    auto digits_only = place_of("1000");
    REQUIRE(digits_only);
    CHECK(digits_only->series.empty());
    CHECK(digits_only->position == 1000);
}

TEST_CASE("NOVAX numbering: invoices and credit notes draw from one counter") {
    auto invoice = place_of("A00095678");
    auto credit_note = place_of("A00095679", DocumentKind::credit_note);
    REQUIRE(invoice);
    REQUIRE(credit_note);
    CHECK(credit_note->series == invoice->series);
    CHECK(credit_note->position == invoice->position + 1);
}

TEST_CASE("NOVAX numbering: numbers without a counter belong to no series") {
    CHECK_FALSE(place_of("no-digits"));
    CHECK_FALSE(place_of("X1234567890123456789012"));  // more digits than a counter holds
}

TEST_CASE("NOVAX numbering: a missing number is printed like the series' numbers") {
    novax::NovaxNumbering numbering;
    CHECK(numbering.number_at("A00095678", 95680) == "A00095680");
    CHECK(numbering.number_at("B9", 10) == "B10");
    CHECK(numbering.number_at("0999", 5) == "0005");
    CHECK(numbering.number_at("A00095678", 95678) == "A00095678");
}
