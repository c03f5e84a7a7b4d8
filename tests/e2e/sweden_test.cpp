// The Swedish pair end to end through the ferry binary: Peppol BIS 3 files from a clinic
// (source-peppol), store-lmdb, and sink-fortnox against the Fortnox emulator over HTTP, with
// its first token got as the sink's README says.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <set>
#include <thread>

#include "swedish_clinic.hpp"

using namespace ferry::campaign;
using namespace std::chrono_literals;
using ferry::peppol_generator::GeneratedDocument;
using nlohmann::json;

namespace {

std::set<std::string> companies_of(const std::vector<GeneratedDocument>& documents) {
    std::set<std::string> companies;
    for (const auto& document : documents)
        if (!document.customer_organisation_number.empty())
            companies.insert(document.customer_organisation_number);
    return companies;
}

std::string dashed(const std::string& digits) {
    return digits.substr(0, 6) + "-" + digits.substr(6);
}

// The company as the clinic's bookkeeper registered it in Fortnox before Ferry came.
void register_company(SwedishClinic& clinic, const std::string& organisation_number) {
    auto tokens = clinic.emulator().authorize(swedish_clinic);
    auto created = clinic.emulator()
                       .api(tokens.access_token)
                       .post("/3/customers", {{"Customer",
                                               {{"Name", "Företaget " + organisation_number},
                                                {"OrganisationNumber", dashed(organisation_number)},
                                                {"Type", "COMPANY"}}}});
    REQUIRE(created.status == 201);
}

json token_file(SwedishClinic& clinic) {
    std::ifstream in(clinic.token_file());
    return json::parse(in);
}

std::string key_of(const GeneratedDocument& document) {
    return ferry::peppol_generator::document_key(document, swedish_clinic);
}

}  // namespace

TEST_CASE(
    "Swedish pair: patients and companies and mixed VAT and exempt rows and credits are booked "
    "in Fortnox to the öre",
    "[e2e]") {
    SwedishClinic clinic;
    auto check = clinic.authorize();
    INFO(check.output);
    REQUIRE(check.exit_code == 0);
    auto documents = clinic.generate(40, 7);
    // Every company but one is in Fortnox's register already; Ferry creates no company.
    auto companies = companies_of(documents);
    REQUIRE(companies.size() >= 2);
    const std::string missing = *companies.begin();
    for (const auto& company : companies)
        if (company != missing)
            register_company(clinic, company);

    // Two passes: a credit note waits for its invoice when both come in one pass. A credit of
    // an invoice that was rejected keeps waiting, so the pipeline never settles by itself.
    for (int pass = 0; pass < 3; ++pass)
        clinic.ferry("once");

    std::vector<GeneratedDocument> bookable, unbookable;
    for (const auto& document : documents)
        (document.customer_organisation_number == missing ? unbookable : bookable)
            .push_back(document);
    REQUIRE(!unbookable.empty());
    Reconciliation result = reconcile(clinic.invoices(), bookable);
    report("Swedish pair, 40 documents", result, clinic);
    CHECK(result.exact());
    CHECK(result.booked == bookable.size());

    // The documents of the company Fortnox does not know are rejected, naming its number; a
    // credit note of one waits for it, saying so.
    for (const auto& document : unbookable) {
        auto explain = clinic.ferry("explain", key_of(document));
        INFO(explain.output);
        if (document.credit_note) {
            CHECK(explain.output.find("ferry.waiting_for_prerequisite") != std::string::npos);
            CHECK(explain.output.find("invoice " + document.credited_invoice) != std::string::npos);
        } else {
            CHECK(explain.output.find("rejected") != std::string::npos);
            CHECK((explain.output.find(dashed(missing)) != std::string::npos ||
                   explain.output.find(missing) != std::string::npos));
        }
    }

    // Each patient is one private customer, however many invoices; no company was created.
    std::set<std::string> patients;
    for (const auto& document : bookable)
        if (!document.patient_name.empty())
            patients.insert(document.patient_name);
    std::size_t private_customers = 0, company_customers = 0;
    for (const auto& customer : clinic.emulator().tenant_customers(swedish_clinic))
        (customer.value("Type", "") == "PRIVATE" ? private_customers : company_customers) += 1;
    CHECK(private_customers == patients.size());
    CHECK(company_customers == companies.size() - 1);

    // Each row on the sales account of its VAT rate (BAS), exempt health care included.
    const std::map<int, int> account_of_rate = {{25, 3001}, {12, 3002}, {6, 3003}, {0, 3004}};
    std::set<int> rates_seen;
    auto invoices = clinic.invoices();
    for (const auto& invoice : invoices)
        for (const auto& row : invoice.value("InvoiceRows", json::array())) {
            int rate = static_cast<int>(row.at("VAT").get<double>());
            rates_seen.insert(rate);
            INFO("invoice " << invoice.value("DocumentNumber", "") << " row VAT " << rate);
            REQUIRE(account_of_rate.count(rate));
            CHECK(row.at("AccountNumber").get<int>() == account_of_rate.at(rate));
        }
    CHECK(rates_seen == std::set<int>{0, 6, 12, 25});

    auto hits = privacy_hits(clinic, personal_data_of(documents));
    CHECK(hits.empty());
}

TEST_CASE("Swedish pair: an expired access token is refreshed and the new refresh token is kept",
          "[e2e]") {
    SwedishClinic clinic("  create_companies: true\n");
    REQUIRE(clinic.authorize().exit_code == 0);
    auto documents = clinic.generate(3, 21, 10001);
    clinic.settle();
    struct stat info {};
    REQUIRE(::stat(clinic.token_file().c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    const std::string first_refresh = token_file(clinic).at("refresh_token");

    clinic.emulator().expire_tokens();
    auto more = clinic.generate(3, 22, 10004);
    documents.insert(documents.end(), more.begin(), more.end());
    clinic.settle();

    Reconciliation result = reconcile(clinic.invoices(), documents);
    report("Swedish pair, a token expired", result, clinic);
    CHECK(result.exact());
    CHECK(result.booked == documents.size());
    // Rotated: the stored refresh token is a new one and the old one is dead at Fortnox.
    CHECK(token_file(clinic).at("refresh_token") != first_refresh);
    CHECK_THROWS(clinic.emulator().refresh(first_refresh));
}

TEST_CASE(
    "Swedish pair: a lost answer of the token endpoint pauses the clinic with what to do and "
    "loses nothing",
    "[e2e]") {
    SwedishClinic clinic("  create_companies: true\n");
    REQUIRE(clinic.authorize().exit_code == 0);
    auto documents = clinic.generate(4, 31);
    // The refresh is carried out (the old refresh token dies), its answer never arrives.
    clinic.emulator().expire_tokens();
    clinic.emulator().set_faults({{"loseNext", 1}, {"pathPrefix", "/oauth-v1/token"}});
    auto paused = clinic.ferry("once");
    INFO(paused.output);
    CHECK(reconcile(clinic.invoices(), {}).booked == 0);
    auto explain = clinic.ferry("explain", key_of(documents.front()));
    INFO(explain.output);
    CHECK(explain.output.find("retry-later") != std::string::npos);
    CHECK(explain.output.find("fortnox.authorization") != std::string::npos);
    CHECK(explain.output.find("authorization_code") != std::string::npos);

    // The README's step again: a person approves Ferry, the code goes in, `ferry check`.
    auto again = clinic.authorize();
    INFO(again.output);
    CHECK(again.exit_code == 0);
    clinic.settle();
    Reconciliation result = reconcile(clinic.invoices(), documents);
    report("Swedish pair, a refresh answer lost", result, clinic);
    CHECK(result.exact());
    CHECK(result.booked == documents.size());
}

TEST_CASE("Swedish pair: a host killed between creating an invoice and booking it books it once",
          "[e2e]") {
    SwedishClinic clinic("  create_companies: true\n");
    REQUIRE(clinic.authorize().exit_code == 0);
    auto documents = clinic.generate(1, 41);
    REQUIRE_FALSE(documents.front().credit_note);
    // Fortnox creates the invoice and its answer is held back: the kill falls after the invoice
    // exists and before ferry knows it, let alone books it.
    clinic.emulator().set_faults(
        {{"latencyMs", 10000}, {"method", "POST"}, {"pathPrefix", "/3/invoices"}});
    auto child = clinic.start_once();
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (clinic.invoices().empty() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(20ms);
    child->signal(SIGKILL);
    REQUIRE(child->wait(10s));
    auto invoices = clinic.invoices();
    REQUIRE(invoices.size() == 1);
    CHECK(invoices.front().value("Booked", true) == false);

    clinic.emulator().set_faults({{"latencyMs", 0}, {"method", ""}, {"pathPrefix", ""}});
    clinic.settle();
    Reconciliation result = reconcile(clinic.invoices(), documents);
    report("Swedish pair, killed before booking", result, clinic);
    CHECK(result.exact());
    CHECK(result.booked == 1);
    CHECK(clinic.invoices().size() == 1);  // found by its reference, not created again
}

TEST_CASE("Swedish pair: ferry check names an account Fortnox lacks and a missing year", "[e2e]") {
    SwedishClinic clinic("  accounts: { exempt: 3999 }\n");
    clinic.emulator().remove_financial_year(2026, swedish_clinic);
    auto check = clinic.authorize();
    INFO(check.output);
    CHECK(check.exit_code != 0);
    CHECK(check.output.find("3999") != std::string::npos);
    CHECK(check.output.find("2026") != std::string::npos);
}
