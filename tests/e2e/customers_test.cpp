// Customers and invoices from a practice system's CSV exports into e-conomic, through the ferry
// binary with every real part: source-csv on a folder, store-lmdb, sink-economic and the
// emulator on loopback. The four starting situations TimeLog describes (no customers anywhere,
// only in e-conomic, only in the practice system, in both), updates, a barred customer, a
// number with letters, a customer changed in e-conomic and then in the source, and SIGKILLs
// during a batch of updates: every customer once, every invoice one draft.
#include <catch2/catch.hpp>
#include <random>
#include <set>
#include <thread>

#include "clinic.hpp"

using namespace ferry::testing;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

const std::string practice_cvr = "16356706";
const std::string customer_header =
    "Kundenr;Navn;CVR;EAN;Adresse;Postnr;By;Land;E-mail;Telefon;Kontaktperson;Spærret\n";
const std::string invoice_header =
    "Fakturanr;Fakturadato;Forfaldsdato;Kundenr;Valuta;Linjetype;Tekst;Antal;Enhedspris;Moms%\n";

// A customer row as a Danish export writes it.
std::string customer_row(const std::string& number, const std::string& name,
                         const std::string& cvr = "", const std::string& city = "Nyborg",
                         const std::string& telephone = "", bool barred = false) {
    return number + ";" + name + ";" + cvr + ";;Algade 1;5800;" + city + ";DK;kontakt@example.dk;" +
           telephone + ";Karen Kontakt;" + (barred ? "ja" : "nej") + "\n";
}

// One line of an invoice: 2 hours at 750,00 plus VAT 25 %.
std::string invoice_row(const std::string& number, const std::string& customer,
                        const std::string& kind = "Timer") {
    return number + ";02-03-2026;16-03-2026;" + customer + ";DKK;" + kind +
           ";Konsultation;2;750,00;25\n";
}

// How many documents a running ferry has logged as delivered.
std::size_t delivered_in(const fs::path& log) {
    std::string text = read_file(log);
    std::size_t count = 0;
    for (auto at = text.find("document.delivered"); at != std::string::npos;
         at = text.find("document.delivered", at + 1))
        ++count;
    return count;
}

struct Practice : ClinicPipeline {
    Practice() : ClinicPipeline({practice_cvr}) {
        fs::create_directories(dir / "export");
        write_practice_pipeline();
        customers({});
        invoices({});
    }

    void write_practice_pipeline() {
        dir.write("pipeline.yaml",
                  "pipeline: practice\n"
                  "store: { plugin: store-lmdb, path: " +
                      (dir / "ledger").string() +
                      ", durability: nosync }\n"
                      "source:\n  plugin: source-csv\n  company: \"" +
                      practice_cvr +
                      "\"\n  servers:\n    - { location: " + (dir / "export").string() +
                      " }\n"
                      "  customer_files: [\"kunder*.csv\"]\n"
                      "  invoice_files: [\"fakturaer*.csv\"]\n"
                      "sink:\n  plugin: sink-economic\n  base_url: " +
                      emulator.base_url() +
                      "\n  app_secret_token: \"${env:E2E_APP_SECRET}\"\n"
                      "  retry_base: 10ms\n"
                      "  defaults:\n    book: false\n"
                      "    product_numbers: [{ line_kind: Timer, product: \"1\" }, "
                      "{ line_kind: Kørsel, product: \"2\" }]\n"
                      "  companies:\n"
                      "    - { cvr: \"" +
                      practice_cvr + "\", agreement_grant_token: \"${env:E2E_GRANT_" +
                      practice_cvr + "}\" }\n");
    }

    void customers(const std::vector<std::string>& rows) {
        std::string text = customer_header;
        for (const std::string& row : rows)
            text += row;
        dir.write("export/kunder.csv", text);
    }
    void invoices(const std::vector<std::string>& rows) {
        std::string text = invoice_header;
        for (const std::string& row : rows)
            text += row;
        dir.write("export/fakturaer.csv", text);
    }

    ferry::test::Headers headers() const {
        return ferry::test::economic_headers("grant-" + practice_cvr);
    }

    // e-conomic's customers by number.
    std::map<std::string, nlohmann::json> economic_customers() {
        std::map<std::string, nlohmann::json> customers;
        auto answer = emulator.request("GET", "/customers?pagesize=1000", {}, headers());
        REQUIRE(answer.status == 200);
        nlohmann::json page = answer.json();
        for (const auto& customer : page["collection"])
            customers[std::to_string(customer["customerNumber"].get<long long>())] = customer;
        return customers;
    }

    // A customer a bookkeeper made in e-conomic by hand.
    void economic_has(int number, const std::string& name, const std::string& cvr = "",
                      int group = 1) {
        nlohmann::json customer = {{"customerNumber", number},
                                   {"name", name},
                                   {"currency", "DKK"},
                                   {"customerGroup", {{"customerGroupNumber", group}}},
                                   {"paymentTerms", {{"paymentTermsNumber", 1}}},
                                   {"vatZone", {{"vatZoneNumber", 1}}}};
        if (!cvr.empty())
            customer["corporateIdentificationNumber"] = cvr;
        auto answer = emulator.request("POST", "/customers", customer.dump(), headers());
        INFO(answer.body);
        REQUIRE(answer.status == 201);
    }

    // The drafts by the customer they are on, as "invoice-reference → customer number".
    std::map<std::string, long long> drafts_by_reference() {
        std::map<std::string, long long> drafts;
        nlohmann::json company = state(practice_cvr);
        for (const auto& draft : company["drafts"])
            drafts[draft["references"]["other"]] = draft["customer"]["customerNumber"];
        return drafts;
    }

    // The products the mapping names, as the finance team set them up.
    void products() {
        for (auto [number, name] : {std::pair{"1", "Konsulenttimer"}, {"2", "Kørsel"}}) {
            nlohmann::json product = {{"productNumber", number},
                                      {"name", name},
                                      {"productGroup", {{"productGroupNumber", 2}}}};
            auto answer = emulator.request("POST", "/products", product.dump(), headers());
            INFO(answer.body);
            REQUIRE(answer.status == 201);
        }
    }

    CommandResult once() { return ferry("once"); }
    // What the ledger says of a document, as `ferry explain` prints it.
    std::string explain(const std::string& key) { return ferry("explain", key).output; }
};

}  // namespace

TEST_CASE("no customers anywhere: customers are created and their invoices drafted") {
    Practice practice;
    practice.products();
    REQUIRE(practice.once().exit_code == 0);  // nothing exported yet
    CHECK(practice.economic_customers().empty());

    practice.customers({customer_row("1001", "Nyborg Klinik ApS", "12345678"),
                        customer_row("1002", "Hanne Privat")});
    practice.invoices({invoice_row("5001", "1001"), invoice_row("5002", "1002"),
                       invoice_row("5002", "1002", "Kørsel")});
    auto run = practice.once();
    INFO(run.output);
    REQUIRE(run.exit_code == 0);

    auto customers = practice.economic_customers();
    REQUIRE(customers.size() == 2);
    CHECK(customers["1001"]["name"] == "Nyborg Klinik ApS");
    CHECK(customers["1001"]["corporateIdentificationNumber"] == "12345678");
    // Group, terms and zone from the sink's defaults (the clinic group, 100).
    CHECK(customers["1002"]["customerGroup"]["customerGroupNumber"] == 100);
    auto drafts = practice.drafts_by_reference();
    CHECK(drafts.size() == 2);
    CHECK(drafts["ferry:practice:16356706/invoice/5001"] == 1001);
    CHECK(drafts["ferry:practice:16356706/invoice/5002"] == 1002);
    CHECK(practice.state(practice_cvr)["booked"].empty());

    // The transfer view: each invoice beside its draft.
    auto reconcile =
        practice.ferry("report reconcile", "--from 2026-03-01 --to 2026-03-31 --documents");
    CHECK(reconcile.exit_code == 0);
    CHECK_THAT(reconcile.output,
               Catch::Contains("16356706/invoice/5001 2026-03-02 DKK 1875.00  target 1875.00 "
                               "draft ") &&
                   Catch::Contains("16356706/invoice/5002 2026-03-02 DKK 3750.00  target 3750.00 "
                                   "draft "));

    // Unchanged exports change nothing.
    REQUIRE(practice.once().exit_code == 0);
    CHECK(practice.economic_customers().size() == 2);
    CHECK(practice.drafts_by_reference().size() == 2);
}

TEST_CASE(
    "only in e-conomic: nothing is touched and a customer with the same CVR waits for a "
    "link") {
    Practice practice;
    practice.products();
    practice.economic_has(77, "Nyborg Klinikken A/S", "12345678");
    practice.economic_has(78, "Ribe Tand ApS");
    REQUIRE(practice.once().exit_code == 0);
    CHECK(practice.economic_customers().size() == 2);

    // The practice system gets the same clinic under its own number, and bills it.
    practice.customers({customer_row("1001", "Nyborg Klinik ApS", "12345678")});
    practice.invoices({invoice_row("5001", "1001")});
    practice.once();
    CHECK(practice.economic_customers().size() == 2);  // no duplicate of 77
    CHECK_THAT(practice.explain("16356706/customer/1001"),
               Catch::Contains("77") && Catch::Contains("ferry link customers"));
    CHECK_THAT(practice.explain("16356706/invoice/5001"),
               Catch::Contains("ferry.waiting_for_prerequisite"));
    CHECK(practice.drafts_by_reference().empty());

    auto lists = nlohmann::json::parse(practice.ferry("link customers --json").output);
    REQUIRE(lists["one"].size() == 1);
    CHECK(lists["one"][0]["candidates"][0]["customer"]["number"] == "77");
    REQUIRE(practice.ferry("link customers --accept-all --winner target").exit_code == 0);
    REQUIRE(practice.once().exit_code == 0);
    CHECK(practice.drafts_by_reference()["ferry:practice:16356706/invoice/5001"] == 77);
    CHECK(practice.economic_customers()["77"]["name"] == "Nyborg Klinikken A/S");  // target won
    CHECK(practice.economic_customers().size() == 2);
}

TEST_CASE("only in the practice system: every customer is created under its own number") {
    Practice practice;
    practice.products();
    std::vector<std::string> rows, invoices;
    for (int number = 2001; number <= 2030; ++number) {
        rows.push_back(customer_row(std::to_string(number), "Kunde " + std::to_string(number)));
        invoices.push_back(invoice_row(std::to_string(number + 4000), std::to_string(number)));
    }
    practice.customers(rows);
    practice.invoices(invoices);
    REQUIRE(practice.once().exit_code == 0);
    CHECK(practice.economic_customers().size() == 30);
    auto drafts = practice.drafts_by_reference();
    CHECK(drafts.size() == 30);
    CHECK(drafts["ferry:practice:16356706/invoice/6001"] == 2001);
    CHECK(nlohmann::json::parse(practice.ferry("link customers --json").output)["linked"] == 30);
}

TEST_CASE("in both: linked once and the others created and the invoices follow the links") {
    Practice practice;
    practice.products();
    practice.economic_has(77, "Nyborg Klinikken A/S", "12345678");
    practice.economic_has(90, "Fysio Vest");
    practice.economic_has(91, "Fysio Vest I/S");
    practice.economic_has(1003, "Someone Else ApS", "87654321");  // the same number, not the same
    practice.customers({customer_row("1001", "Nyborg Klinik ApS", "12345678"),
                        customer_row("1002", "Fysio Vest ApS"),
                        customer_row("1003", "Tandlæge Sørensen"),
                        customer_row("1004", "Ny Kunde ApS")});
    practice.invoices({invoice_row("5001", "1001"), invoice_row("5002", "1002"),
                       invoice_row("5003", "1003"), invoice_row("5004", "1004")});

    // The wizard, before the first pass.
    auto lists = nlohmann::json::parse(practice.ferry("link customers --json").output);
    CHECK(lists["one"].size() == 1);
    CHECK(lists["several"].size() == 1);
    CHECK(lists["none"].size() == 2);
    REQUIRE(practice.ferry("link customers --accept-all --winner source").exit_code == 0);
    REQUIRE(practice.ferry("link customers --accept 1002=91 --winner target").exit_code == 0);

    auto run = practice.once();
    auto customers = practice.economic_customers();
    CHECK(customers.size() == 5);                            // 77, 90, 91, 1003 and the new 1004
    CHECK(customers["77"]["name"] == "Nyborg Klinik ApS");   // the source won
    CHECK(customers["91"]["name"] == "Fysio Vest I/S");      // e-conomic won
    CHECK(customers["1003"]["name"] == "Someone Else ApS");  // never overwritten
    auto drafts = practice.drafts_by_reference();
    CHECK(drafts["ferry:practice:16356706/invoice/5001"] == 77);
    CHECK(drafts["ferry:practice:16356706/invoice/5002"] == 91);
    CHECK(drafts["ferry:practice:16356706/invoice/5004"] == 1004);
    CHECK(drafts.count("ferry:practice:16356706/invoice/5003") == 0);
    CHECK_THAT(practice.explain("16356706/customer/1003"), Catch::Contains("link"));

    // Names went to e-conomic only: not into the log or the ledger.
    std::string at_rest = run.output + practice.ferry("ledger export", "-").output;
    REQUIRE_THAT(at_rest, Catch::Contains("16356706/customer/1001"));
    for (const char* name : {"Nyborg", "Fysio", "Sørensen", "Kunde", "Algade", "Karen"}) {
        INFO(name);
        CHECK(at_rest.find(name) == std::string::npos);
    }
}

TEST_CASE("updates follow the source but never group or terms and a barred customer is barred") {
    Practice practice;
    practice.products();
    practice.customers({customer_row("1001", "Nyborg Klinik ApS", "12345678")});
    REQUIRE(practice.once().exit_code == 0);

    // The bookkeeper moves the customer to another group and renames it in e-conomic; then the
    // practice system changes the city and bars it.
    nlohmann::json customer = practice.economic_customers()["1001"];
    customer["customerGroup"] = {{"customerGroupNumber", 1}};
    customer["name"] = "Renamed In e-conomic";
    auto put =
        practice.emulator.request("PUT", "/customers/1001", customer.dump(), practice.headers());
    REQUIRE(put.status == 200);
    practice.customers({customer_row("1001", "Nyborg Klinik ApS", "12345678", "Odense", "", true)});
    auto run = practice.once();
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    customer = practice.economic_customers()["1001"];
    CHECK(customer["city"] == "Odense");
    CHECK(customer["name"] == "Nyborg Klinik ApS");
    CHECK(customer["barred"] == true);
    CHECK(customer["customerGroup"]["customerGroupNumber"] == 1);
}

TEST_CASE("a customer number with letters is rejected and its invoices wait") {
    Practice practice;
    practice.products();
    practice.customers({customer_row("K-12", "Bogstav Kunde ApS")});
    practice.invoices({invoice_row("5001", "K-12")});
    practice.once();
    CHECK(practice.economic_customers().empty());
    CHECK_THAT(practice.explain("16356706/customer/K-12"), Catch::Contains("digits"));
    CHECK_THAT(practice.explain("16356706/invoice/5001"),
               Catch::Contains("waits for customer K-12"));
    CHECK(practice.drafts_by_reference().empty());
}

TEST_CASE("SIGKILLs during a batch of updates lose and duplicate nothing") {
    Practice practice;
    practice.products();
    constexpr int count = 40;
    auto rows = [&](const std::string& city) {
        std::vector<std::string> list;
        for (int number = 3001; number <= 3000 + count; ++number)
            list.push_back(
                customer_row(std::to_string(number), "Kunde " + std::to_string(number), "", city));
        return list;
    };
    practice.customers(rows("Nyborg"));
    REQUIRE(practice.once().exit_code == 0);
    REQUIRE(practice.economic_customers().size() == count);

    // Every customer moves, and ten invoices come with the batch.
    practice.customers(rows("Svendborg"));
    std::vector<std::string> invoices;
    for (int number = 3001; number <= 3010; ++number)
        invoices.push_back(invoice_row(std::to_string(number + 4000), std::to_string(number)));
    practice.invoices(invoices);
    std::mt19937 random(19);
    int kills = 0, kills_mid_batch = 0;
    // Each run is killed once it has delivered a few more (0-9): in the middle of the updates,
    // or while it resolves what the last kill left in intent.
    for (int run = 0; run < 8; ++run) {
        auto child = practice.ferry_in_background();
        const std::size_t deliveries = std::uniform_int_distribution<std::size_t>(0, 9)(random);
        const auto deadline = std::chrono::steady_clock::now() + 60s;
        while (delivered_in(practice.dir / "background.log") < deliveries && !child->wait(0ms) &&
               std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(1ms);
        if (!child->wait(0ms)) {
            child->signal(SIGKILL);
            REQUIRE(child->wait(10s));
            ++kills;
            auto moved = practice.economic_customers();
            auto in_svendborg = std::count_if(moved.begin(), moved.end(), [](const auto& entry) {
                return entry.second["city"] == "Svendborg";
            });
            kills_mid_batch += in_svendborg > 0 && in_svendborg < count;
        }
    }
    for (int pass = 0; pass < 3; ++pass)
        practice.once();
    auto customers = practice.economic_customers();
    CHECK(customers.size() == count);
    for (const auto& [number, customer] : customers) {
        INFO(number);
        CHECK(customer["city"] == "Svendborg");
    }
    auto drafts = practice.state(practice_cvr)["drafts"];
    std::set<std::string> references;
    for (const auto& draft : drafts)
        references.insert(draft["references"]["other"].get<std::string>());
    CHECK(drafts.size() == 10);
    CHECK(references.size() == 10);
    auto status = nlohmann::json::parse(practice.ferry("status --json").output);
    CHECK(status["companies"][practice_cvr]["delivered"] == count + 10);
    INFO("kills: " << kills << ", in the middle of the batch: " << kills_mid_batch);
    CHECK(kills >= 6);
    CHECK(kills_mid_batch >= 1);
}
