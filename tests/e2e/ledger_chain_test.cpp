// Issue 20, item 3: the whole chain on this machine. NOVAX files are booked into e-conomic (the
// emulator posts the entries a booking makes); a second pipeline reads e-conomic's ledger with
// source-economic and writes it into a real PostgreSQL with sink-postgres; the booked net sales
// per account equal the invoices' net amounts to the øre.
#include <catch2/catch.hpp>

#include <ferry/sdk/decimal.hpp>

#include "clinic.hpp"
#include "postgres_server.hpp"

using namespace ferry::testing;
using ferry::sdk::Decimal;

namespace {

struct LedgerChain : Clinic {
    PostgresServer postgres;
    static constexpr const char* database = "budget";
    static constexpr const char* password = "budget-writer-2026";

    LedgerChain() {
        postgres.create_database(database, "budget_writer", password);
        dir.write("figures.yaml",
                  "pipeline: figures\n"
                  "store: { plugin: store-lmdb, path: " +
                      (dir / "figures-ledger").string() +
                      ", durability: nosync }\n"
                      "source:\n  plugin: source-economic\n  base_url: " +
                      emulator.base_url() +
                      "\n  app_secret_token: \"${env:E2E_APP_SECRET}\"\n"
                      "  retry_base: 10ms\n"
                      "  companies:\n"
                      "    - { cvr: \"16356706\", agreement_grant_token: "
                      "\"${env:E2E_GRANT_16356706}\" }\n"
                      "sink:\n  plugin: sink-postgres\n  port: " +
                      std::to_string(postgres.port()) + "\n  database: " + database +
                      "\n  user: budget_writer\n  password: \"${env:E2E_BUDGET_PASSWORD}\"\n");
    }

    CommandResult figures(const std::string& command) {
        return run_command(std::string("E2E_APP_SECRET=") + ferry::test::emulator_app_secret +
                           " E2E_GRANT_16356706=grant-16356706 E2E_BUDGET_PASSWORD=" + password +
                           " " + FERRY_BINARY + " --plugin-path " + FERRY_PLUGIN_DIR + " " +
                           command + " " + (dir / "figures.yaml").string());
    }

    std::string sql(const std::string& query) { return postgres.query_value(query, database); }
};

Decimal decimal(const nlohmann::json& value) {
    return Decimal::parse(value.is_string() ? value.get<std::string>() : value.dump()).value();
}

}  // namespace

TEST_CASE_METHOD(LedgerChain, "NOVAX files booked in e-conomic reach PostgreSQL to the øre") {
    // The clinic's invoice with odd øre (5050.04 net), and a credit note of 5050.00 for it.
    dir.write("inbox/Novax_A00095678_16356706_Faktura.xml", rounded_per_rate_invoice());
    auto booking = ferry("once");
    INFO(booking.output);
    REQUIRE(booking.exit_code == 0);
    nlohmann::json booked = this->booked();
    REQUIRE(booked.size() == 2);
    Decimal net, vat, gross;
    for (const auto& invoice : booked) {
        net += decimal(invoice["netAmount"]);
        vat += decimal(invoice["vatAmount"]);
        gross += decimal(invoice["grossAmount"]);
    }
    // 5050.04 less the sink's rounding line of 0.01 (e-conomic's per-line VAT is 0.01 above the
    // document's), less the credit note's 5050.00: the sums below compare to the øre.
    REQUIRE(net.to_string() == "0.03");

    auto check = figures("check");
    INFO(check.output);
    CHECK(check.exit_code == 0);
    auto pass = figures("once");
    INFO(pass.output);
    REQUIRE(pass.exit_code == 0);
    CHECK_THAT(pass.output, Catch::Contains("entries of period 2005/11 read in"));
    // And the pass's whole, as budget123 reports an update: entries fetched, time taken.
    const std::string entries_read = sql("SELECT count(DISTINCT entry_number) FROM ferry.entries");
    CHECK_THAT(pass.output, Catch::Contains("counted: source_entries_read_total " + entries_read));
    CHECK_THAT(pass.output, Catch::Matches("(.|\n)*unresolved 0, in \\d+\\.\\d s\n(.|\n)*"));

    // Sales are credit (negative) on the sales accounts, VAT on 6902, the debtor on the
    // customers' group account; every voucher sums to zero.
    CHECK(Decimal::parse(sql("SELECT coalesce(sum(amount), 0) FROM ferry.entries WHERE "
                             "account_number IN ('1010', '1020', '1030', '1040')"))
              .value() == -net);
    CHECK(Decimal::parse(sql("SELECT coalesce(sum(amount), 0) FROM ferry.entries WHERE "
                             "account_number = '6902'"))
              .value() == -vat);
    CHECK(sql("SELECT sum(amount) FROM ferry.entries") == "0.00");
    CHECK(Decimal::parse(sql("SELECT sum(amount) FROM ferry.account_totals WHERE "
                             "account_number IN ('5600', '5610', '5620')"))
              .value() == gross);
    CHECK(sql("SELECT count(*) FROM ferry.periods") == "1");
    CHECK(sql("SELECT name FROM ferry.accounts WHERE account_number = '6902'") ==
          "Udgående (salg) moms");
    // The emulator's entry texts name the customer: none reaches the database.
    CHECK(sql("SELECT count(*) FROM ferry.entries WHERE entry_text IS NOT NULL") == "0");

    // A second pass finds nothing new and writes nothing.
    auto again = figures("once");
    INFO(again.output);
    CHECK(again.exit_code == 0);
    CHECK_THAT(again.output, Catch::Contains("delivered 0"));

    // A late posting into the period (a bookkeeper's invoice in e-conomic itself): the period
    // is delivered again as an update, and replaced, not added to.
    const std::string entries_before = sql("SELECT count(*) FROM ferry.entries");
    auto headers = ferry::test::economic_headers("grant-16356706");
    nlohmann::json customers = emulator.request("GET", "/customers", {}, headers).json();
    nlohmann::json products = emulator.request("GET", "/products", {}, headers).json();
    nlohmann::json draft = {
        {"date", "2005-11-28"},
        {"currency", "DKK"},
        {"customer", {{"customerNumber", customers["collection"][0]["customerNumber"]}}},
        {"layout", {{"layoutNumber", 19}}},
        {"paymentTerms", {{"paymentTermsNumber", 1}}},
        {"recipient", {{"name", "Late Posting"}, {"vatZone", {{"vatZoneNumber", 1}}}}},
        {"lines",
         {{{"description", "Efterregistrering"},
           {"product", {{"productNumber", products["collection"][0]["productNumber"]}}},
           {"quantity", 1},
           {"unitNetPrice", 80}}}}};
    auto drafted = emulator.request("POST", "/invoices/drafts", draft.dump(), headers);
    INFO(drafted.body);
    REQUIRE(drafted.status == 201);
    REQUIRE(emulator
                .request(
                    "POST", "/invoices/booked",
                    nlohmann::json{{"draftInvoice",
                                    {{"draftInvoiceNumber", drafted.json()["draftInvoiceNumber"]}}}}
                        .dump(),
                    headers)
                .status == 201);
    auto late = figures("once");
    INFO(late.output);
    CHECK(late.exit_code == 0);
    CHECK_THAT(late.output, Catch::Contains("document.update") && Catch::Contains("delivered 1"));
    CHECK(std::stoi(sql("SELECT count(*) FROM ferry.entries")) > std::stoi(entries_before));
    CHECK(sql("SELECT sum(amount) FROM ferry.entries") == "0.00");
    CHECK(Decimal::parse(sql("SELECT coalesce(sum(amount), 0) FROM ferry.entries WHERE "
                             "account_number IN ('1010', '1020', '1030', '1040')"))
              .value() == -(net + Decimal::parse("80.00").value()));
}
