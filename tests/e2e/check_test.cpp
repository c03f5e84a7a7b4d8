// `ferry check` names the waiting documents dated in a period the target refuses, through the
// ferry binary with every real part; a warning, not a failure.
#include <ctime>

#include "clinic.hpp"

using namespace ferry::testing;

namespace {

// Gives each inbox file noon of a local date as its modification time: NOVAX's file names
// carry no date, so the source lists each document with its file's date.
void date_inbox_files(const fs::path& inbox, int year, int month, int day) {
    std::tm local{};
    local.tm_year = year - 1900, local.tm_mon = month - 1, local.tm_mday = day;
    local.tm_hour = 12, local.tm_isdst = -1;
    auto moment = std::chrono::system_clock::from_time_t(std::mktime(&local));
    for (const auto& entry : fs::directory_iterator(inbox))
        fs::last_write_time(entry.path(), fs::file_time_type::clock::from_sys(moment));
}

}  // namespace

TEST_CASE_METHOD(Clinic, "ferry check warns of waiting documents dated in a closed period") {
    date_inbox_files(dir / "inbox", 2026, 3, 14);
    auto closed = emulator.request("POST", "/__emulator/agreements/grant-16356706/accounting-years",
                                   R"({"year":"2026","period":3,"closed":true})", {});
    REQUIRE(closed.status == 200);

    auto check = ferry("check");
    INFO(check.output);
    CHECK(check.exit_code == 0);
    CHECK_THAT(check.output, Catch::Contains("source and target are reachable and usable"));
    CHECK_THAT(check.output,
               Catch::Contains("warning period.closed: company 16356706: 2 waiting document(s) "
                               "dated in 2026 period 3 (2026-03-01..2026-03-31)"));
    CHECK_THAT(check.output, Catch::Contains("invoice A00095678 (2026-03-14*)"));
    CHECK_THAT(check.output, Catch::Contains("credit-note A00095679 (2026-03-14*)"));
    CHECK_THAT(check.output, Catch::Contains("the file's date"));
    // The company the sink does not know has no periods to warn of.
    CHECK_THAT(check.output, !Catch::Contains("company 16356700"));

    // Once a pass delivered them (their own dates are open), nothing is waiting.
    auto pass = ferry("once");
    INFO(pass.output);
    REQUIRE(pass.exit_code == 0);
    CHECK_THAT(pass.output, Catch::Contains("delivered 2"));
    auto after = ferry("check");
    INFO(after.output);
    CHECK(after.exit_code == 0);
    CHECK_THAT(after.output, !Catch::Contains("warning"));
}
