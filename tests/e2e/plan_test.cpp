// ferry plan against the emulator: what the next pass would do, with reading requests only,
// leaving the ledger and e-conomic as they were.
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "clinic.hpp"

using namespace ferry::testing;
using nlohmann::json;

namespace {

const std::string company = "12345674";

std::string sample_text(const std::string& sample) {
    std::ifstream in(fs::path(FERRY_OIOUBL_SAMPLES_DIR) / sample);
    return {std::istreambuf_iterator<char>(in), {}};
}

// The business invoice to CVR 76543216 as invoice `number`, addressed to `cvr` (a patient
// when `cvr` is empty).
std::string invoice(const std::string& number, const std::string& cvr) {
    std::string text = sample_text("gobl-convert-out__fik.xml");
    text = std::regex_replace(text, std::regex("FINAL-FIK01"), number);
    if (cvr.empty())
        text = std::regex_replace(text, std::regex("schemeID=\"DK:(CVR|SE)\">DK76543216"),
                                  "schemeID=\"DK:CPR\">0101801234");
    else
        text = std::regex_replace(text, std::regex("DK76543216"), "DK" + cvr);
    return std::regex_replace(text, std::regex("Modtager Handel A/S"),
                              cvr.empty() ? "Jens Hansen" : "Kunde " + cvr);
}

struct PlannedClinic : ClinicPipeline {
    PlannedClinic() : ClinicPipeline({company}) {
        // Customers of the company before Ferry: one with a CVR, one barred.
        customer(501, 76543216, false);
        customer(502, 16356706, true);
        // FIK01 to a known customer; FIK02 a patient's; FIK03 and FIK04 to one new customer;
        // FIK05 to a barred one; and a file that is no invoice.
        dir.write("inbox/Novax_FINAL-FIK01_" + company + "_Faktura.xml",
                  invoice("FINAL-FIK01", "76543216"));
        dir.write("inbox/Novax_FINAL-FIK02_" + company + "_Faktura.xml",
                  invoice("FINAL-FIK02", ""));
        dir.write("inbox/Novax_FINAL-FIK03_" + company + "_Faktura.xml",
                  invoice("FINAL-FIK03", "37990485"));
        dir.write("inbox/Novax_FINAL-FIK04_" + company + "_Faktura.xml",
                  invoice("FINAL-FIK04", "37990485"));
        dir.write("inbox/Novax_FINAL-FIK05_" + company + "_Faktura.xml",
                  invoice("FINAL-FIK05", "16356706"));
        dir.write("inbox/Novax_FINAL-FIK06_" + company + "_Faktura.xml", "<broken/>");
        write_pipeline();
    }

    void customer(int number, int cvr, bool barred) {
        json body = {{"customerNumber", number},
                     {"name", "Kunde " + std::to_string(cvr)},
                     {"corporateIdentificationNumber", std::to_string(cvr)},
                     {"currency", "DKK"},
                     {"customerGroup", {{"customerGroupNumber", 1}}},
                     {"paymentTerms", {{"paymentTermsNumber", 1}}},
                     {"vatZone", {{"vatZoneNumber", 1}}},
                     {"barred", barred}};
        auto created = emulator.request("POST", "/customers", body.dump(),
                                        ferry::test::economic_headers("grant-" + company));
        INFO(created.body);
        REQUIRE(created.status == 201);
    }

    json stats() { return emulator.request("GET", "/__emulator/stats", {}, {}).json(); }

    std::map<std::string, json> planned_documents(const json& plan) {
        std::map<std::string, json> documents;
        for (const json& document : plan["documents"])
            documents[document["document"]] = document;
        return documents;
    }
};

std::string key(const std::string& number) {
    return company + "/invoice/" + number;
}

json parsed(const std::string& output) {
    return json::parse(output.substr(output.find("{\n")));
}

}  // namespace

TEST_CASE_METHOD(PlannedClinic, "ferry plan says what the first pass would create and reject") {
    const json before = stats();
    auto text = ferry("plan");
    INFO(text.output);
    REQUIRE(text.exit_code == 0);
    CHECK_THAT(text.output, Catch::Contains("no ledger yet: every document is new"));
    CHECK_THAT(text.output, Catch::Contains("listed 6 document(s): 6 to deliver"));
    CHECK_THAT(text.output, Catch::Contains("economic.customer.use: would use customer 501, found "
                                            "by CVR 76543216"));
    CHECK_THAT(text.output, Catch::Contains("economic.customer.create: would create collective "
                                            "customer 7788 for patients (provider number 7788)"));
    CHECK_THAT(text.output, Catch::Contains("economic.customer.create: would create a customer "
                                            "with CVR 37990485 in customer group 100"));
    CHECK_THAT(text.output, Catch::Contains("economic.customer.use: would use the customer "
                                            "created for document " +
                                            key("FINAL-FIK03") + ", found by CVR 37990485"));
    CHECK_THAT(text.output,
               Catch::Contains("would be rejected: economic.customer.barred: "
                               "document " +
                               key("FINAL-FIK05") + ": e-conomic customer 502 is barred"));
    CHECK_THAT(text.output, Catch::Contains("would be rejected: oioubl.root.unknown"));
    CHECK_THAT(text.output, Catch::Contains("expected totals: net "));
    CHECK_THAT(text.output, Catch::Contains("summary: 6 planned: 4 would be delivered, 2 would "
                                            "be rejected"));
    CHECK_THAT(text.output, Catch::Contains("2 x economic.customer.create"));
    // Numbers and reasons only: no customer's or patient's name, no CPR number.
    CHECK_THAT(text.output, !Catch::Contains("Kunde") && !Catch::Contains("Jens") &&
                                !Catch::Contains("0101801234"));
    // A plan creates no ledger, so the first pass still starts from nothing.
    CHECK_FALSE(fs::exists(dir / "ledger"));

    auto report = ferry("plan --json");
    INFO(report.output);
    REQUIRE(report.exit_code == 0);
    json plan = parsed(report.output);
    CHECK(plan["ledger"] == false);
    CHECK(plan["summary"]["deliver"] == 4);
    CHECK(plan["summary"]["reject"] == 2);
    CHECK(plan["summary"]["steps"]["economic.customer.create"] == 2);
    auto documents = planned_documents(plan);
    REQUIRE(documents.size() == 6);
    const json& known = documents.at(key("FINAL-FIK01"));
    CHECK(known["outcome"] == "deliver");
    CHECK(known["why"] == "new");
    CHECK(known["expected"]["gross"].is_string());
    CHECK(known["rejection"].is_null());
    const json& barred = documents.at(key("FINAL-FIK05"));
    CHECK(barred["outcome"] == "reject");
    CHECK(barred["rejection"]["code"] == "economic.customer.barred");

    // Reading requests only, a bounded number of them: each list once per plan, whatever the
    // number of documents and customers.
    const json after = stats();
    for (const auto& [route, count] : after["byRoute"].items()) {
        INFO(route);
        if (route.rfind("GET ", 0) != 0)
            CHECK(count == before["byRoute"].value(route, 0));
    }
    const int per_plan =
        (after["requests"].get<int>() - before["requests"].get<int>()) / 2;  // two plans
    CHECK(per_plan <= 10);
    CHECK(state(company)["drafts"].empty());

    // Nothing changed on either side: the first pass delivers what the plan said.
    auto pass = ferry("once");
    INFO(pass.output);
    REQUIRE(pass.exit_code == 0);
    CHECK_THAT(pass.output, Catch::Contains("listed 6, delivered 4, rejected 2"));
    json customers =
        emulator.request("GET", "/customers", {}, ferry::test::economic_headers("grant-" + company))
            .json();
    CHECK(customers["collection"].size() == 4);  // the two before and the two the plan named

    auto idle = ferry("plan");
    INFO(idle.output);
    REQUIRE(idle.exit_code == 0);
    CHECK_THAT(idle.output, Catch::Contains("listed 6 document(s): 0 to deliver") &&
                                Catch::Contains("6 with nothing to do"));
    CHECK_THAT(idle.output, !Catch::Contains("no ledger yet"));
}

TEST_CASE_METHOD(PlannedClinic, "ferry plan --limit plans the first documents only") {
    auto text = ferry("plan --limit 2");
    INFO(text.output);
    REQUIRE(text.exit_code == 0);
    CHECK_THAT(text.output, Catch::Contains("summary: 2 planned"));
    CHECK_THAT(text.output, Catch::Contains("4 more to deliver not planned"));
    CHECK_THAT(text.output, Catch::Contains(key("FINAL-FIK02")));
    CHECK_THAT(text.output, !Catch::Contains(key("FINAL-FIK03")));
}

TEST_CASE_METHOD(PlannedClinic, "ferry plan fails with what to do when e-conomic does not answer") {
    emulator.terminate();
    auto text = ferry("plan");
    INFO(text.output);
    CHECK(text.exit_code == 1);
    CHECK_THAT(text.output,
               Catch::Contains("the plan stopped: economic.plan.unavailable: company " + company +
                               ": cannot read what e-conomic holds"));
    CHECK_THAT(text.output, Catch::Contains("`ferry check`"));
}

TEST_CASE_METHOD(Clinic, "ferry plan foresees a rounding line") {
    dir.write("inbox/Novax_A00095678_16356706_Faktura.xml", rounded_per_rate_invoice());
    auto text = ferry("plan");
    INFO(text.output);
    REQUIRE(text.exit_code == 0);
    CHECK_THAT(text.output,
               Catch::Contains("economic.rounding_line: would likely add a rounding line of -0.01 "
                               "(product FERRY-AFRUNDING): at the document's VAT rates, rounded "
                               "per line, e-conomic would likely compute a gross of 6312.56, the "
                               "document's is 6312.55"));
    CHECK_THAT(text.output, Catch::Contains("economic.product.create: would create product "
                                            "FERRY-AFRUNDING in product group 4"));
    CHECK_THAT(text.output, Catch::Contains("expected totals: net 5050.04, VAT 1262.51, gross "
                                            "6312.55"));
    // The source's refusal counts as a rejection too.
    CHECK_THAT(text.output, Catch::Contains("would be rejected: oioubl.totals.line_sum"));

    auto pass = ferry("once");
    INFO(pass.output);
    CHECK_THAT(pass.output, Catch::Contains("rounding line of -0.01"));
}
