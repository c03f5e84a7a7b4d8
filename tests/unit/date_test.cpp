#include <catch2/catch.hpp>

#include "ferry/sdk/date.hpp"

using ferry::sdk::Date;

TEST_CASE("Date parses ISO dates with an optional zone") {
    CHECK(Date::parse("2026-03-01")->to_string() == "2026-03-01");
    CHECK(Date::parse("2024-01-01+01:00")->to_string() == "2024-01-01");
    CHECK(Date::parse("2024-02-29Z"));
    for (const char* bad : {"2023-02-29", "2026-13-01", "26-03-01", "2026/03/01", "YYYY-MM-DD",
                            "2026-03-01T10:00", "0000-01-01", ""}) {
        INFO(bad);
        CHECK_FALSE(Date::parse(bad));
    }
    CHECK(*Date::parse("2026-01-02") > *Date::parse("2025-12-31"));
}
