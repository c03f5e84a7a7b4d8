// The source's customer register (kind customer) and the invoices that name their customer by
// it (a CSV export's), against the real emulator over HTTP: created under the source's number,
// updated without touching what a bookkeeper decides, never duplicated, exactly once across a
// crash; invoices left as drafts on that customer with the mapped products.
#include <catch2/catch.hpp>

#include <unistd.h>
#include <filesystem>
#include <fstream>

#include "test_support.hpp"

using namespace ferry::testing;
using ferry::economic::EconomicSink;
using ferry::economic::Json;
using ferry::sdk::Delivery;
using ferry::sdk::DocumentKey;
using ferry::sdk::DocumentKind;
using ferry::sdk::Found;
namespace sdk = ferry::sdk;

namespace {

constexpr const char* customer_cvr = "12345678";

ferry::sdk::Document customer_document(const std::string& number,
                                       const std::string& cvr = customer_cvr) {
    ferry::sdk::Document document;
    document.key = {clinic_cvr, DocumentKind::customer, number};
    document.currency = "DKK";
    ferry::sdk::Customer customer;
    customer.number = number;
    customer.name = "Tømrer Hansen ApS";
    customer.cvr = cvr;
    customer.address = {"Havnegade", "3", "", "Odense C", "5000", "DK"};
    customer.email = "bogholderi@hansen.example";
    customer.telephone = "+45 12 34 56 78";
    customer.contact_person = "Karen Hansen";
    document.customer_record = customer;
    return document;
}

// A CSV invoice: billed to source customer `customer`, its lines by kind.
ferry::sdk::Document csv_invoice(const std::string& number, const std::string& customer) {
    ferry::sdk::Document document;
    document.key = {clinic_cvr, DocumentKind::invoice, number};
    document.format = "CSV";
    document.issue_date = {2026, 3, 2};
    document.currency = "DKK";
    document.lines = {line("Timer", "3", "100.00", "300.00"),
                      line("Kørsel", "1", "50.00", "50.00")};
    set_totals(document, "350.00", "87.50", "437.50");
    document.prerequisites = {DocumentKey{clinic_cvr, DocumentKind::customer, customer}};
    return document;
}

sdk::Settings with_product_numbers(sdk::Settings settings,
                                   const std::vector<std::pair<std::string, std::string>>& map) {
    sdk::Settings::Value list;
    list.present = true;
    for (const auto& [kind, product] : map) {
        sdk::Settings entry;
        entry.values["line_kind"] = scalar(kind);
        entry.values["product"] = scalar(product);
        list.objects.push_back(entry);
    }
    settings.values["defaults"].objects.at(0).values["product_numbers"] = list;
    return settings;
}

struct Fixture {
    EmulatorProcess emulator{{{clinic_grant, clinic_cvr}}};
    TestHost host;
    sdk::Settings settings = sink_settings(emulator.url(), {{clinic_cvr, clinic_grant, {}}},
                                           {{"layout", "19"}, {"book", "false"}});
    EconomicSink sink{settings, host};

    Json customer(std::int64_t number) {
        return emulator.get(clinic_grant, "/customers/" + std::to_string(number));
    }
    Json state() { return emulator.state(clinic_grant); }
    int requests(const std::string& route) { return emulator.stats()["byRoute"].value(route, 0); }
    // A customer someone created in e-conomic by hand.
    void by_hand(std::int64_t number, const std::string& cvr) {
        Json body = {{"name", "Made By Hand A/S"},
                     {"currency", "DKK"},
                     {"customerGroup", {{"customerGroupNumber", 1}}},
                     {"paymentTerms", {{"paymentTermsNumber", 1}}},
                     {"vatZone", {{"vatZoneNumber", 1}}}};
        if (number)
            body["customerNumber"] = number;
        if (!cvr.empty())
            body["corporateIdentificationNumber"] = cvr;
        emulator.post(clinic_grant, "/customers", body);
    }
    sdk::TargetRefs delivered(const sdk::Document& document, Ledger& ledger) {
        Delivery delivery = ledger.deliver(sink, document);
        INFO(delivery.problem.code << ": " << delivery.problem.message);
        REQUIRE(delivery.status == Delivery::Status::delivered);
        return delivery.target;
    }
    // A rejection that names numbers only and says what to do.
    sdk::Problem rejected(const sdk::Document& document, Ledger ledger = {}) {
        Delivery delivery = ledger.deliver(sink, document);
        INFO(delivery.problem.code << ": " << delivery.problem.message);
        REQUIRE(delivery.status == Delivery::Status::rejected);
        CHECK(delivery.problem.message.find("Hansen") == std::string::npos);
        CHECK(delivery.problem.message.find("Hand") == std::string::npos);
        return delivery.problem;
    }
    void require_private_data_kept_out() {
        std::string logged = host.all_messages();
        for (const char* personal : {"Hansen", "Havnegade", "bogholderi", "12 34"})
            CHECK(logged.find(personal) == std::string::npos);
    }
};

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE_METHOD(Fixture, "a source customer is created under its own number with the defaults") {
    Ledger ledger;
    CHECK(sink.find({{clinic_cvr, DocumentKind::customer, "77"}, {}, {}, {}, {}}, "").status ==
          Found::Status::absent);
    auto target = delivered(customer_document("77"), ledger);
    CHECK(target == sdk::TargetRefs{{"customer", "77"}});

    Json created = customer(77);
    CHECK(created["name"] == "Tømrer Hansen ApS");
    CHECK(created["corporateIdentificationNumber"] == customer_cvr);
    CHECK(created["address"] == "Havnegade 3");
    CHECK(created["zip"] == "5000");
    CHECK(created["city"] == "Odense C");
    CHECK(created["country"] == "Danmark");
    CHECK(created["email"] == "bogholderi@hansen.example");
    CHECK(created["telephoneAndFaxNumber"] == "+45 12 34 56 78");
    CHECK(created["customerGroup"]["customerGroupNumber"] == 100);
    CHECK(created["paymentTerms"]["paymentTermsNumber"] == 6);  // "Standard"
    CHECK(created["vatZone"]["vatZoneNumber"] == 1);
    CHECK(created["layout"]["layoutNumber"] == 19);
    CHECK_FALSE(created.contains("barred"));
    CHECK(sink.find({{clinic_cvr, DocumentKind::customer, "77"}, {}, {}, {}, {}}, "").status ==
          Found::Status::incomplete);
    require_private_data_kept_out();
}

TEST_CASE_METHOD(Fixture, "an update follows the source and keeps what e-conomic decides") {
    Ledger ledger;
    delivered(customer_document("77"), ledger);
    Json changed = customer(77);
    changed["customerGroup"] = {{"customerGroupNumber", 2}};
    changed["paymentTerms"] = {{"paymentTermsNumber", 1}};
    changed["vatZone"] = {{"vatZoneNumber", 4}};
    changed["layout"] = {{"layoutNumber", 1}};
    changed["website"] = "https://hansen.example";
    emulator.put(clinic_grant, "/customers/77", changed);

    auto document = customer_document("77");
    document.customer_record->name = "Tømrer Hansen & Søn ApS";
    document.customer_record->email = "faktura@hansen.example";
    document.customer_record->telephone.clear();
    CHECK(delivered(document, ledger) == sdk::TargetRefs{{"customer", "77"}});

    Json updated = customer(77);
    CHECK(updated["name"] == "Tømrer Hansen & Søn ApS");
    CHECK(updated["email"] == "faktura@hansen.example");
    CHECK_FALSE(updated.contains("telephoneAndFaxNumber"));
    CHECK(updated["customerGroup"]["customerGroupNumber"] == 2);
    CHECK(updated["paymentTerms"]["paymentTermsNumber"] == 1);
    CHECK(updated["vatZone"]["vatZoneNumber"] == 4);
    CHECK(updated["layout"]["layoutNumber"] == 1);
    CHECK(updated["website"] == "https://hansen.example");

    SECTION("delivering the same state again changes nothing") {
        int puts = requests("PUT /customers/{n}");
        CHECK(delivered(document, ledger) == sdk::TargetRefs{{"customer", "77"}});
        CHECK(requests("PUT /customers/{n}") == puts);
        CHECK(requests("POST /customers") == 1);
    }
    SECTION("barred follows the source") {
        document.customer_record->barred = true;
        delivered(document, ledger);
        CHECK(customer(77)["barred"] == true);
        document.customer_record->barred = false;
        delivered(document, ledger);
        CHECK_FALSE(customer(77).contains("barred"));
    }
    SECTION("a customer linked under another number is updated there") {
        Ledger linked{{{"customer", "77"}}};
        auto other = customer_document("C-12");
        other.customer_record->address.city = "Svendborg";
        delivered(other, linked);
        CHECK(customer(77)["city"] == "Svendborg");
        CHECK(state()["counts"]["customers"] == 1);
    }
    require_private_data_kept_out();
}

TEST_CASE_METHOD(Fixture, "a barred source customer is created barred") {
    auto document = customer_document("78");
    document.customer_record->barred = true;
    Ledger ledger;
    delivered(document, ledger);
    CHECK(customer(78)["barred"] == true);
}

TEST_CASE_METHOD(Fixture, "a customer number e-conomic cannot hold is rejected with what to do") {
    for (const char* number : {"C-12", "077", "1000000000"}) {
        auto problem = rejected(customer_document(number));
        CHECK(problem.code == "economic.customer.number");
        CHECK(contains(problem.message, "renumber it in the source"));
        CHECK(contains(problem.message, "ferry link customers"));
    }
    CHECK(state()["counts"]["customers"] == 0);
    CHECK(sink.find({{clinic_cvr, DocumentKind::customer, "C-12"}, {}, {}, {}, {}}, "").status ==
          Found::Status::absent);
}

TEST_CASE_METHOD(Fixture, "a number e-conomic already has is rejected with advice to link") {
    by_hand(77, "");
    auto problem = rejected(customer_document("77"));
    CHECK(problem.code == "economic.customer.number_taken");
    CHECK(contains(problem.message, "customer 77"));
    CHECK(contains(problem.message, "ferry link customers"));
    CHECK(state()["counts"]["customers"] == 1);
    CHECK(customer(77)["name"] == "Made By Hand A/S");
}

TEST_CASE_METHOD(Fixture, "the same CVR under another number is rejected naming that number") {
    by_hand(0, customer_cvr);  // numbered 1 by e-conomic
    auto problem = rejected(customer_document("77"));
    CHECK(problem.code == "economic.customer.duplicate");
    CHECK(contains(problem.message, "customer 1 with the CVR " + std::string(customer_cvr)));
    CHECK(contains(problem.message, "ferry link customers"));
    CHECK(state()["counts"]["customers"] == 1);

    SECTION("and the same EAN") {
        Json hand = customer(1);
        hand.erase("corporateIdentificationNumber");
        hand["ean"] = "5790000123456";
        emulator.put(clinic_grant, "/customers/1", hand);
        auto document = customer_document("78", "");
        document.customer_record->ean = "5790000123456";
        CHECK(rejected(document).code == "economic.customer.duplicate");
    }
}

// The marker is written before the POST: after a SIGKILL the number found is known to be this
// delivery's own, and only then completed.
TEST_CASE_METHOD(Fixture, "a creation cut off after e-conomic made the customer is completed") {
    sdk::Settings impatient = settings;
    impatient.values["max_attempts"] = scalar("1");
    impatient.values["request_timeout"] = scalar("1s");
    EconomicSink crashing{impatient, host};
    // e-conomic creates the customer and answers too late: as if Ferry died meanwhile.
    emulator.faults({{"latencyMs", 1500}, {"method", "POST"}, {"pathPrefix", "/customers"}});
    Ledger ledger;
    Delivery lost = ledger.deliver(crashing, customer_document("77"));
    REQUIRE(lost.status == Delivery::Status::retry_later);
    emulator.faults({{"latencyMs", 0}});
    CHECK(ledger.known == sdk::TargetRefs{{"customer", "creating:77"}});
    CHECK(state()["counts"]["customers"] == 1);
    CHECK(sink.find({{clinic_cvr, DocumentKind::customer, "77"}, {}, {}, {}, {}}, "").status ==
          Found::Status::incomplete);

    // Without the marker the same customer is someone else's; with it, it is completed.
    CHECK(rejected(customer_document("77")).code == "economic.customer.number_taken");
    CHECK(delivered(customer_document("77"), ledger) == sdk::TargetRefs{{"customer", "77"}});
    CHECK(state()["counts"]["customers"] == 1);
    CHECK(customer(77)["name"] == "Tømrer Hansen ApS");
}

TEST_CASE_METHOD(Fixture, "find throws when e-conomic cannot be asked") {
    sdk::Settings one_try = settings;
    one_try.values["max_attempts"] = scalar("1");
    EconomicSink impatient{one_try, host};
    emulator.faults({{"failNext", 1}, {"failStatus", 503}});
    CHECK_THROWS_AS(
        impatient.find({{clinic_cvr, DocumentKind::customer, "77"}, {}, {}, {}, {}}, ""),
        ferry::sdk::Error);
}

TEST_CASE("customers() lists every customer of the company over several pages") {
    auto seed = std::filesystem::temp_directory_path() /
                ("ferry-customers-seed-" + std::to_string(::getpid()) + ".json");
    Json customers = Json::array();
    for (int number = 1; number <= 1500; ++number)
        customers.push_back({{"customerNumber", number},
                             {"name", "Kunde " + std::to_string(number)},
                             {"currency", "DKK"},
                             {"customerGroup", {{"customerGroupNumber", 1}}},
                             {"paymentTerms", {{"paymentTermsNumber", 1}}},
                             {"vatZone", {{"vatZoneNumber", 1}}},
                             {"corporateIdentificationNumber", std::to_string(10000000 + number)},
                             {"barred", number % 700 == 0}});
    customers[41]["ean"] = "5790000123456";
    customers[41]["vatNumber"] = "SE556677889901";
    customers[41]["telephoneAndFaxNumber"] = "+46 8 123 45";
    customers[41]["country"] = "Danmark";
    std::ofstream(seed) << Json{{"agreements",
                                 {{{"grantToken", clinic_grant},
                                   {"data", {{"customers", customers}}}}}}}
                               .dump();
    EmulatorProcess emulator{{{clinic_grant, clinic_cvr}}, {"--seed", seed.string()}};
    std::filesystem::remove(seed);
    TestHost host;
    EconomicSink sink{sink_settings(emulator.url(), {{clinic_cvr, clinic_grant, {}}}), host};

    auto listed = sink.customers(clinic_cvr);
    REQUIRE(listed);
    REQUIRE(listed.value().size() == 1500);
    CHECK(emulator.stats()["byRoute"]["GET /customers"] == 2);
    const auto& customer = listed.value().at(41);
    CHECK(customer.target == sdk::TargetRefs{{"customer", "42"}});
    CHECK(customer.customer.number == "42");
    CHECK(customer.customer.name == "Kunde 42");
    CHECK(customer.customer.cvr == "10000042");
    CHECK(customer.customer.ean == "5790000123456");
    CHECK(customer.customer.vat_number == "SE556677889901");
    CHECK(customer.customer.telephone == "+46 8 123 45");
    CHECK(customer.customer.address.country_code == "DK");
    int barred = 0;
    for (const auto& entry : listed.value())
        barred += entry.customer.barred;
    CHECK(barred == 2);

    auto unknown = sink.customers("99999999");
    REQUIRE_FALSE(unknown);
    CHECK(unknown.problem().code == "economic.company.unknown");
}

TEST_CASE_METHOD(Fixture, "an invoice naming its customer lands as a draft on it") {
    Ledger customer_ledger;
    delivered(customer_document("77"), customer_ledger);
    for (const char* product : {"1", "2"})
        emulator.post(clinic_grant, "/products",
                      {{"productNumber", product},
                       {"name", std::string("Vare ") + product},
                       {"productGroup", {{"productGroupNumber", 1}}}});
    EconomicSink csv{with_product_numbers(settings, {{"Timer", "1"}, {"Kørsel", "2"}}), host};
    auto invoice = csv_invoice("5001", "77");
    sdk::TargetRefs known;
    sdk::DeliveryRequest request{invoice,
                                 reference_of(invoice),
                                 known,
                                 [&](const sdk::TargetRefs& progress) {
                                     for (const auto& [name, value] : progress)
                                         known[name] = value;
                                 },
                                 0,
                                 {{invoice.prerequisites.at(0), {{"customer", "77"}}}}};
    Delivery delivery = csv.deliver(request);
    INFO(delivery.problem.code << ": " << delivery.problem.message);
    REQUIRE(delivery.status == Delivery::Status::delivered);
    CHECK(delivery.target.count("draft"));
    CHECK_FALSE(delivery.target.count("booked"));
    CHECK(delivery.gross == dec("437.50"));

    Json now = state();
    REQUIRE(now["drafts"].size() == 1);
    CHECK(now["booked"].empty());
    CHECK(now["counts"]["products"] == 2);  // none created
    Json draft = emulator.get(clinic_grant, "/invoices/drafts/" + delivery.target["draft"]);
    CHECK(draft["customer"]["customerNumber"] == 77);
    CHECK(draft["recipient"]["name"] == "Tømrer Hansen ApS");
    CHECK(draft["lines"][0]["product"]["productNumber"] == "1");
    CHECK(draft["lines"][1]["product"]["productNumber"] == "2");

    SECTION("find and held see the draft for review") {
        Found found =
            csv.find({invoice.key, invoice.issue_date, {}, {}, {}}, reference_of(invoice));
        CHECK(found.status == Found::Status::incomplete);
        CHECK(found.target.at("draft") == delivery.target["draft"]);
        CHECK(found.gross == dec("437.50"));
        auto held = csv.held("ferry:test:", {2026, 3, 1}, {2026, 3, 31});
        REQUIRE(held);
        REQUIRE(held.value().size() == 1);
        CHECK(held.value()[0].target.at("draft") == delivery.target["draft"]);
        CHECK(held.value()[0].gross == dec("437.50"));
    }
    SECTION("a line of a kind product_numbers does not map is rejected") {
        auto other = csv_invoice("5002", "77");
        other.lines.push_back(line("Materialer", "1", "10.00", "10.00"));
        set_totals(other, "360.00", "90.00", "450.00");
        sdk::DeliveryRequest unmapped{other, reference_of(other),
                                      {},    [](const sdk::TargetRefs&) {},
                                      0,     request.prerequisites};
        Delivery refused = csv.deliver(unmapped);
        REQUIRE(refused.status == Delivery::Status::rejected);
        CHECK(refused.problem.code == "economic.product_number.unmapped");
        CHECK(contains(refused.problem.message, "'Materialer'"));
        CHECK(contains(refused.problem.message, "product_numbers"));
        CHECK(state()["drafts"].size() == 1);
    }
}

TEST_CASE_METHOD(Fixture, "plan says what a customer's delivery would do, reading only") {
    by_hand(0, "87654321");
    auto create = sink.plan(customer_document("77"));
    REQUIRE(create);
    REQUIRE(create.value().steps.size() == 1);
    CHECK(create.value().steps[0].code == "economic.customer.create");
    auto update = sink.plan(customer_document("1", "87654321"));
    REQUIRE(update);
    CHECK(update.value().steps.at(0).code == "economic.customer.update");
    auto duplicate = sink.plan(customer_document("78", "87654321"));
    REQUIRE(duplicate);
    REQUIRE(duplicate.value().rejection);
    CHECK(duplicate.value().rejection->code == "economic.customer.duplicate");
    CHECK(requests("GET /customers") == 1);
    CHECK(requests("POST /customers") == 1);  // by hand only
}
