// Documents delivered to the real emulator over HTTP: booked once, on the right customer, with
// the right amounts.
#include <catch2/catch.hpp>

#include <thread>

#include "test_support.hpp"

using namespace ferry::testing;
using ferry::economic::EconomicSink;
using ferry::economic::Json;
using ferry::sdk::Delivery;
using ferry::sdk::DocumentKind;
using ferry::sdk::VatCategory;

namespace {

struct Fixture {
    EmulatorProcess emulator{{{clinic_grant, clinic_cvr}}};
    TestHost host;
    EconomicSink sink{sink_settings(emulator.url(), {{clinic_cvr, clinic_grant, {}}}), host};

    Json state() { return emulator.state(clinic_grant); }
    Json customer(std::int64_t number) {
        return emulator.get(clinic_grant, "/customers/" + std::to_string(number));
    }
};

void require_delivered(const Delivery& delivery) {
    INFO(delivery.problem.code << ": " << delivery.problem.message);
    REQUIRE(delivery.status == Delivery::Status::delivered);
}

}  // namespace

TEST_CASE_METHOD(Fixture, "a business invoice is booked once on a customer found by CVR") {
    auto document = business_invoice("1042");
    Ledger ledger;
    auto delivery = ledger.deliver(sink, document);
    require_delivered(delivery);
    CHECK(delivery.target.count("draft"));
    CHECK(delivery.gross == dec("250"));

    Json booked = booked_with(state(), reference_of(document)).at(0);
    CHECK(std::to_string(booked["bookedInvoiceNumber"].get<int>()) == delivery.target["booked"]);
    CHECK(amount(booked, "netAmount") == dec("200"));
    CHECK(amount(booked, "vatAmount") == dec("50"));
    CHECK(amount(booked, "grossAmount") == dec("250"));
    Json customer = this->customer(booked["customer"]["customerNumber"].get<int>());
    CHECK(customer["corporateIdentificationNumber"] == "87654321");
    CHECK(customer["customerGroup"]["customerGroupNumber"] == 100);
    CHECK(state()["drafts"].empty());

    SECTION("delivering again under the same reference creates nothing") {
        auto again = ledger.deliver(sink, document);
        require_delivered(again);
        CHECK(again.target["booked"] == delivery.target["booked"]);
    }
    SECTION("even when the ledger lost what the first delivery recorded") {
        auto again = Ledger{}.deliver(sink, document);
        require_delivered(again);
        CHECK(again.target["booked"] == delivery.target["booked"]);
    }
    SECTION("a second invoice to the same CVR reuses the customer") {
        auto second = business_invoice("1043");
        second.customer.name = "Renamed ApS";
        require_delivered(Ledger{}.deliver(sink, second));
        Json other = booked_with(state(), reference_of(second)).at(0);
        CHECK(other["customer"]["customerNumber"] == booked["customer"]["customerNumber"]);
    }
    Json after = state();
    CHECK(booked_with(after, reference_of(document)).size() == 1);
    CHECK(after["drafts"].empty());
}

TEST_CASE_METHOD(Fixture, "a public customer is found by EAN") {
    auto first = business_invoice("2001", "");
    first.customer.name = "Nyborg Kommune";
    first.customer.ean = "5790000123456";
    require_delivered(Ledger{}.deliver(sink, first));
    auto second = business_invoice("2002", "");
    second.customer.name = "Nyborg Kommune, Sundhed";
    second.customer.ean = "5790000123456";
    require_delivered(Ledger{}.deliver(sink, second));

    Json a = booked_with(state(), reference_of(first)).at(0);
    Json b = booked_with(state(), reference_of(second)).at(0);
    CHECK(a["customer"]["customerNumber"] == b["customer"]["customerNumber"]);
    CHECK(customer(a["customer"]["customerNumber"].get<int>())["ean"] == "5790000123456");
}

// A municipality's institutions share its name, each with its own EAN: the name alone must
// never put one's invoice on another's customer (nor one company's on another's of that name).
TEST_CASE_METHOD(Fixture, "a customer of the same name with another EAN or CVR is someone else") {
    auto school = business_invoice("2101", "");
    school.customer.name = "Nyborg Kommune";
    school.customer.ean = "5790000111111";
    auto care = business_invoice("2102", "");
    care.customer.name = "NYBORG KOMMUNE";
    care.customer.ean = "5790000222222";
    auto first = business_invoice("2103", "11111111");
    first.customer.name = "Jensens Tømrer ApS";
    auto namesake = business_invoice("2104", "22222222");
    namesake.customer.name = "Jensens Tømrer ApS";
    for (const auto& document : {school, care, first, namesake})
        require_delivered(Ledger{}.deliver(sink, document));
    auto customer_of = [&](const ferry::sdk::Document& document) {
        return booked_with(state(), reference_of(document)).at(0)["customer"]["customerNumber"];
    };
    CHECK(customer_of(school) != customer_of(care));
    CHECK(customer(customer_of(care).get<int>())["ean"] == "5790000222222");
    CHECK(customer_of(first) != customer_of(namesake));
}

TEST_CASE_METHOD(Fixture, "a customer made by hand without CVR or EAN is found by name") {
    Json by_hand = emulator.post(clinic_grant, "/customers",
                                 {{"name", "Hand Made ApS"},
                                  {"currency", "DKK"},
                                  {"customerGroup", {{"customerGroupNumber", 1}}},
                                  {"paymentTerms", {{"paymentTermsNumber", 1}}},
                                  {"vatZone", {{"vatZoneNumber", 1}}}});
    auto document = business_invoice("2201", "33333333");
    document.customer.name = "hand made aps";
    require_delivered(Ledger{}.deliver(sink, document));
    CHECK(booked_with(state(), reference_of(document)).at(0)["customer"]["customerNumber"] ==
          by_hand["customerNumber"]);
}

TEST_CASE_METHOD(Fixture, "a patient is never a customer: the collective customer is used") {
    auto document = patient_invoice("3001");
    require_delivered(Ledger{}.deliver(sink, document));
    auto second = patient_invoice("3002");
    second.customer.name = "Anne Jensen";
    second.customer.cpr = "0202902345";
    require_delivered(Ledger{}.deliver(sink, second));

    Json booked = booked_with(state(), reference_of(document)).at(0);
    CHECK(booked["customer"]["customerNumber"] == 123456);
    CHECK(booked_with(state(), reference_of(second)).at(0)["customer"]["customerNumber"] == 123456);
    Json collective = customer(123456);
    CHECK(collective["name"].get<std::string>().find("Jens") == std::string::npos);
    Json invoice =
        emulator.get(clinic_grant, "/invoices/booked/" +
                                       std::to_string(booked["bookedInvoiceNumber"].get<int>()));
    CHECK(invoice["recipient"]["name"] == "Jens Hansen");
    CHECK(invoice["notes"]["textLine1"] == "CPR-nr. 010180-1234");
    CHECK(state()["counts"]["customers"] == 1);
}

TEST_CASE_METHOD(Fixture, "lines with 25 % and 0 % VAT get e-conomic's VAT right") {
    auto document = business_invoice("4001");
    document.lines.push_back(line("ATTEST", "1", "100.00", "100.00", VatCategory::exempt, "0"));
    set_totals(document, "300.00", "50.00", "350.00");
    auto delivery = Ledger{}.deliver(sink, document);
    require_delivered(delivery);
    CHECK(delivery.net == dec("300"));
    CHECK(delivery.vat == dec("50"));
}

TEST_CASE_METHOD(Fixture, "a credit note is booked negative and names the credited invoice") {
    auto document = business_invoice("5001");
    document.key.kind = DocumentKind::credit_note;
    document.references.billed_invoice = "1042";
    auto delivery = Ledger{}.deliver(sink, document);
    require_delivered(delivery);
    CHECK(delivery.gross == dec("-250"));
    Json booked = booked_with(state(), reference_of(document)).at(0);
    CHECK(amount(booked, "netAmount") == dec("-200"));
    CHECK(amount(booked, "grossAmount") == dec("-250"));
    Json invoice =
        emulator.get(clinic_grant, "/invoices/booked/" +
                                       std::to_string(booked["bookedInvoiceNumber"].get<int>()));
    CHECK_THAT(invoice["notes"]["heading"].get<std::string>(),
               Catch::Contains("krediterer faktura 1042"));
}

TEST_CASE_METHOD(Fixture, "a header allowance becomes a negative line") {
    auto document = business_invoice("6001");
    ferry::sdk::AllowanceCharge allowance;
    allowance.amount = dec("20.00");
    allowance.reason = "Rabat";
    allowance.vat_percent = dec("25");
    document.allowance_charges = {allowance};
    document.totals.allowance_total = dec("20");
    set_totals(document, "180.00", "45.00", "225.00");
    auto delivery = Ledger{}.deliver(sink, document);
    require_delivered(delivery);
    CHECK(delivery.net == dec("180"));
    CHECK(delivery.gross == dec("225"));
}

TEST_CASE_METHOD(Fixture, "totals that differ are refused with both figures and the draft stays") {
    auto document = business_invoice("7001");
    set_totals(document, "220.00", "60.00", "280.00");
    Ledger ledger;
    auto delivery = ledger.deliver(sink, document);
    REQUIRE(delivery.status == Delivery::Status::rejected);
    CHECK(delivery.problem.code == "economic.totals_mismatch");
    CHECK_THAT(delivery.problem.message, Catch::Contains("net 220.00 in the document, 200.00"));
    CHECK_THAT(delivery.problem.message, Catch::Contains("VAT 60.00 in the document, 50.00"));
    CHECK_THAT(delivery.problem.message, Catch::Contains("11223344/invoice/7001"));
    CHECK(delivery.target.count("draft"));
    CHECK(state()["drafts"].size() == 1);
    CHECK(state()["booked"].empty());

    SECTION("once the document is corrected, the same draft is updated and booked") {
        document.lines[0].unit_price = dec("110.00");
        document.lines[0].net_amount = dec("220.00");
        set_totals(document, "220.00", "55.00", "275.00");
        require_delivered(ledger.deliver(sink, document));
        CHECK(state()["drafts"].empty());
        CHECK(booked_with(state(), reference_of(document)).size() == 1);
    }
}

TEST_CASE_METHOD(Fixture, "an unknown company is refused with a reason naming its CVR") {
    auto document = business_invoice("8001");
    document.key.company = "99999999";
    document.supplier.cvr = "99999999";
    auto delivery = Ledger{}.deliver(sink, document);
    REQUIRE(delivery.status == Delivery::Status::rejected);
    CHECK(delivery.problem.code == "economic.company.unknown");
    CHECK_THAT(delivery.problem.message, Catch::Contains("99999999"));
    CHECK(state()["counts"].value("customers", 0) == 0);
}

TEST_CASE_METHOD(Fixture, "e-conomic's field errors are in the reason of a refused document") {
    auto document = business_invoice("9001");
    document.currency = "XXX";
    auto delivery = Ledger{}.deliver(sink, document);
    REQUIRE(delivery.status == Delivery::Status::rejected);
    CHECK(delivery.problem.code == "economic.rejected");
    CHECK_THAT(delivery.problem.message, Catch::Contains("currency"));
    CHECK_THAT(delivery.problem.message, Catch::Contains("11223344/invoice/9001"));
    CHECK_THAT(delivery.problem.message, !Catch::Contains("Firma"));
}

TEST_CASE("with book: false a checked draft is left for review") {
    EmulatorProcess emulator{{{clinic_grant, clinic_cvr}}};
    TestHost host;
    EconomicSink sink{
        sink_settings(emulator.url(), {{clinic_cvr, clinic_grant, {{"book", "false"}}}}), host};
    auto delivery = Ledger{}.deliver(sink, business_invoice("1"));
    require_delivered(delivery);
    CHECK(delivery.target.count("draft"));
    CHECK_FALSE(delivery.target.count("booked"));
    CHECK(emulator.state(clinic_grant)["drafts"].size() == 1);
    CHECK(emulator.state(clinic_grant)["booked"].empty());
}

namespace {

// The real HTTP client, counting what passes through it.
class CountingHttpClient : public ferry::economic::HttpClient {
  public:
    explicit CountingHttpClient(const std::string& url)
        : inner_(ferry::economic::make_http_client(url, std::chrono::seconds(5))) {}
    ferry::economic::HttpResponse send(const ferry::economic::HttpRequest& request) override {
        ++*count;
        return inner_->send(request);
    }
    std::shared_ptr<int> count = std::make_shared<int>(0);

  private:
    std::unique_ptr<ferry::economic::HttpClient> inner_;
};

}  // namespace

TEST_CASE("a backlog costs two requests per invoice once customers and products are known") {
    EmulatorProcess emulator{{{clinic_grant, clinic_cvr}}};
    TestHost host;
    auto http = std::make_unique<CountingHttpClient>(emulator.url());
    auto count = http->count;
    EconomicSink sink{sink_settings(emulator.url(), {{clinic_cvr, clinic_grant, {}}}), host,
                      std::move(http)};
    require_delivered(Ledger{}.deliver(sink, business_invoice("1")));
    int before = *count;
    for (const char* number : {"2", "3", "4"})
        require_delivered(Ledger{}.deliver(sink, business_invoice(number)));
    CHECK(*count - before == 3 * 2);
    CHECK(emulator.state(clinic_grant)["booked"].size() == 4);
}

TEST_CASE(
    "routing refuses a wrong supplier and an inactive company and documents before first_date") {
    EmulatorProcess emulator{{{clinic_grant, clinic_cvr}, {"grant-other", "55667788"}}};
    TestHost host;
    EconomicSink sink{sink_settings(emulator.url(),
                                    {{clinic_cvr, clinic_grant, {}, {{"first_date", "2026-02-01"}}},
                                     {"55667788", "grant-other", {}, {{"inactive", "true"}}}}),
                      host};
    auto document = business_invoice("1");
    document.supplier.cvr = "55667788";
    CHECK(Ledger{}.deliver(sink, document).problem.code == "economic.company.supplier_mismatch");

    document = business_invoice("2");
    document.issue_date = {2026, 1, 31};
    auto early = Ledger{}.deliver(sink, document);
    CHECK(early.problem.code == "economic.company.before_first_date");
    CHECK_THAT(early.problem.message, Catch::Contains("2026-02-01"));

    document = business_invoice("3");
    document.key.company = document.supplier.cvr = "55667788";
    auto inactive = Ledger{}.deliver(sink, document);
    CHECK(inactive.status == Delivery::Status::rejected);
    CHECK(inactive.problem.code == "economic.company.inactive");

    CHECK(emulator.state(clinic_grant)["counts"].value("drafts", 0) == 0);
    CHECK(Ledger{}.deliver(sink, business_invoice("4")).status == Delivery::Status::delivered);
}

TEST_CASE("a patient invoice without a provider number is refused before anything is created") {
    EmulatorProcess emulator{{{clinic_grant, clinic_cvr}}};
    TestHost host;
    EconomicSink sink{sink_settings(emulator.url(), {{clinic_cvr, clinic_grant, {}}}), host};
    auto document = patient_invoice("1");
    document.references.provider_number.clear();
    auto delivery = Ledger{}.deliver(sink, document);
    CHECK(delivery.problem.code == "economic.no_provider_number");
    CHECK_THAT(delivery.problem.message, !Catch::Contains("Jens"));
    CHECK(emulator.state(clinic_grant)["counts"].value("customers", 0) == 0);
}

TEST_CASE("a patient invoice without a provider number uses the company's configured one") {
    EmulatorProcess emulator{{{clinic_grant, clinic_cvr}}};
    TestHost host;
    EconomicSink sink{
        sink_settings(emulator.url(), {{clinic_cvr, clinic_grant, {{"provider_number", "7788"}}}}),
        host};
    auto document = patient_invoice("1");
    document.references.provider_number.clear();
    require_delivered(Ledger{}.deliver(sink, document));
    Json booked = booked_with(emulator.state(clinic_grant), reference_of(document)).at(0);
    CHECK(booked["customer"]["customerNumber"] == 7788);
}

TEST_CASE("with departments each line carries the provider number's distribution or the fallback") {
    EmulatorProcess emulator{{{clinic_grant, clinic_cvr}}};
    TestHost host;
    EconomicSink sink{
        sink_settings(emulator.url(), {{clinic_cvr, clinic_grant, {}}}, {{"departments", "true"}}),
        host};
    auto distribution_of = [&](const ferry::sdk::Document& document) {
        auto booked = booked_with(emulator.state(clinic_grant), reference_of(document)).at(0);
        auto invoice = emulator.get(
            clinic_grant,
            "/invoices/booked/" + std::to_string(booked["bookedInvoiceNumber"].get<int>()));
        return invoice["lines"][0]["departmentalDistribution"]["departmentalDistributionNumber"]
            .get<int>();
    };
    auto known = business_invoice("1");
    known.references.provider_number = "2";
    require_delivered(Ledger{}.deliver(sink, known));
    CHECK(distribution_of(known) == 2);
    auto unknown = business_invoice("2");
    require_delivered(Ledger{}.deliver(sink, unknown));
    CHECK(distribution_of(unknown) == 10000);
}

TEST_CASE("a document's due date is kept through due-date payment terms") {
    EmulatorProcess emulator{{{clinic_grant, clinic_cvr}}};
    TestHost host;
    EconomicSink sink{sink_settings(emulator.url(), {{clinic_cvr, clinic_grant, {}}}), host};
    auto document = business_invoice("1");
    document.due_date = ferry::sdk::Date{2026, 3, 20};
    require_delivered(Ledger{}.deliver(sink, document));
    auto booked = booked_with(emulator.state(clinic_grant), reference_of(document)).at(0);
    auto invoice =
        emulator.get(clinic_grant, "/invoices/booked/" +
                                       std::to_string(booked["bookedInvoiceNumber"].get<int>()));
    CHECK(invoice["dueDate"] == "2026-03-20");
    CHECK(invoice["paymentTerms"]["paymentTermsType"] == "dueDate");
}

TEST_CASE("a setting that names nothing in e-conomic leaves the document for later") {
    EmulatorProcess emulator{{{clinic_grant, clinic_cvr}}};
    TestHost host;
    EconomicSink sink{
        sink_settings(emulator.url(), {{clinic_cvr, clinic_grant, {{"payment_terms", "Aldrig"}}}}),
        host};
    auto delivery = Ledger{}.deliver(sink, business_invoice("1"));
    CHECK(delivery.status == Delivery::Status::retry_later);
    CHECK(delivery.problem.code == "economic.configuration");
    CHECK_THAT(delivery.problem.message, Catch::Contains("'Aldrig'"));
    CHECK(emulator.state(clinic_grant)["counts"].value("customers", 0) == 0);
}

TEST_CASE("documents delivered at once create a new customer and product once") {
    EmulatorProcess emulator{{{clinic_grant, clinic_cvr}}, {"--latency-ms", "30"}};
    TestHost host;
    EconomicSink sink{sink_settings(emulator.url(), {{clinic_cvr, clinic_grant, {}}}), host};
    // Eight invoices to one new customer, for one new product, sent while the others wait for
    // their answers.
    std::vector<ferry::sdk::Document> documents;
    for (int n = 1; n <= 8; ++n)
        documents.push_back(business_invoice(std::to_string(n)));
    std::vector<Delivery> deliveries(documents.size());
    {
        std::vector<std::jthread> threads;
        for (std::size_t i = 0; i < documents.size(); ++i)
            threads.emplace_back([&, i] { deliveries[i] = Ledger{}.deliver(sink, documents[i]); });
    }
    for (const Delivery& delivery : deliveries)
        require_delivered(delivery);
    Json routes = emulator.stats()["byRoute"];
    CHECK(routes.value("POST /customers", 0) == 1);
    CHECK(routes.value("POST /products", 0) == 1);
    CHECK(routes.value("POST /invoices/booked", 0) == 8);
}
