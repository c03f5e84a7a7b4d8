// The sink's parts that need no Fortnox: the token file, the rate window, the rows and the
// totals comparison, organisation numbers, patients' customer numbers, settings.
#include <sys/stat.h>
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include "customers.hpp"
#include "delivery.hpp"
#include "ferry/sdk/problem.hpp"
#include "http_client.hpp"
#include "invoice_mapping.hpp"
#include "rate_window.hpp"
#include "settings.hpp"
#include "test_support.hpp"
#include "token_store.hpp"

using namespace ferry::fortnox;
using namespace ferry::fortnox::test;
namespace fs = std::filesystem;

namespace {

fs::path fresh_folder(const std::string& name) {
    fs::path folder =
        fs::temp_directory_path() / ("sink-fortnox-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(folder);
    fs::create_directories(folder);
    return folder;
}

}  // namespace

TEST_CASE("the token file is written 0600 with every field and read back the same") {
    fs::path folder = fresh_folder("token");
    const std::string path = (folder / "tokens.json").string();
    CHECK_FALSE(read_token_file(path).has_value());
    StoredToken token;
    token.access_token = "access-1";
    token.access_expires_at = 1'780'000'000;
    token.refresh_token = "refresh-1";
    token.scope = "invoice customer";
    token.refreshed_at = 1'779'990'000;
    token.code_sha256 = sha256_hex("code");
    write_token_file(path, token);
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    auto read = read_token_file(path);
    REQUIRE(read);
    CHECK(read->access_token == "access-1");
    CHECK(read->access_expires_at == 1'780'000'000);
    CHECK(read->refresh_token == "refresh-1");
    CHECK(read->scope == "invoice customer");
    CHECK(read->refreshed_at == 1'779'990'000);
    CHECK(read->code_sha256 == token.code_sha256);
    CHECK_FALSE(read->revoked);

    // Replaced whole, and no temporary file left beside it.
    token.refresh_token = "refresh-2";
    token.revoked = true;
    write_token_file(path, token);
    CHECK(read_token_file(path)->refresh_token == "refresh-2");
    CHECK(read_token_file(path)->revoked);
    std::size_t files = 0;
    for (const auto& entry : fs::directory_iterator(folder))
        files += entry.path().filename().string().find(".tmp.") == std::string::npos ? 1 : 100;
    CHECK(files == 1);
    fs::remove_all(folder);
}

TEST_CASE("a token file that is not Ferry's says what to do and is not overwritten") {
    fs::path folder = fresh_folder("corrupt");
    const std::string path = (folder / "tokens.json").string();
    std::ofstream(path) << "not json";
    try {
        read_token_file(path);
        FAIL("a corrupt token file was read");
    } catch (const ferry::sdk::Error& error) {
        CHECK(error.code() == "fortnox.token_file");
        CHECK_THAT(error.what(), Catch::Contains(path) && Catch::Contains("authorise again"));
    }
    CHECK_THROWS_AS(write_token_file((folder / "missing" / "t.json").string(), StoredToken{}),
                    ferry::sdk::Error);
    fs::remove_all(folder);
}

TEST_CASE("the token file lock keeps a second holder waiting until the first lets go") {
    fs::path folder = fresh_folder("lock");
    const std::string path = (folder / "tokens.json").string();
    std::atomic<bool> second_has_it{false};
    std::thread second;
    {
        TokenFileLock first(path);
        second = std::thread([&] {
            TokenFileLock lock(path);
            second_has_it = true;
        });
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        CHECK_FALSE(second_has_it);
    }
    second.join();
    CHECK(second_has_it);
    struct stat info {};
    REQUIRE(::stat((path + ".lock").c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    fs::remove_all(folder);
}

TEST_CASE("the rate window holds a request back until the oldest answer left the window") {
    RateWindow window(3, std::chrono::milliseconds(300));
    auto start = RateWindow::Clock::now();
    for (int i = 0; i < 3; ++i)
        window.acquire();  // each released at once: in the window for 300 ms from now
    CHECK(window.held() == 3);
    auto fourth = window.acquire();
    auto waited = RateWindow::Clock::now() - start;
    CHECK(waited >= std::chrono::milliseconds(300));
    CHECK(waited < std::chrono::milliseconds(2000));
}

TEST_CASE("a request in flight keeps its place in the window however long it takes") {
    RateWindow window(1, std::chrono::milliseconds(100));
    std::optional<RateWindow::Slot> slow(window.acquire());
    std::atomic<bool> sent{false};
    std::thread next([&] {
        window.acquire();
        sent = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    CHECK_FALSE(sent);  // 250 ms > the window, but the first has no answer yet
    auto released = RateWindow::Clock::now();
    slow.reset();
    next.join();
    CHECK(RateWindow::Clock::now() - released >= std::chrono::milliseconds(100));
}

TEST_CASE("rows go to the sales account of their VAT rate, exempt healthcare on 3004") {
    auto rows = invoice_rows(company_invoice("1", "5566778899"), Accounts{}, false);
    REQUIRE(rows);
    const auto& json = rows.value();
    REQUIRE(json.size() == 4);
    CHECK(json[0]["AccountNumber"] == 3001);
    CHECK(json[0]["VAT"] == 25);
    CHECK(json[0]["DeliveredQuantity"] == "2");
    CHECK(json[0]["Price"] == 500);
    CHECK(json[1]["AccountNumber"] == 3002);
    CHECK(json[1]["VAT"] == 12);
    CHECK(json[2]["AccountNumber"] == 3003);
    CHECK(json[2]["VAT"] == 6);
    CHECK(json[2]["DeliveredQuantity"] == "4");
    CHECK(json[3]["AccountNumber"] == 3004);
    CHECK(json[3]["VAT"] == 0);

    Accounts own{3011, 3012, 3013, 3014};
    auto negative = invoice_rows(company_invoice("1", "5566778899"), own, true);
    REQUIRE(negative);
    CHECK(negative.value()[0]["AccountNumber"] == 3011);
    CHECK(negative.value()[0]["Price"] == -500);
    CHECK(negative.value()[3]["AccountNumber"] == 3014);
}

TEST_CASE("a line whose quantity times price is not its amount becomes one row of the amount") {
    auto document = patient_invoice("2");
    document.lines = {line("1", "3", "33.333", "99.99", "25")};
    auto rows = invoice_rows(document, Accounts{}, false);
    REQUIRE(rows);
    CHECK(rows.value()[0]["DeliveredQuantity"] == "1");
    CHECK(rows.value()[0]["Price"] == 99.99);
    document.allowance_charges = {
        {true, dec("50.00"), "Expeditionsavgift", ferry::sdk::VatCategory::standard, dec("25")}};
    rows = invoice_rows(document, Accounts{}, false);
    REQUIRE(rows);
    REQUIRE(rows.value().size() == 2);
    CHECK(rows.value()[1]["Price"] == 50);
    CHECK(rows.value()[1]["AccountNumber"] == 3001);
}

TEST_CASE("a VAT rate Fortnox has no account for rejects naming the line") {
    auto document = patient_invoice("3");
    document.lines = {line("7", "1", "100.00", "100.00", "8")};
    auto rows = invoice_rows(document, Accounts{}, false);
    REQUIRE_FALSE(rows);
    CHECK(rows.problem().code == "fortnox.vat.unsupported");
    CHECK_THAT(rows.problem().message, Catch::Contains("line 7") && Catch::Contains("8 %"));
    document.lines = {
        line("1", "1", "100.00", "100.00", "0", ferry::sdk::VatCategory::reverse_charge)};
    CHECK_FALSE(invoice_rows(document, Accounts{}, false));
}

TEST_CASE("Fortnox's totals are compared to the öre and a mismatch names both figures") {
    auto document = company_invoice("4", "5566778899");
    nlohmann::json same = {{"Net", 1700}, {"TotalVAT", 268.0}, {"Total", 1968}, {"RoundOff", 0}};
    CHECK_FALSE(totals_mismatch(expected_totals(document), same));
    nlohmann::json credit = {{"Net", -1700}, {"TotalVAT", -268}, {"Total", -1968}};
    CHECK_FALSE(totals_mismatch(expected_totals(document), credit));
    nlohmann::json off = {
        {"Net", 1700}, {"TotalVAT", 268.01}, {"Total", 1968}, {"RoundOff", -0.01}};
    auto mismatch = totals_mismatch(expected_totals(document), off);
    REQUIRE(mismatch);
    CHECK_THAT(*mismatch, Catch::Contains("TotalVAT 268.01") && Catch::Contains("268.00") &&
                              Catch::Contains("RoundOff -0.01"));
}

TEST_CASE("organisation numbers compare whatever way they are written") {
    CHECK(normalised_organisation_number("556677-8899") == "5566778899");
    CHECK(normalised_organisation_number("5566778899") == "5566778899");
    CHECK(normalised_organisation_number("16556677-8899") == "5566778899");
    CHECK(normalised_organisation_number("SE556677889901") == "5566778899");
    CHECK(dashed_organisation_number("5566778899") == "556677-8899");
}

TEST_CASE("a patient's customer number is the same each time and says nothing about the patient") {
    auto document = patient_invoice("5");
    const std::string number = private_customer_number(document.customer);
    CHECK(std::regex_match(number, std::regex("P[0-9A-F]{12}")));
    CHECK(private_customer_number(patient_invoice("6").customer) == number);
    auto other = document.customer;
    other.cpr = "198002029801";
    CHECK(private_customer_number(other) != number);
    // Without a personal number: name and address.
    other.cpr.clear();
    const std::string by_name = private_customer_number(other);
    CHECK(by_name != number);
    other.address.postal_zone = "99999";
    CHECK(private_customer_number(other) != by_name);
    CHECK(number.find("8001") == std::string::npos);
}

TEST_CASE("a buyer's organisation number comes from scheme 0007 or a Swedish VAT number") {
    auto document = company_invoice("7", "556677-8899");
    CHECK(buyer_organisation_number(document).value() == "5566778899");
    document.customer.registration_number.clear();
    document.customer.vat_number = "SE556677889901";
    CHECK(buyer_organisation_number(document).value() == "5566778899");
    document.customer.vat_number = "DK12345678";
    auto foreign = buyer_organisation_number(document);
    REQUIRE_FALSE(foreign);
    CHECK(foreign.problem().code == "fortnox.customer.no_organisation_number");
    CHECK(buyer_organisation_number(patient_invoice("8")).value().empty());
}

TEST_CASE("a credit note's original is looked for under the invoice's reference") {
    auto original = patient_invoice("41");
    auto credit = credit_note("9", original);
    CHECK(original_reference(reference_of(credit), credit.key, "41") == reference_of(original));
}

TEST_CASE("form bodies and Basic credentials are written as OAuth servers read them") {
    using namespace ferry::http;
    CHECK(url_encode("a b&c=d/é") == "a%20b%26c%3Dd%2F%C3%A9");
    CHECK(form_body({{"grant_type", "refresh_token"}, {"refresh_token", "x+y"}}) ==
          "grant_type=refresh_token&refresh_token=x%2By");
    CHECK(basic_authorization("emulator-client", "emulator-secret") ==
          "Basic ZW11bGF0b3ItY2xpZW50OmVtdWxhdG9yLXNlY3JldA==");
    CHECK(basic_authorization("a", "b") == "Basic YTpi");
    CHECK(basic_authorization("ab", "c") == "Basic YWI6Yw==");
}

TEST_CASE(
    "the settings default to Fortnox's hosts and the BAS accounts and refuse a tenant twice") {
    ferry::sdk::testing::SettingsBuilder builder(settings_table());
    builder.set("client_id", "id").set("client_secret", "secret");
    builder.add("tenants", {{"organisation_number", clinic}, {"token_file", "/tmp/a.json"}});
    SinkConfig config = read_config(builder.build());
    CHECK(config.api_url == "https://api.fortnox.se/3");
    CHECK(config.auth_url == "https://apps.fortnox.se/oauth-v1");
    CHECK(config.accounts.vat_25 == 3001);
    CHECK(config.accounts.vat_12 == 3002);
    CHECK(config.accounts.vat_6 == 3003);
    CHECK(config.accounts.exempt == 3004);
    CHECK(config.book);
    CHECK_FALSE(config.create_companies);
    CHECK(config.unknown_credit == CreditPolicy::reject);
    CHECK(config.requests_per_window == 25);
    CHECK(check_settings(builder.build()).empty());
    builder.add("tenants", {{"organisation_number", clinic}, {"token_file", "/tmp/b.json"}});
    auto problems = check_settings(builder.build());
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].code == "fortnox.settings");
    CHECK_THAT(problems[0].message, Catch::Contains("already given"));
}

TEST_CASE("an authorization code without a redirect URI is a settings problem") {
    ferry::sdk::testing::SettingsBuilder builder(settings_table());
    builder.set("client_id", "id").set("client_secret", "secret");
    builder.add("tenants", {{"organisation_number", clinic},
                            {"token_file", "/tmp/a.json"},
                            {"authorization_code", "code"}});
    auto problems = check_settings(builder.build());
    REQUIRE(problems.size() == 1);
    CHECK_THAT(problems[0].message, Catch::Contains("redirect_uri"));
    builder.set("redirect_uri", "http://localhost/callback");
    CHECK(check_settings(builder.build()).empty());
}
