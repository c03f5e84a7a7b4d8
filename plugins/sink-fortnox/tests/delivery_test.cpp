// Invoices and credit notes into the emulator: customers as SGX makes them, rows on the VAT
// rates' accounts, totals compared before booking, credits, and exactly once through lost
// answers, 5xx and a tight rate limit.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "emulator_support.hpp"

using namespace ferry::fortnox;
using namespace ferry::fortnox::test;
using ferry::sdk::Delivery;

namespace {

nlohmann::json company_customer(const std::string& number, const std::string& organisation) {
    return {{"Customer",
             {{"CustomerNumber", number},
              {"Name", "Försäkringsbolaget AB"},
              {"OrganisationNumber", organisation},
              {"Type", "COMPANY"}}}};
}

void add_customer(SinkFixture& fixture, const nlohmann::json& customer) {
    auto tokens = fixture.emulator.authorize();
    REQUIRE(fixture.emulator.api(tokens.access_token).post("/3/customers", customer).status == 201);
}

// 175.80 at 25 %: VAT 43.95, 219.75 in all, which Fortnox rounds to 220 (RoundOff 0.25).
ferry::sdk::Document rounded_invoice(const std::string& number, bool document_rounds) {
    auto document = patient_invoice(number);
    document.lines = {line("1", "1", "175.80", "175.80", "25")};
    document.totals.line_total = dec("175.80");
    document.totals.net = dec("175.80");
    document.totals.vat = dec("43.95");
    document.totals.rounding = document_rounds ? dec("0.25") : dec("0");
    document.totals.gross = document_rounds ? dec("220.00") : dec("219.75");
    document.totals.payable = document.totals.gross;
    return document;
}

}  // namespace

TEST_CASE("a patient becomes one private customer for two invoices, named in Fortnox only") {
    SinkFixture fixture;
    auto first = fixture.deliver(patient_invoice("1"));
    auto second = fixture.deliver(patient_invoice("2"));
    REQUIRE(first.status == Delivery::Status::delivered);
    REQUIRE(second.status == Delivery::Status::delivered);
    auto customers = fixture.emulator.tenant_customers();
    REQUIRE(customers.size() == 1);
    CHECK(customers[0]["Type"] == "PRIVATE");
    CHECK(customers[0]["Name"] == "Zqpatient Svensson");
    CHECK(customers[0]["OrganisationNumber"] == "800101-9802");
    auto one = fixture.stored_invoice(patient_invoice("1"));
    auto two = fixture.stored_invoice(patient_invoice("2"));
    CHECK(one["CustomerNumber"] == customers[0]["CustomerNumber"]);
    CHECK(two["CustomerNumber"] == customers[0]["CustomerNumber"]);
    // A restarted sink finds the patient again instead of making a second customer.
    fixture.restart();
    REQUIRE(fixture.deliver(patient_invoice("3")).status == Delivery::Status::delivered);
    CHECK(fixture.emulator.tenant_customers().size() == 1);
    // The target refs name invoices only.
    for (const auto& [name, value] : first.target)
        CHECK(value.find(customers[0]["CustomerNumber"].get<std::string>()) == std::string::npos);
}

TEST_CASE("a company customer is found by its organisation number and never changed") {
    SinkFixture fixture;
    add_customer(fixture, company_customer("2001", "556677-8899"));
    add_customer(fixture, company_customer("2002", "556677-88990"));  // a substring match only
    auto delivery = fixture.deliver(company_invoice("10", "5566778899"));
    REQUIRE(delivery.status == Delivery::Status::delivered);
    CHECK(fixture.stored_invoice(company_invoice("10", "5566778899"))["CustomerNumber"] == "2001");
    CHECK(fixture.emulator.tenant_customers().size() == 2);
    CHECK(fixture.route_count("PUT /3/customers/{n}") == 0);
}

TEST_CASE("an invoice to a company Fortnox does not have is rejected naming the number") {
    SinkFixture fixture;
    auto delivery = fixture.deliver(company_invoice("11", "5566778899"));
    REQUIRE(delivery.status == Delivery::Status::rejected);
    CHECK(delivery.problem.code == "fortnox.customer.company_missing");
    CHECK_THAT(delivery.problem.message, Catch::Contains("556677-8899"));
    CHECK(fixture.emulator.tenant_customers().empty());
    CHECK(fixture.emulator.tenant_invoices().empty());
}

TEST_CASE("with create_companies a missing company is created once with its number") {
    SinkFixture fixture;
    fixture.options["create_companies"] = "true";
    REQUIRE(fixture.deliver(company_invoice("12", "5566778899")).status ==
            Delivery::Status::delivered);
    REQUIRE(fixture.deliver(company_invoice("13", "5566778899")).status ==
            Delivery::Status::delivered);
    auto customers = fixture.emulator.tenant_customers();
    REQUIRE(customers.size() == 1);
    CHECK(customers[0]["Type"] == "COMPANY");
    CHECK(customers[0]["OrganisationNumber"] == "556677-8899");
}

TEST_CASE("rows at 25 12 and 6 % and exempt go to their accounts and the invoice is booked") {
    SinkFixture fixture;
    add_customer(fixture, company_customer("2001", "556677-8899"));
    auto document = company_invoice("14", "5566778899");
    auto delivery = fixture.deliver(document);
    REQUIRE(delivery.status == Delivery::Status::delivered);
    auto invoice = fixture.stored_invoice(document);
    REQUIRE(invoice.is_object());
    CHECK(delivery.target.at("booked") == invoice["DocumentNumber"].get<std::string>());
    CHECK(invoice["Booked"] == true);
    auto rows = invoice["InvoiceRows"];
    REQUIRE(rows.size() == 4);
    std::vector<std::pair<int, int>> accounts;
    for (const auto& row : rows)
        accounts.emplace_back(row["AccountNumber"].get<int>(), row["VAT"].get<int>());
    CHECK(accounts ==
          std::vector<std::pair<int, int>>{{3001, 25}, {3002, 12}, {3003, 6}, {3004, 0}});
    REQUIRE(delivery.gross);
    CHECK(*delivery.net == dec("1700.00"));
    CHECK(*delivery.vat == dec("268.00"));
    CHECK(*delivery.gross == dec("1968.00"));
}

TEST_CASE("Fortnox's öresavrundning is compared with the document's rounding") {
    SinkFixture fixture;
    auto rounded = fixture.deliver(rounded_invoice("15", true));
    REQUIRE(rounded.status == Delivery::Status::delivered);
    auto invoice = fixture.stored_invoice(rounded_invoice("15", true));
    CHECK(invoice["RoundOff"].get<double>() == Approx(0.25));
    CHECK(invoice["Total"].get<double>() == Approx(220));
    CHECK(invoice["Booked"] == true);
}

TEST_CASE("totals that differ leave the invoice unbooked and the rejection names both") {
    SinkFixture fixture;
    auto document = rounded_invoice("16", false);
    auto delivery = fixture.deliver(document);
    REQUIRE(delivery.status == Delivery::Status::rejected);
    CHECK(delivery.problem.code == "fortnox.totals.mismatch");
    CHECK_THAT(delivery.problem.message, Catch::Contains("Total 220") &&
                                             Catch::Contains("219.75") &&
                                             Catch::Contains("RoundOff 0.25"));
    auto invoice = fixture.stored_invoice(document);
    CHECK(invoice["Booked"] == false);
    CHECK(delivery.target.at("draft") == invoice["DocumentNumber"].get<std::string>());
    CHECK(fixture.route_count("PUT /3/invoices/{n}/bookkeep") == 0);
}

TEST_CASE("with book false the invoice is left unbooked for review") {
    SinkFixture fixture;
    fixture.options["book"] = "false";
    auto delivery = fixture.deliver(patient_invoice("17"));
    REQUIRE(delivery.status == Delivery::Status::delivered);
    CHECK(delivery.target.count("draft"));
    CHECK(fixture.stored_invoice(patient_invoice("17"))["Booked"] == false);
    CHECK(fixture.sink()
              .find(ref_of(patient_invoice("17")), reference_of(patient_invoice("17")))
              .status == ferry::sdk::Found::Status::delivered);
}

TEST_CASE("a credit note of a delivered invoice credits that invoice in Fortnox") {
    SinkFixture fixture;
    auto original = patient_invoice("20");
    auto invoice = fixture.deliver(original);
    REQUIRE(invoice.status == Delivery::Status::delivered);
    auto credit = credit_note("C20", original);
    auto delivery = fixture.deliver(credit);
    REQUIRE(delivery.status == Delivery::Status::delivered);
    auto credited = fixture.stored_invoice(original);
    auto made = fixture.stored_invoice(credit);
    REQUIRE(made.is_object());
    CHECK(made["Credit"] == "true");
    CHECK(made["Booked"] == true);
    CHECK(made["CreditInvoiceReference"] == credited["DocumentNumber"]);
    CHECK(credited["CreditInvoiceReference"] == made["DocumentNumber"]);
    CHECK(delivery.target.at("booked") == made["DocumentNumber"].get<std::string>());
    CHECK(*delivery.gross == dec("850.00"));
    // Again: nothing new.
    CHECK(fixture.deliver(credit).status == Delivery::Status::delivered);
    CHECK(fixture.route_count("PUT /3/invoices/{n}/credit") == 1);
}

TEST_CASE("a credit made but not yet tagged is found through the original after a crash") {
    SinkFixture fixture;
    auto original = patient_invoice("21");
    REQUIRE(fixture.deliver(original).status == Delivery::Status::delivered);
    auto credit = credit_note("C21", original);
    // The credit's answer is lost and the process dies before tagging it.
    fixture.emulator.set_faults(
        {{"loseNext", 1}, {"method", "PUT"}, {"pathPrefix", "/3/invoices"}});
    ferry::sdk::TargetRefs known;
    fixture.deliver(credit, known);
    fixture.restart();
    auto delivery = fixture.deliver(credit, known);
    REQUIRE(delivery.status == Delivery::Status::delivered);
    CHECK(fixture.route_count("PUT /3/invoices/{n}/credit") == 1);
    CHECK(fixture.stored_invoice(credit)["Booked"] == true);
}

TEST_CASE("a credit note of an unknown invoice follows unknown_credit") {
    SinkFixture fixture;
    auto credit = credit_note("C30", patient_invoice("30"));
    auto rejected = fixture.deliver(credit);
    REQUIRE(rejected.status == Delivery::Status::rejected);
    CHECK(rejected.problem.code == "fortnox.credit.unknown_invoice");
    CHECK_THAT(rejected.problem.message,
               Catch::Contains("30") && Catch::Contains("unknown_credit"));
    CHECK(fixture.emulator.tenant_invoices().empty());

    fixture.options["unknown_credit"] = "negative_invoice";
    fixture.restart();
    auto booked = fixture.deliver(credit);
    REQUIRE(booked.status == Delivery::Status::delivered);
    auto made = fixture.stored_invoice(credit);
    CHECK(made["Total"].get<double>() == Approx(-850));
    CHECK(made["Booked"] == true);
    CHECK(*booked.gross == dec("850.00"));
}

TEST_CASE("a lost answer to the invoice's POST is found, not created again") {
    SinkFixture fixture;
    fixture.deliver(patient_invoice("0"));  // the token and the customer first
    fixture.emulator.set_faults(
        {{"loseNext", 1}, {"method", "POST"}, {"pathPrefix", "/3/invoices"}});
    auto delivery = fixture.deliver(patient_invoice("40"));
    REQUIRE(delivery.status == Delivery::Status::delivered);
    CHECK(fixture.stored_invoice(patient_invoice("40"))["Booked"] == true);
    CHECK(fixture.route_count("POST /3/invoices") == 2);  // "0" and the lost one, no third
    CHECK(fixture.emulator.tenant_invoices().size() == 2);
}

TEST_CASE("a lost answer to bookkeep is read back, not booked twice") {
    SinkFixture fixture;
    fixture.deliver(patient_invoice("0"));
    fixture.emulator.set_faults(
        {{"loseNext", 1}, {"method", "PUT"}, {"pathPrefix", "/3/invoices"}});
    auto delivery = fixture.deliver(patient_invoice("41"));
    REQUIRE(delivery.status == Delivery::Status::delivered);
    CHECK(delivery.target.count("booked"));
    CHECK(fixture.route_count("PUT /3/invoices/{n}/bookkeep") == 2);  // "0" and the lost one
    CHECK(fixture.status_count(400) == 0);
}

TEST_CASE("a crash after the draft is found by find and completed by deliver") {
    SinkFixture fixture;
    auto document = patient_invoice("42");
    ferry::sdk::TargetRefs known;
    ferry::sdk::DeliveryRequest request{document, reference_of(document), known,
                                        [&known](const ferry::sdk::TargetRefs& refs) {
                                            known = refs;
                                            if (refs.at("draft") != "requested")
                                                throw std::runtime_error("crash");
                                        }};
    CHECK_THROWS(fixture.sink().deliver(request));
    fixture.restart();
    auto found = fixture.sink().find(ref_of(document), reference_of(document));
    CHECK(found.status == ferry::sdk::Found::Status::incomplete);
    CHECK(found.target.at("draft") == known.at("draft"));
    auto delivery = fixture.deliver(document, known);
    REQUIRE(delivery.status == Delivery::Status::delivered);
    CHECK(delivery.target.at("booked") == known.at("draft"));
    found = fixture.sink().find(ref_of(document), reference_of(document));
    CHECK(found.status == ferry::sdk::Found::Status::delivered);
    CHECK(*found.gross == dec("850.00"));
}

TEST_CASE("under a tight rate limit the sink waits instead of meeting 429") {
    SinkFixture fixture({"--rate-limit", "5/1"});
    fixture.options["requests_per_window"] = "5";
    fixture.options["rate_window"] = "1s";
    for (int n = 1; n <= 6; ++n)
        REQUIRE(fixture.deliver(patient_invoice(std::to_string(50 + n))).status ==
                Delivery::Status::delivered);
    auto stats = fixture.emulator.stats();
    CHECK(stats["rateLimited"] == 0);
    CHECK(fixture.status_count(429) == 0);
    CHECK(fixture.emulator.tenant_invoices().size() == 6);
}

TEST_CASE("5xx answers make a delivery wait, and the next attempt creates it once") {
    SinkFixture fixture;
    fixture.deliver(patient_invoice("0"));
    fixture.emulator.set_faults({{"failRate", 1.0}, {"failStatus", 503}});
    auto waiting = fixture.deliver(patient_invoice("60"));
    REQUIRE(waiting.status == Delivery::Status::retry_later);
    CHECK(waiting.problem.code == "fortnox.unavailable");
    fixture.emulator.set_faults(
        {{"failRate", 0.0}, {"failNext", 1}, {"method", "POST"}, {"pathPrefix", "/3/invoices"}});
    auto uncertain = fixture.deliver(patient_invoice("60"));
    REQUIRE(uncertain.status == Delivery::Status::retry_later);
    CHECK(uncertain.problem.code == "fortnox.uncertain");
    auto delivered = fixture.deliver(patient_invoice("60"));
    REQUIRE(delivered.status == Delivery::Status::delivered);
    CHECK(fixture.emulator.tenant_invoices().size() == 2);
}

TEST_CASE("no outcome or log line carries the patient's name address or personal number") {
    SinkFixture fixture;
    fixture.deliver(patient_invoice("70"));
    fixture.deliver(rounded_invoice("71", false));               // rejected
    fixture.deliver(credit_note("C72", patient_invoice("72")));  // rejected
    auto foreign = patient_invoice("73");
    foreign.lines = {line("1", "1", "100.00", "100.00", "8")};
    fixture.deliver(foreign);
    fixture.emulator.set_faults({{"failRate", 1.0}, {"failStatus", 500}});
    fixture.deliver(patient_invoice("74"));
    std::string all = fixture.host.text();
    for (const std::string& outcome : fixture.outcomes)
        all += outcome + "\n";
    CHECK(fixture.outcomes.size() == 5);
    for (const char* personal : {"Zqpatient", "Svensson", "Zqgatan", "Zqstaden", "198001019802",
                                 "800101-9802", "8001019802"})
        CHECK(all.find(personal) == std::string::npos);
}

TEST_CASE("check finds the company, its accounts and a financial year and reports a gap") {
    SinkFixture fixture;
    CHECK(fixture.sink().check().empty());
    fixture.objects["accounts"] = {{"vat_12", "3999"}};
    fixture.emulator.remove_financial_year(static_cast<int>(std::chrono::year_month_day{
        std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())}
                                                                .year()));
    auto problems = fixture.another_sink()->check();
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].code == "fortnox.check.account_missing");
    CHECK_THAT(problems[0].message, Catch::Contains("3999") && Catch::Contains("accounts.vat_12"));
    CHECK(problems[1].code == "fortnox.check.no_financial_year");
}

TEST_CASE("plan says what deliver would do and writes nothing") {
    SinkFixture fixture;
    auto plan = fixture.sink().plan(patient_invoice("80"));
    REQUIRE(plan);
    CHECK_FALSE(plan.value().rejection);
    std::string codes;
    for (const auto& step : plan.value().steps)
        codes += step.code + " ";
    CHECK(codes ==
          "fortnox.customer.private.create fortnox.invoice.create fortnox.invoice.bookkeep ");
    CHECK(*plan.value().gross == dec("850.00"));
    auto company = fixture.sink().plan(company_invoice("81", "5566778899"));
    REQUIRE(company);
    REQUIRE(company.value().rejection);
    CHECK(company.value().rejection->code == "fortnox.customer.company_missing");
    CHECK(fixture.route_count("POST /3/customers") == 0);
    CHECK(fixture.route_count("POST /3/invoices") == 0);
    REQUIRE(fixture.deliver(patient_invoice("80")).status == Delivery::Status::delivered);
    plan = fixture.sink().plan(patient_invoice("82"));
    REQUIRE(plan);
    CHECK(plan.value().steps.front().code == "fortnox.customer.private");
    for (const auto& step : plan.value().steps)
        CHECK(step.text.find("Zqpatient") == std::string::npos);
}

TEST_CASE("a lost answer to a patient's POST finds the customer instead of making another") {
    SinkFixture fixture;
    fixture.emulator.set_faults(
        {{"loseNext", 1}, {"method", "POST"}, {"pathPrefix", "/3/customers"}});
    REQUIRE(fixture.deliver(patient_invoice("90")).status == Delivery::Status::delivered);
    CHECK(fixture.emulator.tenant_customers().size() == 1);
    CHECK(fixture.route_count("POST /3/customers") == 1);
}

TEST_CASE("two invoices under one reference are settled: one kept and the other cancelled") {
    SinkFixture fixture;
    auto document = patient_invoice("91");
    REQUIRE(fixture.deliver(patient_invoice("0")).status == Delivery::Status::delivered);
    auto customer = fixture.emulator.tenant_customers()[0]["CustomerNumber"].get<std::string>();
    auto tokens = fixture.emulator.authorize();
    auto api = fixture.emulator.api(tokens.access_token);
    nlohmann::json body = {{"Invoice",
                            {{"CustomerNumber", customer},
                             {"InvoiceDate", "2026-05-04"},
                             {"ExternalInvoiceReference1", reference_of(document)},
                             {"InvoiceRows",
                              {{{"Description", "Besök"},
                                {"DeliveredQuantity", "1"},
                                {"Price", 850},
                                {"VAT", 0},
                                {"AccountNumber", 3004}}}}}}};
    REQUIRE(api.post("/3/invoices", body).status == 201);
    REQUIRE(api.post("/3/invoices", body).status == 201);
    auto delivery = fixture.deliver(document);
    REQUIRE(delivery.status == Delivery::Status::delivered);
    int live = 0, cancelled = 0;
    for (const auto& invoice : fixture.emulator.tenant_invoices())
        if (invoice.value("ExternalInvoiceReference1", "") == reference_of(document))
            (invoice["Cancelled"] == true ? cancelled : live) += 1;
    CHECK(live == 1);
    CHECK(cancelled == 1);
    CHECK_THAT(fixture.host.text(), Catch::Contains("fortnox.duplicate.cancelled"));
    CHECK(fixture.route_count("POST /3/invoices") == 3);  // "0" and the two made here
}

TEST_CASE("deliveries at once share the company's window and meet no 429") {
    SinkFixture fixture({"--rate-limit", "6/1"});
    fixture.options["requests_per_window"] = "6";
    fixture.options["rate_window"] = "1s";
    REQUIRE(fixture.deliver(patient_invoice("100")).status == Delivery::Status::delivered);
    std::vector<std::thread> threads;
    std::atomic<int> delivered{0};
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int n = 0; n < 3; ++n) {
                auto document = patient_invoice(std::to_string(200 + t * 10 + n));
                ferry::sdk::TargetRefs known;
                ferry::sdk::DeliveryRequest request{document, reference_of(document), known,
                                                    [](const ferry::sdk::TargetRefs&) {}};
                if (fixture.sink().deliver(request).status == Delivery::Status::delivered)
                    ++delivered;
            }
        });
    for (auto& thread : threads)
        thread.join();
    CHECK(delivered == 12);
    CHECK(fixture.status_count(429) == 0);
    CHECK(fixture.emulator.tenant_invoices().size() == 13);
}

TEST_CASE("held lists the invoices under the pipeline's references with their totals") {
    SinkFixture fixture;
    REQUIRE(fixture.deliver(patient_invoice("110")).status == Delivery::Status::delivered);
    REQUIRE(fixture.deliver(patient_invoice("111")).status == Delivery::Status::delivered);
    auto held = fixture.sink().held("ferry:fortnox-test:", {2026, 5, 1}, {2026, 5, 31});
    REQUIRE(held);
    REQUIRE(held.value().size() == 2);
    CHECK(held.value()[0].reference == reference_of(patient_invoice("110")));
    CHECK(held.value()[0].target.count("booked"));
    CHECK(*held.value()[0].gross == dec("850.00"));
    CHECK(fixture.sink().held("ferry:other:", {2026, 5, 1}, {2026, 5, 31}).value().empty());
    CHECK(fixture.sink().held("ferry:fortnox-test:", {2026, 6, 1}, {2026, 6, 30}).value().empty());
}
