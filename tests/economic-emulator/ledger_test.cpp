// The general ledger as e-conomic's legacy API serves it (e-conomic-accounting.md §§1-4, 7):
// the chart of accounts, and the entries booking posts: debtor, sales per account and
// department, VAT, summing to zero, numbered agreement-wide, filtered and paged as e-conomic
// allows, and totalled per account.
#include <map>
#include <set>

#include "test_data.hpp"

using namespace ferry::test;
using nlohmann::json;

namespace {

struct LedgerFixture {
    EmulatorProcess emulator;
    std::int64_t customer = create_customer(emulator);
    LedgerFixture() {
        create_product(emulator, "KONS");       // group 100: clinic services with VAT
        create_product(emulator, "ATTEST", 4);  // group 4: services without VAT
    }

    // Books an invoice of 2 × 100.00 consultations (VAT 25 %) and one 80.00 certificate
    // without VAT, dated `date`, on departmental distribution 2 when `department` is set.
    std::int64_t book(const std::string& date, bool department = false) {
        json kons = {{"description", "Konsultation"},
                     {"product", {{"productNumber", "KONS"}}},
                     {"quantity", 2},
                     {"unitNetPrice", 100}};
        if (department)
            kons["departmentalDistribution"] = {{"departmentalDistributionNumber", 2}};
        json body = draft_body(customer, "ferry:ledger:" + date,
                               {kons,
                                {{"description", "Attest"},
                                 {"product", {{"productNumber", "ATTEST"}}},
                                 {"quantity", 1},
                                 {"unitNetPrice", 80}}});
        body["date"] = date;
        auto draft = emulator.post("/invoices/drafts", body);
        REQUIRE(draft.status == 201);
        auto booked = emulator.post(
            "/invoices/booked",
            {{"draftInvoice", {{"draftInvoiceNumber", draft.json()["draftInvoiceNumber"]}}}});
        INFO(booked.body);
        REQUIRE(booked.status == 201);
        return booked.json()["bookedInvoiceNumber"].get<std::int64_t>();
    }

    json entries(const std::string& path) {
        auto response = emulator.get(path);
        INFO(response.body);
        REQUIRE(response.status == 200);
        return response.json()["collection"];
    }
};

json by_account(const json& entries, int account) {
    for (const json& entry : entries)
        if (entry["account"]["accountNumber"] == account)
            return entry;
    return {};
}

}  // namespace

TEST_CASE_METHOD(LedgerFixture, "the chart of accounts has every account type e-conomic has") {
    auto response = emulator.get("/accounts?pagesize=1000");
    REQUIRE(response.status == 200);
    std::set<std::string> types;
    const json listed = response.json();
    for (const json& account : listed["collection"])
        types.insert(account["accountType"].get<std::string>());
    CHECK(types == std::set<std::string>{"profitAndLoss", "status", "totalFrom", "heading",
                                         "headingStart", "sumInterval", "sumAlpha"});
    json sales = emulator.get("/accounts/1040").json();
    CHECK(sales["name"] == "Klinikydelser m/moms");
    CHECK(sales["vatAccount"]["vatCode"] == "U25");
    CHECK(sales["self"] == emulator.base_url() + "/accounts/1040");
    CHECK(emulator.get("/accounts/4711").status == 404);
    CHECK(emulator.get("/accounts?filter=accountType$eq:status").json()["collection"].size() == 6);
}

TEST_CASE_METHOD(LedgerFixture,
                 "booking posts the debtor, sales per account and VAT, summing to zero") {
    std::int64_t invoice = book("2026-03-02", true);
    json posted = entries("/accounting-years/2026/entries");
    REQUIRE(posted.size() == 4);
    json debtor = by_account(posted, 5620);  // the customer's group (clinic customers)
    CHECK(debtor["amount"] == 330.0);
    CHECK(debtor["customer"]["customerNumber"] == customer);
    CHECK(debtor["remainder"] == 330.0);
    CHECK(debtor["entryType"] == "customerInvoice");
    CHECK(debtor["invoiceNumber"] == invoice);  // an integer, as the server sends it
    CHECK(debtor["voucherNumber"] == invoice);
    json with_vat = by_account(posted, 1040);
    CHECK(with_vat["amount"] == -200.0);
    CHECK(with_vat["departmentalDistribution"]["departmentalDistributionNumber"] == 2);
    CHECK(with_vat["vatAccount"]["vatCode"] == "U25");
    CHECK(by_account(posted, 1030)["amount"] == -80.0);
    CHECK(by_account(posted, 6902)["amount"] == -50.0);
    double sum = 0;
    for (const json& entry : posted) {
        sum += entry["amountInBaseCurrency"].get<double>();
        CHECK(entry["date"] == "2026-03-02");
        CHECK(entry["currency"] == "DKK");
        CHECK(entry["account"]["self"] ==
              emulator.base_url() + "/accounts/" + entry["account"]["accountNumber"].dump());
    }
    CHECK(sum == Approx(0).margin(0.001));
    CHECK(emulator.get("/accounts/6902").json()["balance"] == -50.0);
}

TEST_CASE_METHOD(LedgerFixture, "entries are read per year and period, by entry number, in pages") {
    book("2026-03-02");
    book("2026-04-10");
    book("2025-12-30");
    CHECK(entries("/accounting-years/2026/entries").size() == 8);
    CHECK(entries("/accounting-years/2025/entries").size() == 4);
    json april = entries("/accounting-years/2026/periods/4/entries");
    REQUIRE(april.size() == 4);
    // Numbered agreement-wide in booking order: April's come after March's, 2025's last.
    CHECK(april[0]["entryNumber"] == 5);
    CHECK(entries("/accounting-years/2025/entries")[0]["entryNumber"] == 9);

    json later = entries("/accounting-years/2026/entries?filter=entryNumber$gt:6&sort=entryNumber");
    REQUIRE(later.size() == 2);
    CHECK(later[0]["entryNumber"] == 7);
    auto page = emulator.get("/accounting-years/2026/entries?sort=-entryNumber&pagesize=3");
    REQUIRE(page.status == 200);
    CHECK(page.json()["collection"][0]["entryNumber"] == 8);
    CHECK(page.json()["pagination"]["results"] == 8);
    CHECK(page.json()["pagination"].contains("nextPage"));
    // The account is not filterable on entries (read /accounts/{n}/... instead): 400.
    auto refused =
        emulator.get("/accounting-years/2026/entries?filter=account.accountNumber$eq:1040");
    CHECK(refused.status == 400);
    CHECK(emulator.get("/accounting-years/2026/entries?pagesize=1001").status == 400);
}

TEST_CASE_METHOD(LedgerFixture, "totals sum each account's entries over a year or a period") {
    book("2026-03-02");
    book("2026-04-10");
    json year = entries("/accounting-years/2026/totals");
    json vat;
    for (const json& total : year)
        if (total["account"]["accountNumber"] == 6902)
            vat = total;
    CHECK(vat["totalInBaseCurrency"] == -100.0);
    CHECK(vat["fromDate"] == "2026-01-01");
    CHECK(vat["toDate"] == "2026-12-31");
    json march = entries("/accounting-years/2026/periods/3/totals");
    for (const json& total : march)
        if (total["account"]["accountNumber"] == 6902)
            CHECK(total["totalInBaseCurrency"] == -50.0);
}

TEST_CASE_METHOD(LedgerFixture, "a credit note posts the same entries with their signs turned") {
    json body = draft_body(customer, "ferry:ledger:credit",
                           {{{"description", "Konsultation"},
                             {"product", {{"productNumber", "KONS"}}},
                             {"quantity", -1},
                             {"unitNetPrice", 100}}});
    auto draft = emulator.post("/invoices/drafts", body);
    REQUIRE(draft.status == 201);
    REQUIRE(
        emulator
            .post("/invoices/booked",
                  {{"draftInvoice", {{"draftInvoiceNumber", draft.json()["draftInvoiceNumber"]}}}})
            .status == 201);
    json posted = entries("/accounting-years/2026/entries");
    CHECK(by_account(posted, 5620)["amount"] == -125.0);
    CHECK(by_account(posted, 1040)["amount"] == 100.0);
    CHECK(by_account(posted, 6902)["amount"] == 25.0);
}

TEST_CASE_METHOD(LedgerFixture,
                 "a big ledger is posted in one admin call and read as booked ones") {
    book("2026-01-05");  // read first, so that the index must take in what is posted after it
    CHECK(entries("/accounting-years/2026/entries").size() == 4);
    auto posted = emulator.request(
        "POST", "/__emulator/agreements/" + std::string(emulator_grant) + "/entries",
        R"({"entries": 1001, "from": "2025-01-01", "to": "2026-12-31", "seed": 3})", {});
    INFO(posted.body);
    REQUIRE(posted.status == 201);
    CHECK(posted.json()["firstEntryNumber"] == 5);
    CHECK(posted.json()["lastEntryNumber"] == 1005);

    std::set<std::int64_t> numbers;
    std::map<std::int64_t, double> vouchers;
    for (const char* year : {"2025", "2026"})
        for (int skip = 0;; ++skip) {
            auto page = emulator.get(std::string("/accounting-years/") + year +
                                     "/entries?pagesize=1000&skippages=" + std::to_string(skip));
            REQUIRE(page.status == 200);
            const json body = page.json();
            for (const json& entry : body["collection"]) {
                numbers.insert(entry["entryNumber"].get<std::int64_t>());
                vouchers[entry["voucherNumber"].get<std::int64_t>()] +=
                    entry["amountInBaseCurrency"].get<double>();
                CHECK(entry["date"].get<std::string>().substr(0, 4) == year);
            }
            if (!body["pagination"].contains("nextPage"))
                break;
        }
    CHECK(numbers.size() == 1005);
    for (const auto& [voucher, sum] : vouchers) {
        INFO("voucher " << voucher);
        CHECK(sum == Approx(0).margin(0.001));
    }
    // Evenly dated: every month of both years has entries, and the periods add up to the year.
    std::size_t in_periods = 0;
    for (int period = 1; period <= 12; ++period) {
        auto in_period = entries("/accounting-years/2025/periods/" + std::to_string(period) +
                                 "/entries?pagesize=1000")
                             .size();
        CHECK(in_period > 30);
        in_periods += in_period;
    }
    CHECK(in_periods == entries("/accounting-years/2025/entries?pagesize=1000").size());
    CHECK(emulator.get("/accounts/5820").json()["balance"].get<double>() > 0);

    auto refused = emulator.request(
        "POST", "/__emulator/agreements/" + std::string(emulator_grant) + "/entries",
        R"({"entries": 1, "from": "2025-01-01", "to": "2025-12-31"})", {});
    CHECK(refused.status == 400);
}
