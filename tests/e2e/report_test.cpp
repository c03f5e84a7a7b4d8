// ferry report gaps and reconcile against the real source, ledger and sink (emulator).
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "clinic.hpp"

using namespace ferry::testing;
using nlohmann::json;

namespace {

// Books an invoice in e-conomic by hand, the way a bookkeeper would, carrying `reference` and
// dated `date`, with the customer, layout and products of booked invoice `template_number`.
void book_by_hand(Clinic& clinic, int template_number, const std::string& reference,
                  const std::string& date, int quantity) {
    auto headers = ferry::test::economic_headers("grant-16356706");
    json booked =
        clinic.emulator
            .request("GET", "/invoices/booked/" + std::to_string(template_number), {}, headers)
            .json();
    json lines = json::array();
    int number = 1;
    for (const json& line : booked["lines"])
        lines.push_back({{"lineNumber", number++},
                         {"description", "by hand"},
                         {"product", {{"productNumber", line["product"]["productNumber"]}}},
                         {"quantity", quantity},
                         {"unitNetPrice", 100}});
    json draft = {
        {"date", date},
        {"dueDate", date},
        {"currency", "DKK"},
        {"customer", {{"customerNumber", booked["customer"]["customerNumber"]}}},
        {"layout", {{"layoutNumber", booked["layout"]["layoutNumber"]}}},
        {"paymentTerms", {{"paymentTermsNumber", booked["paymentTerms"]["paymentTermsNumber"]}}},
        {"recipient",
         {{"name", "Hand booked"},
          {"vatZone", {{"vatZoneNumber", booked["recipient"]["vatZone"]["vatZoneNumber"]}}}}},
        {"references", {{"other", reference}}},
        {"lines", lines}};
    auto created = clinic.emulator.request("POST", "/invoices/drafts", draft.dump(), headers);
    INFO(created.body);
    REQUIRE(created.status == 201);
    auto booking = clinic.emulator.request(
        "POST", "/invoices/booked",
        json{{"draftInvoice", {{"draftInvoiceNumber", created.json()["draftInvoiceNumber"]}}}}
            .dump(),
        headers);
    REQUIRE(booking.status == 201);
}

// One company's entry in `report reconcile --json` output (null when it is not there).
json reconciled_company(const std::string& output, const std::string& cvr) {
    json parsed = json::parse(output.substr(output.find("{\n")));
    for (const json& entry : parsed["companies"])
        if (entry["company"] == cvr)
            return entry;
    return nullptr;
}

}  // namespace

TEST_CASE_METHOD(Clinic, "ferry report gaps lists holes in each company's number series") {
    add("phive-2.0.2__ADVORD_02_02_00_Invoice_v2p2.xml", "Novax_A00095680_16356706_Faktura.xml");
    dir.write("inbox/Novax_A00095684_16356706_Faktura.xml", "<broken/>");
    REQUIRE(ferry("once").exit_code == 0);
    // A number the ledger knows but the source no longer lists is no hole.
    fs::remove(dir / "inbox/Novax_A00095679_16356706_Kreditnote.xml");

    auto text = ferry("report gaps");
    INFO(text.output);
    CHECK(text.exit_code == 0);
    CHECK_THAT(text.output,
               Catch::Contains("company 16356706 series A: A00095678 to A00095684, 4 document(s), "
                               "3 missing"));
    CHECK_THAT(text.output, Catch::Contains("missing A00095681 to A00095683 (3)"));
    CHECK_THAT(text.output, Catch::Contains("company 16356700 series A: A00095678 to A00095678"));

    auto report = ferry("report gaps --json");
    REQUIRE(report.exit_code == 0);
    json parsed = json::parse(report.output.substr(report.output.find("{\n")));
    REQUIRE(parsed["series"].size() == 2);
    json clinic = parsed["series"][1];
    CHECK(clinic["company"] == "16356706");
    CHECK(clinic["missing"] == 3);
    CHECK(clinic["gaps"] == json::parse(R"([{"first":"A00095681","last":"A00095683","count":3}])"));
}

TEST_CASE_METHOD(Clinic, "ferry report reconcile compares source and e-conomic per company") {
    // A good invoice of a company the sink does not know: rejected, so never on the target.
    add("gobl-parse__happy-path_real.xml", "Novax_A00095678_16356700_Faktura.xml");
    REQUIRE(ferry("once").exit_code == 0);
    json booked_invoices = booked();
    REQUIRE(booked_invoices.size() == 2);
    int invoice_number = 0;
    for (const json& invoice : booked_invoices)
        if (invoice["references"]["other"] == "ferry:clinic:16356706/invoice/A00095678")
            invoice_number = invoice["bookedInvoiceNumber"];
    REQUIRE(invoice_number != 0);

    // Booked by hand under this pipeline's reference: the source has no such document.
    book_by_hand(*this, invoice_number, "ferry:clinic:16356706/invoice/A00095690", "2005-11-25", 2);
    // Another pipeline's booking and one outside the period are none of this report's business.
    book_by_hand(*this, invoice_number, "ferry:other:16356706/invoice/A00095691", "2005-11-25", 1);
    book_by_hand(*this, invoice_number, "ferry:clinic:16356706/invoice/A00095692", "2005-12-25", 1);
    // NOVAX re-issued invoice A00095678 with other amounts after it was booked.
    add("gobl-parse__reverse-charge.xml", "Novax_A00095678_16356706_Faktura.xml");
    // A file of the period that cannot be read.
    dir.write("inbox/Novax_A00095685_16356706_Faktura.xml", "<broken/>");
    using namespace std::chrono;
    fs::last_write_time(
        dir / "inbox/Novax_A00095685_16356706_Faktura.xml",
        fs::file_time_type::clock::from_sys(sys_seconds{sys_days{year{2005} / 11 / 22}}));

    auto text = ferry("report reconcile --from 2005-11-01 --to 2005-11-30");
    INFO(text.output);
    CHECK(text.exit_code == 0);
    CHECK_THAT(text.output,
               Catch::Contains("differs: 16356706/invoice/A00095678: net 5000.00 in the "
                               "source, 5050.00 in the target; VAT 0.00 in the source, "
                               "1262.50 in the target"));
    CHECK_THAT(text.output, Catch::Contains("missing in the source: 16356706/invoice/A00095690"));
    CHECK_THAT(text.output,
               Catch::Contains("missing on the target: 16356700/invoice/A00095678: not "
                               "on the target; ledger: rejected (economic.company.unknown)"));
    CHECK_THAT(text.output, Catch::Contains("unreadable in the source: "
                                            "16356706/invoice/A00095685: oioubl.root.unknown"));
    CHECK_THAT(text.output, !Catch::Contains("A00095691"));
    CHECK_THAT(text.output, !Catch::Contains("A00095692"));

    auto report = ferry("report reconcile --from 2005-11-01 --to 2005-11-30 --json");
    REQUIRE(report.exit_code == 0);
    json company = reconciled_company(report.output, "16356706");
    REQUIRE(company.is_object());
    // Source: invoice A00095678 as re-issued (5000.00 net, no VAT) less credit note A00095679.
    CHECK(company["source"] ==
          json::parse(R"({"count":2,"net":"-50.00","vat":"-1262.50","gross":"-1312.50"})"));
    // Target: both as booked (they cancel out) plus the hand-booked 2 lines x 2 x 100.00 net.
    CHECK(company["target"]["count"] == 3);
    CHECK(company["differences"].size() == 1);
    CHECK(company["missing_in_source"].size() == 1);
    CHECK(company["missing_on_target"].empty());
    CHECK(company["unreadable"].size() == 1);
}

TEST_CASE_METHOD(Clinic, "a rounding line is booked and reconcile shows the company's VAT total") {
    dir.write("inbox/Novax_A00095678_16356706_Faktura.xml", rounded_per_rate_invoice());
    fs::remove(dir / "inbox/Novax_A00095679_16356706_Kreditnote.xml");
    auto pass = ferry("once");
    INFO(pass.output);
    REQUIRE(pass.exit_code == 0);
    CHECK_THAT(pass.output, Catch::Contains("economic.rounding_line 16356706/invoice/") &&
                                Catch::Contains("rounding line of -0.01"));

    auto text = ferry("report reconcile --from 2005-11-01 --to 2005-11-30");
    INFO(text.output);
    CHECK(text.exit_code == 0);
    // Within 0.01 for the document itself, but the company's VAT total is what is declared.
    CHECK_THAT(text.output, !Catch::Contains("differs: 16356706/invoice/A00095678"));
    CHECK_THAT(text.output, Catch::Contains("totals differ: 2005-11-01 to 2005-11-30: net "));
    CHECK_THAT(text.output, Catch::Contains("VAT 1262.51 in the source, 1262.52 in the target"));

    auto report = ferry("report reconcile --from 2005-11-01 --to 2005-11-30 --json");
    REQUIRE(report.exit_code == 0);
    json company = reconciled_company(report.output, "16356706");
    REQUIRE(company.is_object());
    CHECK(company["differences"].empty());
    CHECK(company["total_differences"].size() == 1);
}

TEST_CASE_METHOD(Clinic, "a draft deleted in e-conomic is reported missing and resent on request") {
    write_pipeline("", "  defaults: { book: false }\n");
    REQUIRE(ferry("once").exit_code == 0);
    const std::string document = "16356706/invoice/A00095678";
    const std::string reference = "ferry:clinic:" + document;
    auto draft_number = [&]() -> int {
        const json company = state("16356706");
        for (const json& draft : company["drafts"])
            if (draft["references"]["other"] == reference)
                return draft["draftInvoiceNumber"];
        return 0;
    };
    const int first_draft = draft_number();
    REQUIRE(first_draft != 0);
    const std::string period = "--from 2005-11-01 --to 2005-11-30";

    // Left for review, the draft is what the target should hold: nothing is missing.
    auto before = ferry("report reconcile " + period + " --json");
    INFO(before.output);
    REQUIRE(before.exit_code == 0);
    CHECK(reconciled_company(before.output, "16356706")["missing_on_target"].empty());
    // And it is not sent again while e-conomic holds it, with or without --resend.
    auto refused = ferry("retry", document + " --resend");
    CHECK(refused.exit_code == 1);
    CHECK_THAT(refused.output,
               Catch::Contains("still holds it (draft " + std::to_string(first_draft) + ")"));
    auto plain = ferry("retry", document);
    CHECK(plain.exit_code == 1);
    CHECK_THAT(plain.output, Catch::Contains("add --resend"));

    // A bookkeeper deletes the draft within the hour e-conomic replays a POST's answer.
    auto headers = ferry::test::economic_headers("grant-16356706");
    auto deleted =
        emulator.request("DELETE", "/invoices/drafts/" + std::to_string(first_draft), {}, headers);
    REQUIRE(deleted.status / 100 == 2);
    REQUIRE(draft_number() == 0);

    auto text = ferry("report reconcile " + period);
    INFO(text.output);
    CHECK_THAT(text.output, Catch::Contains("missing on the target: " + document +
                                            ": delivered (draft " + std::to_string(first_draft) +
                                            ") but the target no longer holds it"));
    CHECK_THAT(text.output, Catch::Contains("to deliver it again: ferry retry "));
    auto report = ferry("report reconcile " + period + " --json");
    json missing = reconciled_company(report.output, "16356706")["missing_on_target"];
    REQUIRE(missing.size() == 1);
    CHECK(missing[0]["document"] == document);
    CHECK_THAT(missing[0]["next"].get<std::string>(),
               Catch::Contains("retry") && Catch::Contains(document + " --resend"));

    // A pass alone never delivers a delivered document again.
    REQUIRE(ferry("once").exit_code == 0);
    CHECK(draft_number() == 0);

    auto resend = ferry("retry", document + " --resend");
    INFO(resend.output);
    REQUIRE(resend.exit_code == 0);
    CHECK_THAT(resend.output, Catch::Contains("generation 1"));
    REQUIRE(ferry("once").exit_code == 0);
    // A new draft, not the deleted one's number replayed from e-conomic's idempotency cache.
    const int second_draft = draft_number();
    CHECK(second_draft != 0);
    CHECK(state("16356706")["drafts"].size() == 2);  // the new one and the credit note's

    auto explained = ferry("explain", document);
    CHECK_THAT(explained.output,
               Catch::Contains("resend requested by hand: the target no longer holds draft " +
                               std::to_string(first_draft) + "; delivery generation 1"));
    CHECK_THAT(explained.output, Catch::Contains("draft: " + std::to_string(second_draft)));
    auto after = ferry("report reconcile " + period + " --json");
    CHECK(reconciled_company(after.output, "16356706")["missing_on_target"].empty());
}
