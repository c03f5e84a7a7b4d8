// Accounting years and periods as e-conomic lists them, and its refusal of drafts and bookings
// dated in a closed or barred period, a closed year or outside every year.
#include "test_data.hpp"

using namespace ferry::test;
using nlohmann::json;

namespace {

struct PeriodFixture {
    EmulatorProcess emulator;
    std::int64_t customer = create_customer(emulator);
    PeriodFixture() { create_product(emulator, "KONS"); }

    json draft(const std::string& date, const std::string& reference) {
        json body = draft_body(customer, reference,
                               {{{"description", "Behandling"},
                                 {"product", {{"productNumber", "KONS"}}},
                                 {"quantity", 1},
                                 {"unitNetPrice", 100}}});
        body["date"] = date;
        return body;
    }
    HttpResponse change(const json& body) {
        return emulator.post(
            std::string("/__emulator/agreements/") + emulator_grant + "/accounting-years", body);
    }
    void require_refused(const HttpResponse& response, const std::string& date) {
        INFO(response.body);
        REQUIRE(response.status == 400);
        CHECK(response.json()["errorCode"] == "E04300");
        json error = error_at(response, "/errors/date/errors/0");
        CHECK(error["errorCode"] == "E04041");
        CHECK(error["errorMessage"] == "Perioden er spærret.");
        CHECK(error["inputValue"]["entryDate"] == date);
    }
};

}  // namespace

TEST_CASE_METHOD(PeriodFixture, "accounting years are listed with e-conomic's fields and links") {
    auto response = emulator.get("/accounting-years?pagesize=1000");
    REQUIRE(response.status == 200);
    json years = response.json()["collection"];
    REQUIRE(years.size() >= 2);
    json year_2026;
    for (const json& year : years)
        if (year["year"] == "2026")
            year_2026 = year;
    REQUIRE(year_2026.is_object());
    CHECK(year_2026["fromDate"] == "2026-01-01");
    CHECK(year_2026["toDate"] == "2026-12-31");
    CHECK_FALSE(year_2026.contains("closed"));  // absent when false, as e-conomic leaves it
    std::string self = emulator.base_url() + "/accounting-years/2026";
    CHECK(year_2026["self"] == self);
    CHECK(year_2026["periods"] == self + "/periods");
    CHECK(year_2026["entries"] == self + "/entries");
    CHECK(year_2026["totals"] == self + "/totals");

    auto filtered = emulator.get("/accounting-years?filter=year$eq:2025");
    REQUIRE(filtered.status == 200);
    REQUIRE(filtered.json()["collection"].size() == 1);
    CHECK(emulator.get("/accounting-years/2026").json() == year_2026);
    CHECK(emulator.get("/accounting-years/1999").status == 404);
    CHECK(emulator.get("/accounting-years?filter=closed$eq:true").status == 400);
}

TEST_CASE_METHOD(PeriodFixture, "a year's periods are its months") {
    auto response = emulator.get("/accounting-years/2026/periods");
    REQUIRE(response.status == 200);
    json periods = response.json()["collection"];
    REQUIRE(periods.size() == 12);
    CHECK(periods[1]["periodNumber"] == 2);
    CHECK(periods[1]["fromDate"] == "2026-02-01");
    CHECK(periods[1]["toDate"] == "2026-02-28");
    CHECK(periods[1]["accountingYear"]["year"] == "2026");
    CHECK(periods[1]["self"] == emulator.base_url() + "/accounting-years/2026/periods/2");
    CHECK_FALSE(periods[1].contains("closed"));
    CHECK(emulator.get("/accounting-years/2026/periods/2").json() == periods[1]);
    CHECK(emulator.get("/accounting-years/2026/periods/13").status == 404);
}

TEST_CASE_METHOD(PeriodFixture, "a draft dated in a closed period is refused with E04041") {
    REQUIRE(change({{"year", "2026"}, {"period", 3}, {"closed", true}}).status == 200);
    CHECK(emulator.get("/accounting-years/2026/periods/3").json()["closed"] == true);
    require_refused(emulator.post("/invoices/drafts", draft("2026-03-14", "CLOSED")), "2026-03-14");
    CHECK(emulator.post("/invoices/drafts", draft("2026-04-01", "OPEN")).status == 201);

    SECTION("and so is a draft saved with PUT") {
        require_refused(emulator.put("/invoices/drafts/1", draft("2026-03-31", "CLOSED")),
                        "2026-03-31");
    }
    SECTION("reopened, the period books again") {
        REQUIRE(change({{"year", "2026"}, {"period", 3}, {"closed", false}}).status == 200);
        CHECK(emulator.post("/invoices/drafts", draft("2026-03-14", "REOPENED")).status == 201);
    }
}

TEST_CASE_METHOD(PeriodFixture, "booking a draft whose period was closed since is refused") {
    auto made = emulator.post("/invoices/drafts", draft("2026-05-20", "LATE"));
    REQUIRE(made.status == 201);
    auto number = made.json()["draftInvoiceNumber"].get<std::int64_t>();
    REQUIRE(change({{"year", "2026"}, {"period", 5}, {"closed", true}}).status == 200);
    require_refused(
        emulator.post("/invoices/booked", {{"draftInvoice", {{"draftInvoiceNumber", number}}}}),
        "2026-05-20");
    CHECK(emulator.get("/invoices/drafts/" + std::to_string(number)).status == 200);
}

TEST_CASE_METHOD(PeriodFixture, "a closed year, a barred period and no year refuse alike") {
    REQUIRE(change({{"year", "2025"}, {"closed", true}}).status == 200);
    CHECK(emulator.get("/accounting-years/2025").json()["closed"] == true);
    require_refused(emulator.post("/invoices/drafts", draft("2025-07-01", "CLOSED-YEAR")),
                    "2025-07-01");

    // Barred is not shown: the legacy API has no field for it.
    REQUIRE(change({{"year", "2026"}, {"period", 8}, {"barred", true}}).status == 200);
    CHECK_FALSE(emulator.get("/accounting-years/2026/periods/8").json().contains("closed"));
    require_refused(emulator.post("/invoices/drafts", draft("2026-08-15", "BARRED")), "2026-08-15");

    require_refused(emulator.post("/invoices/drafts", draft("2040-01-02", "NO-YEAR")),
                    "2040-01-02");
}

TEST_CASE_METHOD(PeriodFixture, "the admin route names what it cannot change") {
    CHECK(change({{"year", "2026"}}).status == 400);
    CHECK(change({{"year", "1990"}, {"closed", true}}).status == 404);
    CHECK(change({{"year", "2026"}, {"period", 13}, {"closed", true}}).status == 404);
    CHECK(change({{"year", "2026"}, {"closed", "yes"}}).status == 400);
}
