// Invoices that name a customer wait for it, and `ferry link customers` matches the source's
// customers with the target's and records the links a person accepts.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "engine/planning.hpp"
#include "operator/ledger_actions.hpp"
#include "reports/customer_matches.hpp"
#include "runner_fixture.hpp"
#include "support/run_command.hpp"

using namespace ferry;
using namespace ferry::testing;
using sdk::DocumentKind;
using sdk::State;

namespace {

SourceCustomer source_customer(const std::string& number, const std::string& name,
                               const std::string& cvr = "", const std::string& telephone = "") {
    SourceCustomer customer;
    customer.ref.key = {"11223344", DocumentKind::customer, number};
    customer.customer.number = number, customer.customer.name = name;
    customer.customer.cvr = cvr, customer.customer.telephone = telephone;
    return customer;
}

sdk::TargetCustomer target_customer(const std::string& number, const std::string& name,
                                    const std::string& cvr = "", const std::string& ean = "",
                                    const std::string& telephone = "") {
    sdk::TargetCustomer customer;
    customer.target = {{"customer", number}};
    customer.customer.number = number, customer.customer.name = name;
    customer.customer.cvr = cvr, customer.customer.ean = ean;
    customer.customer.telephone = telephone;
    return customer;
}

std::vector<std::string> numbers(const CustomerMatch& match) {
    std::vector<std::string> result;
    for (const auto& candidate : match.candidates)
        result.push_back(candidate.customer.number);
    return result;
}

struct Register : RunnerFixture {
    Register() {
        source_plugin = "source-testdir-customers";
        sink_plugin = "sink-recording-customers";
    }
    void customer(const std::string& number, const std::string& fields = "") {
        document("11223344_customer_" + number,
                 "date: 2026-02-01\ncustomer: Nyborg Klinik ApS\n" + fields);
    }
    void invoice(const std::string& number, const std::string& customer) {
        document("11223344_invoice_" + number,
                 "date: 2026-02-02\nnet: 100.00\nvat: 25.00\n"
                 "requires: 11223344/customer/" +
                     customer + "\n");
    }
    std::string journal() { return read_file(dir / "journal"); }
};

}  // namespace

TEST_CASE("names are compared without case, punctuation or the company's legal form") {
    CHECK(comparable_name("Nyborg Klinik ApS") == "nyborg klinik");
    CHECK(comparable_name("NYBORG KLINIK A/S") == "nyborg klinik");
    CHECK(comparable_name("  Ærø   Tandlæger I/S ") == "ærø tandlæger");
    CHECK(comparable_name("ØSTER ÅGADE") == comparable_name("øster ågade"));
    CHECK(comparable_name("ApS") == "aps");
    CHECK(comparable_telephone("+45 12 34 56 78") == "12345678");
    CHECK(comparable_telephone("0045-12345678") == "12345678");
    CHECK(comparable_telephone("1234") == "");
}

TEST_CASE("customers match by identifier then telephone then name into three lists") {
    std::vector<SourceCustomer> source = {
        source_customer("1", "Nyborg Klinik", "12345678"),
        source_customer("2", "Tandlægen i Ribe", "", "+45 87 65 43 21"),
        source_customer("3", "Fysio Vest ApS", "11111111"),
        source_customer("4", "Ingen Kender Mig"),
        source_customer("5", "Odense Kommune", "29189897"),
    };
    std::vector<sdk::TargetCustomer> target = {
        target_customer("77", "Nyborg Klinikken A/S", "12345678"),
        target_customer("78", "Nyborg Klinik"),  // a namesake: the CVR match wins
        target_customer("80", "Ribe Tand", "", "", "87654321"),
        target_customer("90", "FYSIO VEST"),
        target_customer("91", "Fysio Vest I/S"),
        target_customer("92", "Fysio Vest", "99999999"),  // another CVR: never suggested
        target_customer("101", "Odense Kommune", "29189897", "5798000000001"),
        target_customer("100", "Odense Kommune", "29189897", "5798000000002"),
    };
    CustomerMatches matches = match_customers(source, target);

    REQUIRE(matches.one.size() == 2);
    CHECK(matches.one[0].source.ref.key.number == "1");
    CHECK(numbers(matches.one[0]) == std::vector<std::string>{"77"});
    CHECK(matches.one[0].matched_by == MatchedBy::identifier);
    CHECK(matches.one[1].source.ref.key.number == "2");
    CHECK(matches.one[1].matched_by == MatchedBy::telephone);

    REQUIRE(matches.several.size() == 2);
    CHECK(matches.several[0].source.ref.key.number == "3");
    CHECK(numbers(matches.several[0]) == std::vector<std::string>{"90", "91"});
    CHECK(matches.several[0].matched_by == MatchedBy::name);
    // One CVR, an EAN per institution: both offered, lowest number first.
    CHECK(numbers(matches.several[1]) == std::vector<std::string>{"100", "101"});

    REQUIRE(matches.none.size() == 1);
    CHECK(matches.none[0].source.ref.key.number == "4");
    CHECK_FALSE(matches.none[0].matched_by);
}

TEST_CASE_METHOD(Register, "an invoice listed with its new customer goes in the same pass") {
    customer("7");
    invoice("1001", "7");
    PassSummary summary = pass();
    CHECK(summary.delivered == 2);
    CHECK_THAT(journal(),
               Catch::Contains("ferry:clinic:11223344/invoice/1001\t1001\ton customer 7"));
}

TEST_CASE_METHOD(Register, "an invoice waits for its customer without backing off") {
    customer("8");
    invoice("1002", "8");
    invoice("1003", "9");  // a customer the source does not list
    PassSummary summary = pass(", reject_numbers: [8]");
    CHECK(summary.rejected == 1);
    CHECK(summary.retry_later == 2);

    sdk::LedgerRecord waiting = record_of("11223344", "1002");
    CHECK(waiting.state == State::retry_later);
    CHECK(waiting.attempts == 0);
    CHECK(waiting.next_attempt == now);
    CHECK(waiting.error_code == "ferry.waiting_for_prerequisite");
    CHECK_THAT(waiting.error_text,
               Catch::Contains("waits for customer 8 (11223344/customer/8): it is rejected: "
                               "recording.rejected") &&
                   Catch::Contains("ferry link customers"));
    CHECK_THAT(record_of("11223344", "1003").error_text,
               Catch::Contains("the source has not listed it"));
    CHECK(journal_count("1002") == 0);

    // Every pass looks again; once the customer is there, the invoice goes.
    now += std::chrono::minutes(1);
    CHECK(pass(", reject_numbers: [8]").retry_later == 2);
    CHECK(record_of("11223344", "1002").attempts == 0);
    {
        auto pipeline = open();
        sdk::LedgerRecord rejected = record_of("11223344", "8", DocumentKind::customer);
        retry_document(pipeline->store(), rejected, now, ActionOrigin::command_line);
    }
    summary = pass();
    CHECK(summary.delivered == 2);
    CHECK(record_of("11223344", "1002").attempts == 1);
    CHECK_THAT(journal(), Catch::Contains("11223344/invoice/1002\t1002\ton customer 8"));
}

TEST_CASE_METHOD(Register, "ferry plan says an invoice would wait for its customer") {
    invoice("1004", "9");
    auto pipeline = open();
    PassPlan plan = plan_pass(pipeline->parts(), pipeline->services(), 10);
    REQUIRE_FALSE(plan.failure);
    REQUIRE(plan.documents.size() == 1);
    REQUIRE(plan.documents[0].plan.steps.size() == 1);
    CHECK(plan.documents[0].plan.steps[0].code == "ferry.waiting_for_prerequisite");
    CHECK_THAT(plan.documents[0].plan.steps[0].text, Catch::Contains("waits for customer 9"));
}

namespace {

// The command through the real binary, with the real LMDB ledger.
struct LinkFixture : Register {
    std::string file;
    std::string target_customers =
        ", target_customers: [\"77;Nyborg Klinikken A/S;12345678\", \"78;Ribe Tand;;87654321\", "
        "\"79;Fysio Vest\", \"80;Fysio Vest I/S\"]";

    LinkFixture() { write_pipeline(); }
    void write_pipeline(const std::string& extra = "") {
        file = dir.write("p.yaml",
                         "pipeline: clinic\n"
                         "store: { plugin: store-lmdb, path: " +
                             (dir / "ledger").string() +
                             " }\n"
                             "source: { plugin: source-testdir-customers, path: " +
                             (dir / "inbox").string() +
                             " }\n"
                             "sink: { plugin: sink-recording-customers, journal: " +
                             (dir / "journal").string() + target_customers + extra + " }\n")
                   .string();
    }
    CommandResult ferry(const std::string& arguments) {
        return run_command(std::string(FERRY_BINARY) + " --plugin-path " + FERRY_TEST_PLUGIN_DIR +
                           ":" + FERRY_PLUGIN_DIR + " " + arguments);
    }
};

}  // namespace

TEST_CASE_METHOD(LinkFixture, "ferry link customers lists three lists and records the links") {
    customer("1", "cvr: 12345678\n");
    customer("2", "phone: +45 87654321\n");
    document("11223344_customer_3", "date: 2026-02-01\ncustomer: Fysio Vest\n");
    document("11223344_customer_4", "date: 2026-02-01\ncustomer: Ny Kunde\n");
    invoice("1001", "1");
    invoice("1003", "3");

    auto listing = ferry("link customers " + file);
    REQUIRE(listing.exit_code == 0);
    CHECK_THAT(listing.output, Catch::Contains("One suggestion (2)") &&
                                   Catch::Contains("Several suggestions (1)") &&
                                   Catch::Contains("No suggestion (1)"));
    CHECK_THAT(listing.output, Catch::Contains("-> target customer 77: Nyborg Klinikken A/S"));
    auto json = nlohmann::json::parse(ferry("link customers --json " + file).output);
    CHECK(json["one"].size() == 2);
    CHECK(json["several"][0]["key"] == "11223344/customer/3");
    CHECK(json["several"][0]["candidates"].size() == 2);
    CHECK(json["none"][0]["key"] == "11223344/customer/4");

    // A link needs a choice of whose data wins.
    CHECK(ferry("link customers --accept-all " + file).exit_code == 2);
    auto accepted = ferry("link customers --accept-all --winner target " + file);
    REQUIRE(accepted.exit_code == 0);
    CHECK_THAT(accepted.output, Catch::Contains("11223344/customer/1: linked to the target's "
                                                "customer 77"));
    auto chosen = ferry("link customers --accept 3=80 --winner source " + file);
    REQUIRE(chosen.exit_code == 0);
    CHECK(ferry("link customers --accept 4=999 --winner source " + file).exit_code == 1);

    // The pass: the target's data won for 1 and 2, so they are left alone; 3 is updated from
    // the source; 4 is new and delivered; the invoices go to the linked customers.
    REQUIRE(ferry("once " + file).exit_code == 0);
    std::string journal_text = journal();
    CHECK(journal_count("1", DocumentKind::customer) == 0);
    CHECK(journal_count("2", DocumentKind::customer) == 0);
    CHECK_THAT(journal_text, Catch::Contains("11223344/customer/3\t3\tupdates customer 80"));
    CHECK(journal_count("4", DocumentKind::customer) == 1);
    CHECK_THAT(journal_text, Catch::Contains("11223344/invoice/1001\t1001\ton customer 77"));
    CHECK_THAT(journal_text, Catch::Contains("11223344/invoice/1003\t1003\ton customer 80"));

    // Linked ones are not offered again; the ledger keeps numbers, never names.
    json = nlohmann::json::parse(ferry("link customers --json " + file).output);
    CHECK(json["linked"] == 4);
    CHECK(json["one"].empty());
    auto explain = ferry("explain " + file + " 11223344/customer/1");
    CHECK_THAT(explain.output, Catch::Contains("11223344/customer/1: delivered, linked by hand") &&
                                   Catch::Contains("linked by hand to the target's customer 77"));
    // A customer has no amounts to show.
    auto documents = ferry("status --documents " + file).output;
    CHECK_THAT(documents, Catch::Contains("11223344/customer/4") && !Catch::Contains("gross=0.00"));
    CHECK_THAT(ferry("ledger export " + file + " -").output, !Catch::Contains("Nyborg"));

    // Undo: only a link, never a customer Ferry created.
    CHECK(ferry("link customers --undo 4 " + file).exit_code == 1);
    auto undone = ferry("link customers --undo 1 " + file);
    REQUIRE(undone.exit_code == 0);
    CHECK_THAT(undone.output, Catch::Contains("no longer linked to the target's customer 77"));
    json = nlohmann::json::parse(ferry("link customers --json " + file).output);
    REQUIRE(json["one"].size() == 1);
    CHECK(json["one"][0]["key"] == "11223344/customer/1");
}
