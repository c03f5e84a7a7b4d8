// scripts/demo as a user runs it, over an existing build: the README's "main job" command.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

using namespace ferry::testing;
namespace fs = std::filesystem;

namespace {

struct Demo {
    TempDir dir;

    CommandResult run(const std::string& arguments) {
        return run_command("TMPDIR=" + dir.path().string() +
                           " " FERRY_SOURCE_DIR "/scripts/demo --build-dir " FERRY_BUILD_DIR
                           " --json " +
                           (dir / "outcome.json").string() + " " + arguments);
    }

    std::map<std::string, nlohmann::json> outcome() {
        std::ifstream in(dir / "outcome.json");
        nlohmann::json outcome = nlohmann::json::parse(in);
        std::map<std::string, nlohmann::json> by_key;
        for (const auto& document : outcome["documents"])
            by_key[document["company"].get<std::string>() + "/" +
                   document["kind"].get<std::string>() + "/" +
                   document["number"].get<std::string>()] = document;
        return by_key;
    }
};

}  // namespace

TEST_CASE_METHOD(Demo, "scripts/demo books the samples and explains each rejection") {
    auto demo = run("");
    INFO(demo.output);
    REQUIRE(demo.exit_code == 0);
    CHECK_THAT(demo.output, Catch::Contains("listed 11, delivered 9, rejected 2"));
    CHECK_THAT(demo.output, Catch::Contains("company 16356706: delivered 4"));
    CHECK_THAT(demo.output, Catch::Contains("Where to look next"));

    auto documents = outcome();
    REQUIRE(documents.size() == 11);
    auto invoice = documents.at("16356706/invoice/A00095678");
    CHECK(invoice["state"] == "delivered");
    // The company's four documents are booked side by side: e-conomic numbers them 1 to 4 in
    // the order it books them (README, "Speed, and the order ...").
    std::set<std::string> booked;
    for (const auto& [key, document] : documents)
        if (key.rfind("16356706/", 0) == 0)
            booked.insert(document["target"]["booked"].get<std::string>());
    CHECK(booked == std::set<std::string>{"1", "2", "3", "4"});
    CHECK(invoice["net"] == "5050.00");
    CHECK(invoice["vat"] == "1262.50");
    CHECK(invoice["gross"] == "6312.50");
    CHECK(documents.at("16356706/credit-note/A00095679")["gross"] == "-6312.50");
    // A header allowance "standard rated at 0 %" whose VAT the subtotals put at 25 %.
    CHECK(documents.at("11668216/credit-note/70390")["vat"] == "-22.72");

    auto unreadable = documents.at("16356700/invoice/A00095678");
    CHECK(unreadable["state"] == "rejected");
    CHECK(unreadable["code"] == "oioubl.totals.line_sum");
    // 19 % German VAT: e-conomic's Danish VAT differs, the draft stays for a person.
    auto foreign = documents.at("37990485/credit-note/CN-001");
    CHECK(foreign["code"] == "economic.totals_mismatch");
    CHECK(foreign["target"]["draft"] == "1");
}

TEST_CASE_METHOD(Demo, "scripts/demo --inbox previews a clinic's own files without changing them") {
    fs::create_directories(dir / "clinic");
    fs::copy_file(
        fs::path(FERRY_OIOUBL_SAMPLES_DIR) / "phive-2.0.2__COMORG_03_03_00_Invoice_v2p2.xml",
        dir / "clinic/Novax_A00095678_16356707_Faktura.xml");
    fs::copy_file(
        fs::path(FERRY_OIOUBL_SAMPLES_DIR) / "phive-2.0.2__COMPAY_01_01_00_Invoice_v2p2.xml",
        dir / "clinic/NOVAX_A00095678_73624118_FAKTURA.XML");
    dir.write("clinic/Thumbs.db", "not an invoice");
    auto before = fs::last_write_time(dir / "clinic/Novax_A00095678_16356707_Faktura.xml");

    auto demo = run("--inbox " + (dir / "clinic").string());
    INFO(demo.output);
    REQUIRE(demo.exit_code == 0);
    CHECK_THAT(demo.output, Catch::Contains("listed 2, delivered 2, rejected 0"));
    auto documents = outcome();
    CHECK(documents.at("16356707/invoice/A00095678")["gross"] == "6312.50");
    CHECK(documents.at("73624118/invoice/A00095678")["gross"] == "5031.25");
    CHECK(fs::last_write_time(dir / "clinic/Novax_A00095678_16356707_Faktura.xml") == before);
    CHECK(std::distance(fs::directory_iterator(dir / "clinic"), fs::directory_iterator()) == 3);

    SECTION("a folder without NOVAX files is refused with what it expected") {
        fs::create_directories(dir / "empty");
        auto empty = run("--inbox " + (dir / "empty").string());
        CHECK(empty.exit_code == 2);
        CHECK_THAT(empty.output, Catch::Contains("no NOVAX files"));
    }
}

// scripts/demo-customers: the README's customer sync from a practice system's CSV exports.
TEST_CASE("scripts/demo-customers links and syncs customers and drafts their invoices") {
    TempDir dir;
    auto demo =
        run_command("TMPDIR=" + dir.path().string() +
                    " " FERRY_SOURCE_DIR "/scripts/demo-customers --build-dir " FERRY_BUILD_DIR);
    INFO(demo.output);
    REQUIRE(demo.exit_code == 0);
    // The three lists: 1001 by CVR, 1002 between two namesakes, 1003 and 1004 new.
    CHECK_THAT(demo.output, Catch::Contains("One suggestion (1)") &&
                                Catch::Contains("Several suggestions (1)") &&
                                Catch::Contains("No suggestion (2)"));
    CHECK_THAT(demo.output, Catch::Contains("11223344/customer/1002  updated customer 61") &&
                                Catch::Contains("11223344/customer/1003  created customer 1003"));
    // Each invoice a draft on its customer: the linked ones, and a new one.
    auto draft = [](const std::string& invoice, const std::string& customer) {
        return Catch::Matches("[\\s\\S]*\n  invoice " + invoice + " +draft [0-9]+ +on customer " +
                              customer + "\n[\\s\\S]*");
    };
    CHECK_THAT(demo.output, draft("5001", "57 +Blåbærhuset Rengøring A/S +DKK 3386.48"));
    CHECK_THAT(demo.output, draft("5002", "61 +Æblegården Vognmænd ApS +DKK 3125.00"));
    CHECK_THAT(demo.output, draft("5003", "1003 +Østergård Tømrer & Snedker +DKK 1781.25"));
    // The move reaches e-conomic; the group the bookkeeper chose there stays.
    CHECK_THAT(demo.output,
               Catch::Contains("11223344/customer/1003  updated customer 1003") &&
                   Catch::Contains("  1003  Østergård Tømrer & Snedker     5700 Svendborg       "
                                   "group: Indenlandske kunder\n"));
    CHECK_THAT(
        demo.output,
        Catch::Contains("11223344/invoice/5004 2026-03-05 DKK 3627.50  target 3627.50 draft"));
}

// scripts/demo-sweden: the Swedish pair, a clinic's Peppol files booked in the Fortnox emulator.
namespace {

// The text of the demo's step `number` ("== 3. ..."), up to the next step.
std::string step(const std::string& output, int number) {
    const std::string heading = "\n== " + std::to_string(number) + ". ";
    auto start = output.find(heading);
    if (start == std::string::npos)
        return {};
    auto end = output.find("\n== ", start + heading.size());
    return output.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// The names of the patients the generated files bill (buyers without an organisationsnummer).
std::set<std::string> patient_names(const fs::path& inbox) {
    auto between = [](const std::string& text, const std::string& open, const std::string& close) {
        auto start = text.find(open);
        if (start == std::string::npos)
            return std::string();
        start += open.size();
        auto end = text.find(close, start);
        return end == std::string::npos ? std::string() : text.substr(start, end - start);
    };
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(inbox)) {
        std::ifstream in(entry.path());
        const std::string xml((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
        const std::string buyer =
            between(xml, "<cac:AccountingCustomerParty>", "</cac:AccountingCustomerParty>");
        if (buyer.find("schemeID=\"0007\"") == std::string::npos)
            if (auto name = between(buyer, "<cbc:Name>", "</cbc:Name>"); !name.empty())
                names.insert(name);
    }
    return names;
}

}  // namespace

TEST_CASE("scripts/demo-sweden authorises Ferry in Fortnox and books a clinic's Peppol files") {
    TempDir dir;
    auto demo =
        run_command("TMPDIR=" + dir.path().string() +
                    " " FERRY_SOURCE_DIR "/scripts/demo-sweden --build-dir " FERRY_BUILD_DIR);
    INFO(demo.output);
    REQUIRE(demo.exit_code == 0);

    // The company the bookkeeper has not registered, as step 2 names it.
    std::smatch missing;
    const std::string registered = step(demo.output, 2);
    REQUIRE(
        std::regex_search(registered, missing, std::regex("not registered: ([0-9]{6}-[0-9]{4}) ")));
    CHECK(std::regex_search(registered, std::regex("customer [0-9]+  [0-9]{6}-[0-9]{4} ")));

    // ferry check without a token says what to do: the consent address; with the code, ok.
    const std::string authorisation = step(demo.output, 3);
    auto approval = authorisation.find("-- a user of");
    REQUIRE(approval != std::string::npos);
    const std::string before = authorisation.substr(0, approval);
    const std::string after = authorisation.substr(approval);
    CHECK_THAT(before, Catch::Contains("fortnox.authorization.missing") &&
                           Catch::Contains("/oauth-v1/auth?client_id=ferry-demo") &&
                           Catch::Contains("authorization_code"));
    CHECK_THAT(after, Catch::Contains("the browser lands on https://ferry.example/fortnox/callback"
                                      "?code=<the code>&state=5567321707"));
    CHECK_THAT(after, !Catch::Contains("fortnox.authorization") &&
                          Catch::Contains("source and target are reachable and usable") &&
                          Catch::Contains("mode -rw-------; the code is spent"));

    // Two passes book every document but the unregistered company's one, to the öre: the credit
    // notes wait in the first for the invoices they credit.
    CHECK_THAT(step(demo.output, 4),
               Catch::Contains("listed 14, delivered 11, rejected 1, retry later 2") &&
                   Catch::Contains("listed 14, delivered 2, rejected 0, retry later 0"));
    const std::string fortnox = step(demo.output, 5);
    CHECK_THAT(fortnox, Catch::Contains("booked in Fortnox: 13 of 14 clinic documents (2 credit "
                                        "notes)"));
    CHECK_THAT(fortnox, !Catch::Contains("the file says"));
    CHECK(std::regex_search(fortnox, std::regex("\n  invoice [0-9]+ +[0-9]+ +[0-9A-Z]+ +PRIVATE +"
                                                "[0-9]+\\.[0-9]{2} .* yes\n")));
    CHECK(std::regex_search(fortnox, std::regex("\n  invoice [0-9]+ +[0-9]+ +[0-9]+ +COMPANY +")));
    CHECK(std::regex_search(fortnox,
                            std::regex("\n  credit-note [0-9]+ +[0-9]+ .* -[0-9]+\\.[0-9]{2} .* yes"
                                       "  credits [0-9]+ \\(invoice [0-9]+\\)\n")));
    CHECK(std::regex_search(fortnox, std::regex("\n  invoice [0-9]+ +– +not in Fortnox")));

    // The rejection names the company's organisation number and what to do.
    const std::string ledger = step(demo.output, 6);
    auto explain = ledger.find("$ ferry explain");
    REQUIRE(explain != std::string::npos);
    CHECK_THAT(ledger.substr(explain), Catch::Contains("fortnox.customer.company_missing") &&
                                           Catch::Contains(missing[1].str()) &&
                                           Catch::Contains("`ferry retry`"));

    // No patient is named anywhere in what the demo shows.
    std::vector<fs::path> work;
    for (const auto& entry : fs::directory_iterator(dir.path()))
        if (entry.path().filename().string().rfind("ferry-demo-sweden.", 0) == 0)
            work.push_back(entry.path());
    REQUIRE(work.size() == 1);
    auto patients = patient_names(work.front() / "inbox");
    CHECK_FALSE(patients.empty());
    for (const auto& patient : patients) {
        INFO(patient);
        CHECK_THAT(demo.output, !Catch::Contains(patient));
    }
}
