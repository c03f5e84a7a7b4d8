// Through the ferry binary with every real part: NOVAX files in a folder, store-lmdb,
// sink-economic and the e-conomic emulator over HTTP on loopback. Each case ends with every
// document booked exactly once or rejected with its reason.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <regex>

#include "clinic.hpp"

using namespace ferry::testing;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> four_companies = {"16356706", "16356700", "12345674", "37990485"};

std::string sample_text(const std::string& sample) {
    std::ifstream in(fs::path(FERRY_OIOUBL_SAMPLES_DIR) / sample);
    return {std::istreambuf_iterator<char>(in), {}};
}

// The business invoice of company 12345674 turned into a patient's: a CPR number and a
// person's name instead of the customer's CVR and company name.
std::string patient_invoice() {
    std::string text = sample_text("gobl-convert-out__fik.xml");
    text = std::regex_replace(text, std::regex("FINAL-FIK01"), "FINAL-FIK02");
    text = std::regex_replace(text, std::regex("schemeID=\"DK:(CVR|SE)\">DK76543216"),
                              "schemeID=\"DK:CPR\">0101801234");
    return std::regex_replace(text, std::regex("Modtager Handel A/S"), "Jens Hansen");
}

// Four companies, each with its agreement.
struct ClinicGroup : ClinicPipeline {
    ClinicGroup() : ClinicPipeline(four_companies, {"--no-fsync", "--seed-random", "7"}) {}

    void faults(const nlohmann::json& settings) {
        auto answer = emulator.request("POST", "/__emulator/faults", settings.dump(), {});
        REQUIRE(answer.status == 200);
    }

    // Booked invoices by reference, over every company; a duplicate shows as a count of 2.
    std::map<std::string, std::vector<nlohmann::json>> booked() {
        std::map<std::string, std::vector<nlohmann::json>> by_reference;
        for (const auto& cvr : companies) {
            nlohmann::json company = state(cvr);
            for (const auto& invoice : company["booked"])
                by_reference[invoice["references"]["other"]].push_back(invoice);
        }
        return by_reference;
    }

    void require_each_booked_once(std::size_t expected) {
        auto invoices = booked();
        CHECK(invoices.size() == expected);
        for (const auto& [reference, bookings] : invoices) {
            INFO(reference);
            CHECK(bookings.size() == 1);
        }
    }

    std::string ledger_bytes() {
        std::ifstream in(dir / "ledger/data.mdb", std::ios::binary);
        return {std::istreambuf_iterator<char>(in), {}};
    }
};

std::string reference(const std::string& key) {
    return "ferry:clinic:" + key;
}

}  // namespace

TEST_CASE_METHOD(ClinicGroup,
                 "NOVAX files are booked in e-conomic exactly once and bad ones are quarantined") {
    add_clinic_samples();
    write_pipeline();

    auto check = ferry("check");
    INFO(check.output);
    CHECK(check.exit_code == 0);

    auto pass = ferry("once");
    INFO(pass.output);
    REQUIRE(pass.exit_code == 0);
    CHECK_THAT(pass.output, Catch::Contains("clinic: listed 4, delivered 2, rejected 2"));

    require_each_booked_once(2);
    auto invoices = booked();
    auto invoice = invoices.at(reference("16356706/invoice/A00095678")).at(0);
    auto credit = invoices.at(reference("16356706/credit-note/A00095679")).at(0);
    // As e-conomic computed them from the lines, product groups and VAT zone.
    CHECK(invoice["netAmount"].get<double>() == Approx(5050.00));
    CHECK(invoice["vatAmount"].get<double>() == Approx(1262.50));
    CHECK(invoice["grossAmount"].get<double>() == Approx(6312.50));
    CHECK(credit["grossAmount"].get<double>() == Approx(-6312.50));

    auto status = ferry("status");
    CHECK_THAT(status.output, Catch::Contains("company 16356706: delivered 2"));
    CHECK_THAT(status.output,
               Catch::Contains("16356700/invoice/A00095678 rejected (oioubl.totals.line_sum)"));
    CHECK_THAT(status.output, Catch::Contains("16356700/credit-note/A00095678 rejected"));

    // A second pass books nothing again.
    auto again = ferry("once");
    CHECK_THAT(again.output, Catch::Contains("delivered 0, rejected 0"));
    require_each_booked_once(2);
}

TEST_CASE_METHOD(ClinicGroup,
                 "business and EAN and private customers and mixed VAT each book right") {
    add("phive-1.17.2__OIOUBL_Invoice_v2p2.xml", "Novax_A00095678_16356706_Faktura.xml");
    add("gobl-convert-out__fik.xml", "Novax_FINAL-FIK01_12345674_Faktura.xml");
    add("gobl-convert-out__dual-currency-mixed.xml", "Novax_FINAL-DUAL-MIX_12345674_Faktura.xml");
    dir.write("inbox/Novax_FINAL-FIK02_12345674_Faktura.xml", patient_invoice());
    write_pipeline();

    auto pass = ferry("once");
    INFO(pass.output);
    REQUIRE(pass.exit_code == 0);
    CHECK_THAT(pass.output, Catch::Contains("listed 4, delivered 4, rejected 0"));
    require_each_booked_once(4);
    auto invoices = booked();

    auto customer = [&](const std::string& cvr, const nlohmann::json& invoice) {
        auto number = invoice["customer"]["customerNumber"].get<int>();
        return emulator
            .request("GET", "/customers/" + std::to_string(number), {},
                     ferry::test::economic_headers("grant-" + cvr))
            .json();
    };
    auto ean = invoices.at(reference("16356706/invoice/A00095678")).at(0);
    CHECK(customer("16356706", ean)["ean"] == "5798009811578");
    auto business = invoices.at(reference("12345674/invoice/FINAL-FIK01")).at(0);
    CHECK(customer("12345674", business)["corporateIdentificationNumber"] == "76543216");
    // The patient is never a customer: the clinic's collective customer, by provider number.
    auto patient = invoices.at(reference("12345674/invoice/FINAL-FIK02")).at(0);
    CHECK(patient["customer"]["customerNumber"] == 7788);
    CHECK_THAT(customer("12345674", patient)["name"].get<std::string>(), !Catch::Contains("Jens"));
    CHECK(state("12345674")["counts"]["customers"] == 2);
    // 10,000 at 25 % and 1,000 without VAT.
    auto mixed = invoices.at(reference("12345674/invoice/FINAL-DUAL-MIX")).at(0);
    CHECK(mixed["netAmount"].get<double>() == Approx(11000.00));
    CHECK(mixed["vatAmount"].get<double>() == Approx(2500.00));

    // Nothing of the patient is kept by Ferry: not in the ledger, not in its output.
    auto documents = ferry("status --documents");
    for (std::string personal : {"Jens", "0101801234", "010180"}) {
        CHECK(ledger_bytes().find(personal) == std::string::npos);
        CHECK(pass.output.find(personal) == std::string::npos);
        CHECK(documents.output.find(personal) == std::string::npos);
    }
}

TEST_CASE_METHOD(ClinicGroup,
                 "unknown companies and totals e-conomic disagrees with are rejected") {
    add("phive-2.0.2__COMORG_03_03_00_Invoice_v2p2.xml", "Novax_A00095678_16356707_Faktura.xml");
    // German VAT at 19 %: e-conomic computes Danish VAT from the product group.
    add("gobl-parse__credit-note-no-typecode.xml", "Novax_CN-001_37990485_Kreditnote.xml");
    write_pipeline();

    auto pass = ferry("once");
    INFO(pass.output);
    REQUIRE(pass.exit_code == 0);
    CHECK_THAT(pass.output, Catch::Contains("listed 2, delivered 0, rejected 2"));
    require_each_booked_once(0);

    auto status = ferry("status --documents --json");
    auto documents = nlohmann::json::parse(status.output)["documents"];
    REQUIRE(documents.size() == 2);
    auto unknown = documents[0]["company"] == "16356707" ? documents[0] : documents[1];
    auto mismatch = documents[0]["company"] == "16356707" ? documents[1] : documents[0];
    CHECK(unknown["code"] == "economic.company.unknown");
    CHECK_THAT(unknown["reason"].get<std::string>(), Catch::Contains("16356707"));
    CHECK(mismatch["code"] == "economic.totals_mismatch");
    CHECK_THAT(mismatch["reason"].get<std::string>(),
               Catch::Contains("-342.00") && Catch::Contains("-450.00"));
    // The draft stays for a person to look at.
    CHECK(state("37990485")["drafts"].size() == 1);
}

TEST_CASE_METHOD(ClinicGroup, "a re-printed file is not booked again but shown to a person") {
    add("phive-1.17.2__OIOUBL_Invoice_v2p2.xml", "Novax_A00095678_16356706_Faktura.xml");
    write_pipeline();
    REQUIRE(ferry("once").exit_code == 0);

    // NOVAX prints the same invoice again: same name, other bytes, a later time.
    add("phive-1.17.2__OIOUBL_Invoice_UBLExtensions_v2p2.xml",
        "Novax_A00095678_16356706_Faktura.xml");
    fs::last_write_time(dir / "inbox/Novax_A00095678_16356706_Faktura.xml",
                        fs::file_time_type::clock::now() + std::chrono::seconds(5));
    auto again = ferry("once");
    INFO(again.output);
    CHECK_THAT(again.output, Catch::Contains("delivered 0, rejected 0, retry later 0, skipped 0, "
                                             "changed after delivery 1"));
    require_each_booked_once(1);
    CHECK_THAT(ferry("status").output, Catch::Contains("re-issued after delivery"));
}

TEST_CASE_METHOD(ClinicGroup, "a rejected file that NOVAX prints again corrected is booked") {
    add("gobl-parse__used-invoice_real.xml", "Novax_A00095678_16356700_Faktura.xml");
    write_pipeline();
    CHECK_THAT(ferry("once").output, Catch::Contains("delivered 0, rejected 1"));

    add("gobl-parse__happy-path_real.xml", "Novax_A00095678_16356700_Faktura.xml");
    fs::last_write_time(dir / "inbox/Novax_A00095678_16356700_Faktura.xml",
                        fs::file_time_type::clock::now() + std::chrono::seconds(5));
    auto again = ferry("once");
    INFO(again.output);
    CHECK_THAT(again.output, Catch::Contains("delivered 1, rejected 0"));
    require_each_booked_once(1);
}

TEST_CASE_METHOD(ClinicGroup,
                 "429 storms and 500s and lost answers still book each document once") {
    add("phive-1.17.2__OIOUBL_Invoice_v2p2.xml", "Novax_A00095678_16356706_Faktura.xml");
    add("phive-1.17.2__OIOUBL_CreditNote_v2p2.xml", "Novax_A00095679_16356706_Kreditnote.xml");
    add("phive-2.0.2__ADVORD_02_02_00_Invoice_v2p2.xml", "Novax_A00095680_16356706_Faktura.xml");
    add("gobl-convert-out__fik.xml", "Novax_FINAL-FIK01_12345674_Faktura.xml");
    add("gobl-convert-out__dual-currency-mixed.xml", "Novax_FINAL-DUAL-MIX_12345674_Faktura.xml");
    write_pipeline("", "  max_attempts: 8\n");

    SECTION("a budget too tight for a burst") {
        // The sink paces itself by each answer's X-RateLimiting, so it is not answered 429 at
        // all (how it handles a 429 when another app drains the budget: sink-economic's tests).
        auto limit = emulator.request(
            "POST", "/__emulator/rate-limit",
            R"({"tokenLimit":40,"windowSeconds":1,"costRead":1,"costWrite":5,"costBook":10})", {});
        REQUIRE(limit.status == 200);
        auto pass = ferry("once");
        INFO(pass.output);
        CHECK_THAT(pass.output, Catch::Contains("delivered 5, rejected 0"));
        INFO(emulator.request("GET", "/__emulator/stats", {}, {}).json().dump());
        CHECK(emulator.request("GET", "/__emulator/stats", {}, {}).json()["rateLimited"] == 0);
    }
    SECTION("another app of the agreements drains their budgets: a 429 storm") {
        auto limit = emulator.request(
            "POST", "/__emulator/rate-limit",
            R"({"tokenLimit":10,"windowSeconds":2,"costRead":1,"costWrite":1,"costBook":1})", {});
        REQUIRE(limit.status == 200);
        auto pass = ferry_in_background();
        // For three seconds the other app spends every token it can get; ferry's copy of the
        // buckets cannot know, so its requests meet 429s and wait for Retry-After.
        auto storm_end = std::chrono::steady_clock::now() + std::chrono::seconds(3);
        while (std::chrono::steady_clock::now() < storm_end && pass->running()) {
            for (const std::string cvr : {"16356706", "12345674"})
                emulator.request("GET", "/layouts", {},
                                 ferry::test::economic_headers("grant-" + cvr));
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        REQUIRE(pass->wait(std::chrono::seconds(120)) == 0);
        std::string output = read_file(dir / "background.log");
        INFO(output);
        CHECK_THAT(output, Catch::Contains("delivered 5, rejected 0"));
        CHECK_THAT(output, Catch::Contains("economic.rate_limited"));
    }
    SECTION("500 and 503 on a fifth of the requests") {
        faults({{"failRate", 0.2}, {"failStatus", 503}});
        auto pass = ferry("once");
        INFO(pass.output);
        CHECK_THAT(pass.output, Catch::Contains("delivered 5, rejected 0"));
    }
    SECTION("answers lost after e-conomic carried the request out") {
        faults({{"loseResponseRate", 0.3}});
        auto pass = ferry("once");
        INFO(pass.output);
        CHECK_THAT(pass.output, Catch::Contains("delivered 5, rejected 0"));
    }
    require_each_booked_once(5);
}

TEST_CASE_METHOD(ClinicGroup,
                 "a host killed around the booking books the document once on restart") {
    add("phive-1.17.2__OIOUBL_Invoice_v2p2.xml", "Novax_A00095678_16356706_Faktura.xml");
    write_pipeline();
    // The emulator carries a request out and then holds its answer, so the kill lands at a
    // known step: after the draft exists and before booking, or after booking and before the
    // ledger heard of it.
    std::string held_path;
    std::function<bool(const nlohmann::json&)> step_done;
    SECTION("killed between draft and booking") {
        held_path = "/invoices/drafts";
        step_done = [](const nlohmann::json& company) { return company["drafts"].size() == 1; };
    }
    SECTION("killed after booking and before its answer") {
        held_path = "/invoices/booked";
        step_done = [](const nlohmann::json& company) { return company["booked"].size() == 1; };
    }
    faults({{"latencyMs", 10000}, {"method", "POST"}, {"pathPrefix", held_path}});
    auto first = ferry_in_background();
    REQUIRE(eventually([&] { return step_done(state("16356706")); }));
    first->signal(SIGKILL);
    REQUIRE(first->wait(std::chrono::seconds(5)) == 128 + SIGKILL);
    CHECK_THAT(ferry("status").output, Catch::Contains("not yet resolved"));

    faults({{"latencyMs", 0}});
    auto restart = ferry("once");
    INFO(restart.output);
    REQUIRE(restart.exit_code == 0);
    require_each_booked_once(1);
    CHECK(state("16356706")["drafts"].empty());
    CHECK_THAT(ferry("status").output, Catch::Contains("company 16356706: delivered 1"));
}
