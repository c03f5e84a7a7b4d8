// source-economic against the e-conomic emulator over HTTP: which periods it lists and when
// their fingerprints change, a period read whole (departments split to the øre), a company
// that cannot be read, and the agreement's rate budget kept.
#include <catch2/catch.hpp>

#include "booked_ledger.hpp"
#include "economic_source.hpp"
#include "ferry/sdk/testing/recording_host.hpp"

using namespace ferry;
using namespace ferry::economic;
using ferry::economic::testing::BookedLedger;

namespace {

SourceConfig config_for(const BookedLedger& ledger) {
    SourceConfig config;
    config.base_url = ledger.emulator.base_url();
    config.app_secret_token = test::emulator_app_secret;
    config.companies = {{BookedLedger::cvr, test::emulator_grant, std::nullopt, "DKK"}};
    config.retry_base = sdk::Duration::milliseconds(10);
    config.retry_max = sdk::Duration::milliseconds(100);
    return config;
}

sdk::Listing listed(EconomicSource& source) {
    return sdk::list_all(source);
}

const sdk::DocumentRef* period(const sdk::Listing& listing, const std::string& number) {
    for (const auto& ref : listing.documents)
        if (ref.key.number == number)
            return &ref;
    return nullptr;
}

}  // namespace

TEST_CASE("the periods with entries are listed, and a posting changes one's fingerprint") {
    BookedLedger ledger;
    ledger.book("2026-03-02", "100.00");
    ledger.book("2026-05-20", "40.00");
    ledger.book("2025-12-30", "10.00");
    sdk::testing::RecordingHost host;
    EconomicSource source(config_for(ledger), host);
    sdk::Listing first = listed(source);
    CHECK(first.problems.empty());
    REQUIRE(first.documents.size() == 3);
    const sdk::DocumentRef* march = period(first, "2026-03");
    REQUIRE(march);
    CHECK(march->key.str() == "12345678/accounting-period/2026-03");
    CHECK(march->date == sdk::Date{2026, 3, 31});
    REQUIRE(period(first, "2025-12"));

    ledger.book("2026-03-15", "1.00");
    sdk::Listing second = listed(source);
    CHECK(period(second, "2026-03")->fingerprint != march->fingerprint);
    CHECK(period(second, "2026-05")->fingerprint == period(first, "2026-05")->fingerprint);

    SourceConfig since = config_for(ledger);
    since.companies[0].since = sdk::Date{2026, 4, 1};
    EconomicSource recent(since, host);
    sdk::Listing bounded = listed(recent);
    REQUIRE(bounded.documents.size() == 1);
    CHECK(bounded.documents[0].key.number == "2026-05");
}

TEST_CASE("a period is read whole, an entry split between departments to the øre") {
    BookedLedger ledger;
    ledger.book("2026-03-02", "100.01", 10000);  // 50/50 between departments 2 and 3
    ledger.book("2026-03-09", "200.00");
    sdk::testing::RecordingHost host;
    EconomicSource source(config_for(ledger), host);
    sdk::Listing listing = listed(source);
    REQUIRE(listing.documents.size() == 1);
    sdk::ReadOutcome outcome = source.read(listing.documents[0]);
    INFO(outcome.problem.message);
    REQUIRE(outcome.status == sdk::ReadOutcome::Status::read);
    const sdk::AccountingPeriod& period = *outcome.document.accounting_period;
    CHECK(period.year.name == "2026");
    CHECK(period.number == 3);
    CHECK(period.from == sdk::Date{2026, 3, 1});
    CHECK(period.base_currency == "DKK");
    CHECK(period.accounts.size() >= 15);
    CHECK(period.dimension_values.size() == 3);

    sdk::Decimal sum, department_2, department_3;
    int shares = 0;
    for (const sdk::PostedEntry& entry : period.entries) {
        sum += entry.amount;
        for (const auto& value : entry.dimensions) {
            ++shares;
            (value.number == "2" ? department_2 : department_3) += entry.amount;
        }
    }
    CHECK(sum.is_zero());
    CHECK(shares == 2);
    // -100.01 split in halves: one share takes the odd øre, and both sum to the entry.
    CHECK((department_2 + department_3).to_string() == "-100.01");
    CHECK((department_2 - department_3).to_string().find("0.01") != std::string::npos);
    // Texts come as e-conomic has them (they can name people); the sink decides what to keep.
    CHECK_THAT(period.entries[0].text, Catch::Contains("Karen Hansen"));
    CHECK_THAT(host.text(), Catch::Contains("economic.period_read") &&
                                Catch::Contains("7 entries of period 2026/3 read in"));
}

TEST_CASE("the chart is read once a pass, not once a period") {
    BookedLedger ledger;
    ledger.book("2026-03-02", "100.00");
    ledger.book("2026-04-02", "100.00");
    sdk::testing::RecordingHost host;
    EconomicSource source(config_for(ledger), host);
    auto chart_reads = [&] {
        auto stats = ledger.emulator.get("/__emulator/stats").json();
        return stats["byRoute"].value("GET /accounts", 0);
    };
    for (int pass = 1; pass <= 2; ++pass) {
        sdk::Listing listing = listed(source);
        REQUIRE(listing.documents.size() == 2);
        for (const auto& ref : listing.documents) {
            sdk::ReadOutcome outcome = source.read(ref);
            REQUIRE(outcome.status == sdk::ReadOutcome::Status::read);
            CHECK(outcome.document.accounting_period->accounts.size() >= 15);
        }
        // A new listing is a new pass: an account changed in e-conomic since shows in it.
        CHECK(chart_reads() == pass);
    }
}

TEST_CASE("a company the tokens do not open is a problem, and its periods wait") {
    BookedLedger ledger;
    ledger.book("2026-03-02", "100.00");
    SourceConfig config = config_for(ledger);
    config.companies.push_back({"87654321", "revoked-grant", std::nullopt, "DKK"});
    sdk::testing::RecordingHost host;
    EconomicSource source(config, host);
    sdk::Listing listing = listed(source);
    REQUIRE(listing.documents.size() == 1);  // the good company's period is listed still
    REQUIRE(listing.problems.size() == 1);
    CHECK(listing.problems[0].code == "economic.unauthorized");
    CHECK_THAT(listing.problems[0].message, Catch::Contains("87654321"));
    CHECK(listing.problems[0].message.find("revoked-grant") == std::string::npos);

    ledger.emulator.kill_hard();
    sdk::ReadOutcome away = source.read(listing.documents[0]);
    CHECK(away.status == sdk::ReadOutcome::Status::retry_later);
    CHECK(away.problem.code == "economic.unavailable");
}

TEST_CASE("reading keeps to the agreement's rate budget: no 429") {
    BookedLedger ledger;
    for (int day = 1; day <= 3; ++day)
        ledger.book("2026-03-0" + std::to_string(day), "100.00");
    // A small bucket from here on: reads cost 1 token, and the source makes over 40 of them.
    REQUIRE(
        ledger.emulator.post("/__emulator/rate-limit", {{"tokenLimit", 40}, {"windowSeconds", 2}})
            .status == 200);
    sdk::testing::RecordingHost host;
    EconomicSource source(config_for(ledger), host);
    for (int pass = 0; pass < 3; ++pass) {
        sdk::Listing listing = listed(source);
        REQUIRE(listing.problems.empty());
        REQUIRE(source.read(listing.documents.at(0)).status == sdk::ReadOutcome::Status::read);
    }
    auto stats = ledger.emulator.get("/__emulator/stats").json();
    INFO(stats.dump());
    CHECK(stats["rateLimited"] == 0);
    CHECK(stats["requests"].get<int>() > 40);  // more than one bucket's worth, paced
}
