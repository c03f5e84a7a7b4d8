// One export file into documents: mapping, totals, credit notes, and each rejection's place.
#include <catch2/catch.hpp>

#include "export_folder.hpp"
#include "exports.hpp"

using namespace ferry;
using namespace ferry::csv;
using namespace ferry::csv::testing;

namespace {

CsvSettings default_settings() {
    return read_settings(builder("/srv/eksport").build());
}

const Entry& entry(const ParsedFile& file, const std::string& number) {
    for (const Entry& entry : file.entries)
        if (entry.key.number == number)
            return entry;
    FAIL("no entry " << number);
    return file.entries.front();
}

std::string rejection(const ParsedFile& file, const std::string& number) {
    const Entry& found = entry(file, number);
    REQUIRE(found.rejection);
    return found.rejection->code + ": " + found.rejection->message;
}

const std::string invoice_header =
    "Fakturanr;Fakturadato;Kundenr;Linjetype;Tekst;Antal;Enhedspris;Moms%;Beløb\n";

}  // namespace

TEST_CASE("customers: each row a customer keyed by the company and its number") {
    ParsedFile file =
        parse_export(customers_csv, "kunder.csv", FileKind::customers, default_settings());
    CHECK(file.problems.empty());
    REQUIRE(file.entries.size() == 3);
    const Entry& first = entry(file, "1001");
    CHECK(first.key.str() == "12345678/customer/1001");
    CHECK(first.line == 2);
    REQUIRE_FALSE(first.rejection);
    REQUIRE(first.document.customer_record);
    const sdk::Customer& c = *first.document.customer_record;
    CHECK(c.number == "1001");
    CHECK(c.name == "Hansen & Søn; Tømrer");
    CHECK(c.cvr == "12345674");
    CHECK(c.address.street == "Storegade 1");
    CHECK(c.address.postal_zone == "5000");
    CHECK(c.address.city == "Odense C");
    CHECK(c.address.country_code == "DK");
    CHECK(c.email == "info@hansen.dk");
    CHECK(c.telephone == "66 12 34 56");
    CHECK(c.contact_person == "Karen Hansen");
    CHECK_FALSE(c.barred);
    CHECK(first.document.lines.empty());
    CHECK(entry(file, "1002").document.customer_record->ean == "5798000000001");
    CHECK(entry(file, "1003").document.customer_record->barred);
    CHECK(entry(file, "1003").document.customer_record->is_private_person());
}

TEST_CASE(
    "invoices: lines and VAT per rate and totals to the øre with the customer as prerequisite") {
    ParsedFile file =
        parse_export(invoices_csv, "fakturaer.csv", FileKind::invoices, default_settings());
    CHECK(file.problems.empty());
    REQUIRE(file.entries.size() == 3);
    const Entry& invoice = entry(file, "5001");
    REQUIRE_FALSE(invoice.rejection);
    const sdk::Document& d = invoice.document;
    CHECK(d.key.str() == "12345678/invoice/5001");
    CHECK(d.issue_date == sdk::Date{2026, 3, 2});
    CHECK(d.due_date == sdk::Date{2026, 3, 16});
    CHECK(d.currency == "DKK");
    CHECK(d.supplier.cvr == company);
    CHECK(d.customer.empty());
    REQUIRE(d.prerequisites.size() == 1);
    CHECK(d.prerequisites.front().str() == "12345678/customer/1001");
    REQUIRE(d.lines.size() == 2);
    CHECK(d.lines[0].id == "1");
    CHECK(d.lines[0].item_id == "Timer");
    CHECK(d.lines[0].name == "Rådgivning marts");
    CHECK(d.lines[0].quantity == *sdk::Decimal::parse("3"));
    CHECK(d.lines[0].unit_price == *sdk::Decimal::parse("333.33"));
    CHECK(d.lines[0].net_amount == *sdk::Decimal::parse("999.99"));
    CHECK(d.lines[0].vat_percent == *sdk::Decimal::parse("25"));
    // 12.5 × 3.79 = 47.375, rounded half away from zero.
    CHECK(d.lines[1].net_amount == *sdk::Decimal::parse("47.38"));
    REQUIRE(d.vat_subtotals.size() == 1);
    CHECK(d.vat_subtotals[0].taxable_amount == *sdk::Decimal::parse("1047.37"));
    // VAT once on the rate's sum: 261.8425 → 261.84 (per line it would be 250.00 + 11.85).
    CHECK(d.vat_subtotals[0].tax_amount == *sdk::Decimal::parse("261.84"));
    CHECK(d.totals.line_total == *sdk::Decimal::parse("1047.37"));
    CHECK(d.totals.net == *sdk::Decimal::parse("1047.37"));
    CHECK(d.totals.vat == *sdk::Decimal::parse("261.84"));
    CHECK(d.totals.gross == *sdk::Decimal::parse("1309.21"));
    CHECK(d.totals.payable == d.totals.gross);

    const sdk::Document& fee = entry(file, "5002").document;
    CHECK(fee.currency == "DKK");  // from the setting
    CHECK(fee.issue_date == sdk::Date{2026, 3, 3});
    CHECK_FALSE(fee.due_date);
    REQUIRE(fee.vat_subtotals.size() == 1);
    CHECK(fee.vat_subtotals[0].category == sdk::VatCategory::zero);
    CHECK(fee.totals.gross == *sdk::Decimal::parse("1250"));
}

TEST_CASE("invoices: 3 × 333.33 at 25 % is 999.99 and 250.00 VAT") {
    ParsedFile file =
        parse_export(invoice_header + "7;01-03-2026;1001;Timer;Konsulent;3;333,33;25;\n",
                     "fakturaer.csv", FileKind::invoices, default_settings());
    const sdk::Totals& totals = entry(file, "7").document.totals;
    CHECK(totals.net.to_string() == "999.99");
    CHECK(totals.vat.to_string() == "250.00");
    CHECK(totals.gross.to_string() == "1249.99");
}

TEST_CASE("credit notes: a negative total without a type column turns its amounts positive") {
    ParsedFile file =
        parse_export(invoices_csv, "fakturaer.csv", FileKind::invoices, default_settings());
    const Entry& credit = entry(file, "5003");
    REQUIRE_FALSE(credit.rejection);
    CHECK(credit.key.str() == "12345678/credit-note/5003");
    const sdk::Document& d = credit.document;
    CHECK(d.key == credit.key);
    CHECK(d.lines[0].quantity == *sdk::Decimal::parse("2"));
    CHECK(d.lines[0].net_amount == *sdk::Decimal::parse("666.66"));
    CHECK(d.totals.net.to_string() == "666.66");
    CHECK(d.totals.vat.to_string() == "166.67");
    CHECK(d.totals.gross.to_string() == "833.33");
}

TEST_CASE("credit notes: a Type column says Kreditnota whatever the sign") {
    std::string header = "Fakturanr;Fakturadato;Kundenr;Tekst;Antal;Enhedspris;Type\n";
    ParsedFile file = parse_export(header +
                                       "8;01-03-2026;1001;Retur;1;100,00;Kreditnota\n"
                                       "9;01-03-2026;1001;Retur;-1;100,00;kreditnota\n"
                                       "10;01-03-2026;1001;Salg;1;100,00;Faktura\n"
                                       "11;01-03-2026;1001;Salg;-1;100,00;Faktura\n",
                                   "fakturaer.csv", FileKind::invoices, default_settings());
    CHECK(entry(file, "8").key.kind == sdk::DocumentKind::credit_note);
    CHECK(entry(file, "8").document.totals.gross.to_string() == "125.00");
    CHECK(entry(file, "9").key.kind == sdk::DocumentKind::credit_note);
    CHECK(entry(file, "9").document.totals.gross.to_string() == "125.00");
    CHECK(entry(file, "10").key.kind == sdk::DocumentKind::invoice);
    CHECK_THAT(rejection(file, "11"),
               Catch::StartsWith("csv.invoice.negative: fakturaer.csv:5:7 (Type)"));
}

TEST_CASE("mapping: overridden header names in a comma export with unknown columns ignored") {
    auto settings = builder("/srv/eksport");
    settings.set("separator", ",").set("decimal_comma", "false").set("currency", "EUR");
    auto invoice_columns = settings.fields("invoice_columns");
    invoice_columns.set("number", "Invoice no").set("date", "Date").set("customer", "Client");
    invoice_columns.set("text", "Description").set("quantity", "Hours");
    invoice_columns.set("unit_price", "Rate").set("vat_percent", "VAT");
    settings.add_object("invoice_columns", invoice_columns);
    ParsedFile file = parse_export(
        "Invoice no,Date,Client,Project,Description,Hours,Rate,VAT\n"
        "A-1,2026-03-01,77,Secret project,\"Design, week 9\",\"1,000.5\",2.00,\n",
        "fakturaer.csv", FileKind::invoices, read_settings(settings.build()));
    INFO(file.problems.size());
    REQUIRE(file.problems.empty());
    const sdk::Document& d = entry(file, "A-1").document;
    CHECK(d.currency == "EUR");
    CHECK(d.lines[0].name == "Design, week 9");
    CHECK(d.lines[0].net_amount.to_string() == "2001.00");
    CHECK(d.lines[0].vat_percent == *sdk::Decimal::parse("25"));
    CHECK(d.prerequisites.front().number == "77");
}

TEST_CASE(
    "mapping: a mapped column missing from the header names the file and column and setting") {
    SECTION("a required column") {
        ParsedFile file = parse_export("Kundenr;Firma\n1;A\n", "kunder.csv", FileKind::customers,
                                       default_settings());
        REQUIRE(file.problems.size() == 1);
        CHECK(file.entries.empty());
        CHECK(file.problems[0].code == "csv.file.column_missing");
        CHECK(file.problems[0].message ==
              "kunder.csv:1: the header has no column 'Navn'; add it to the export, or name the "
              "column that holds it in the setting customer_columns.name");
    }
    SECTION("an optional column the pipeline named") {
        auto settings = builder("/srv/eksport");
        settings.add_object("customer_columns",
                            settings.fields("customer_columns").set("ean", "GLN"));
        ParsedFile file = parse_export("Kundenr;Navn\n1;A\n", "kunder.csv", FileKind::customers,
                                       read_settings(settings.build()));
        REQUIRE(file.problems.size() == 1);
        CHECK_THAT(file.problems[0].message,
                   Catch::Contains("'GLN'") && Catch::Contains("customer_columns.ean"));
    }
    SECTION("an optional column left at its default is simply not read") {
        ParsedFile file = parse_export("Kundenr;Navn\n1;A\n", "kunder.csv", FileKind::customers,
                                       default_settings());
        CHECK(file.problems.empty());
        CHECK(file.entries.size() == 1);
    }
}

TEST_CASE("rejections: a broken row rejects its customer only by file:line:column") {
    std::string header = "Kundenr;Navn;CVR;EAN;Land;Spærret\n";
    ParsedFile file = parse_export(header +
                                       "1;Anna Berg;1234567X;;;\n"
                                       "2;Bo Ditlev;;123;;\n"
                                       "3;Carl Eske;;;Danmark;måske\n"
                                       "4;Dorte Frost;;;Sverige;\n"
                                       "5;;;;;\n"
                                       "6;Erik Gram;;\n"
                                       "7;Fie Holm;;;;\n",
                                   "kunder.csv", FileKind::customers, default_settings());
    CHECK(rejection(file, "1") ==
          "csv.row.cvr: kunder.csv:2:3 (CVR): '1234567X' is not a CVR number; write 8 digits, "
          "DK in front allowed. Correct the export and write the file again; the document is "
          "read again when its rows change");
    CHECK_THAT(rejection(file, "2"), Catch::StartsWith("csv.row.ean: kunder.csv:3:4 (EAN): '123'"));
    CHECK_THAT(rejection(file, "3"), Catch::StartsWith("csv.row.barred: kunder.csv:4:6 (Spærret): "
                                                       "not a yes or no"));
    CHECK_THAT(rejection(file, "4"), Catch::StartsWith("csv.row.country: kunder.csv:5:5 (Land): "));
    CHECK_THAT(rejection(file, "5"), Catch::StartsWith("csv.row.name: kunder.csv:6:2 (Navn): "));
    CHECK_THAT(rejection(file, "6"),
               Catch::StartsWith("csv.row.cells: kunder.csv:7:5: 4 cells where the header has 6"));
    CHECK_FALSE(entry(file, "7").rejection);
    CHECK(entry(file, "3").document.customer_record.has_value() == false);
}

TEST_CASE("rejections: a broken row rejects its whole invoice and no other") {
    ParsedFile file = parse_export(invoice_header +
                                       "1;01-03-2026;1001;Timer;Godt;1;100,00;25;\n"
                                       "1;01-03-2026;1001;Timer;Skidt;1;1OO,00;25;\n"
                                       "2;31-02-2026;1001;Timer;Dato;1;100,00;25;\n"
                                       "3;01-03-2026;1001;Timer;Moms;1;100,00;12;\n"
                                       "4;01-03-2026;1001;Timer;Antal;en;100,00;25;\n"
                                       "5;01-03-2026;1001;Timer;Beløb;3;333,33;25;1.000,00\n"
                                       "6;01-03-2026;1001;Timer;Dato;1;100,00;25;\n"
                                       "6;02-03-2026;1002;Timer;Dato;1;100,00;25;\n"
                                       "7;01-03-2026;;Timer;Kunde;1;100,00;25;\n"
                                       "8;01-03-2026;1001;Timer;Hele;1;100,00;25;\n",
                                   "fakturaer.csv", FileKind::invoices, default_settings());
    CHECK_THAT(rejection(file, "1"),
               Catch::StartsWith("csv.row.price: fakturaer.csv:3:7 (Enhedspris): '1OO,00' is not "
                                 "a number"));
    CHECK_THAT(rejection(file, "2"),
               Catch::StartsWith("csv.row.date: fakturaer.csv:4:2 (Fakturadato): '31-02-2026' is "
                                 "not a date"));
    CHECK_THAT(rejection(file, "3"),
               Catch::StartsWith("csv.row.vat: fakturaer.csv:5:8 (Moms%): 12 % is not among the "
                                 "VAT rates"));
    CHECK_THAT(rejection(file, "4"),
               Catch::StartsWith("csv.row.quantity: fakturaer.csv:6:6 (Antal): 'en' is not a "
                                 "number"));
    CHECK_THAT(rejection(file, "5"),
               Catch::StartsWith("csv.row.amount: fakturaer.csv:7:9 (Beløb): '1.000,00' is not "
                                 "quantity × unit price, 999.99"));
    CHECK_THAT(rejection(file, "6"),
               Catch::StartsWith("csv.invoice.inconsistent: fakturaer.csv:9:2 (Fakturadato): "
                                 "'02-03-2026' differs from line 8") &&
                   Catch::Contains("fakturaer.csv:9:3 (Kundenr): '1002' differs from line 8"));
    CHECK_THAT(rejection(file, "7"),
               Catch::StartsWith("csv.row.customer: fakturaer.csv:10:3 (Kundenr): no customer"));
    CHECK_FALSE(entry(file, "8").rejection);
}

TEST_CASE("rejections: a currency or a type that cannot be read") {
    std::string header = "Fakturanr;Fakturadato;Kundenr;Valuta;Tekst;Antal;Enhedspris;Type\n";
    ParsedFile file = parse_export(header +
                                       "1;01-03-2026;1001;kroner;T;1;1,00;\n"
                                       "2;01-03-2026;1001;eur;T;1;1,00;Rykker\n",
                                   "fakturaer.csv", FileKind::invoices, default_settings());
    CHECK_THAT(rejection(file, "1"),
               Catch::StartsWith("csv.row.currency: fakturaer.csv:2:4 (Valuta): 'kroner' is not a "
                                 "currency"));
    CHECK_THAT(rejection(file, "2"),
               Catch::StartsWith("csv.row.type: fakturaer.csv:3:8 (Type): 'Rykker' is neither "
                                 "Faktura nor Kreditnota"));
}

TEST_CASE("rejections: a row without its key is a problem of the file and not a document") {
    ParsedFile customers = parse_export("Kundenr;Navn\n;Uden Nummer\n2;Med Nummer\n\n;\n",
                                        "kunder.csv", FileKind::customers, default_settings());
    REQUIRE(customers.problems.size() == 1);
    CHECK(customers.problems[0].code == "csv.row.no_key");
    CHECK_THAT(customers.problems[0].message, Catch::StartsWith("kunder.csv:2:1 (Kundenr): "));
    CHECK(customers.entries.size() == 1);
    ParsedFile invoices = parse_export(invoice_header +
                                           "1;01-03-2026;1001;;T;1;1;25;\n"
                                           ";01-03-2026;1001;;T;1;1;25;\n",
                                       "fakturaer.csv", FileKind::invoices, default_settings());
    REQUIRE(invoices.problems.size() == 1);
    CHECK_THAT(invoices.problems[0].message, Catch::StartsWith("fakturaer.csv:3:1 (Fakturanr): "));
}

TEST_CASE("rejections: the file itself with its quotes and its character set") {
    auto settings = builder("/srv/eksport");
    settings.set("encoding", "utf-8");
    ParsedFile latin = parse_export("Kundenr;Navn\n1;S\xF8ren\n", "kunder.csv", FileKind::customers,
                                    read_settings(settings.build()));
    REQUIRE(latin.problems.size() == 1);
    CHECK(latin.problems[0].code == "csv.file.encoding");
    ParsedFile quote = parse_export("Kundenr;Navn\n1;\"Åben\n", "kunder.csv", FileKind::customers,
                                    default_settings());
    REQUIRE(quote.problems.size() == 1);
    CHECK_THAT(quote.problems[0].message, Catch::StartsWith("kunder.csv:2: a quoted cell"));
}

TEST_CASE("fingerprints: the same rows give the same print and a changed cell another") {
    auto print = [](const std::string& text, const std::string& number) {
        return entry(parse_export(text, "kunder.csv", FileKind::customers, default_settings()),
                     number)
            .fingerprint;
    };
    std::string base = "Kundenr;Navn;By\n1;Anna;Odense\n2;Bo;Vejle\n";
    CHECK(print(base, "1") == print("Kundenr;Navn;By\r\n2;Bo;Vejle\r\n1;Anna;Odense\r\n", "1"));
    CHECK(print(base, "1") == print("Kundenr;Navn;By;Noter\n1; Anna ;Odense;ny note\n", "1"));
    CHECK(print(base, "1") != print("Kundenr;Navn;By\n1;Anna;Aarhus\n", "1"));
    CHECK(print(base, "1") != print(base, "2"));
    CHECK(print(base, "1").find("Anna") == std::string::npos);
}

TEST_CASE("fingerprints: an invoice keeps its print however its export spells the same lines") {
    auto print = [](const std::string& text) {
        return entry(parse_export(text, "fakturaer.csv", FileKind::invoices, default_settings()),
                     "7")
            .fingerprint;
    };
    std::string plain =
        "Fakturanr;Fakturadato;Kundenr;Tekst;Antal;Enhedspris\n"
        "7;01-03-2026;1001;Konsulent;3;1.000,00\n";
    CHECK(print(plain) == print("Fakturanr;Fakturadato;Kundenr;Tekst;Antal;Enhedspris;Beløb;Moms%\n"
                                "7;1.3.2026;1001;Konsulent;3,0;1000;3.000,00;25\n"));
    CHECK(print(plain) != print("Fakturanr;Fakturadato;Kundenr;Tekst;Antal;Enhedspris\n"
                                "7;01-03-2026;1001;Konsulent;4;1.000,00\n"));
    CHECK(print(plain) != print("Fakturanr;Fakturadato;Kundenr;Tekst;Antal;Enhedspris\n"
                                "7;01-03-2026;1002;Konsulent;3;1.000,00\n"));
}

TEST_CASE("privacy: no name or address or text or contact from the file in any problem") {
    std::string customers =
        "Kundenr;Navn;CVR;EAN;Adresse;By;Land;E-mail;Telefon;Kontaktperson;Spærret\n"
        "1;Zqname Person;DK1X;12;Zqstreet 1;Zqcity;Zqland;zq@mail.dk;Zq555;Zqcontact;Zqflag\n"
        "1;Zqname Twice;;;;;;;;;\n"
        ";Zqname Keyless;;;;;;;;;\n"
        "3;Zqname Short\n";
    std::string invoices = invoice_header +
                           "9;Zqdate;;Zqkind;Zqtext;Zqqty;Zqprice;Zqvat;Zqamount\n"
                           ";01-03-2026;1;Zqkind;Zqtext;1;1;25;\n";
    std::string all;
    for (const auto& [text, kind] :
         {std::pair{customers, FileKind::customers}, std::pair{invoices, FileKind::invoices}}) {
        ParsedFile file = parse_export(text, "eksport.csv", kind, default_settings());
        for (const sdk::Problem& problem : file.problems)
            all += problem.message + "\n";
        for (const Entry& entry : file.entries)
            if (entry.rejection)
                all += entry.rejection->message + "\n";
    }
    INFO(all);
    CHECK_FALSE(all.empty());
    for (const char* personal : {"Zqname", "Zqstreet", "Zqcity", "Zqland", "zq@mail", "Zq555",
                                 "Zqcontact", "Zqflag", "Zqkind", "Zqtext"})
        CHECK(all.find(personal) == std::string::npos);
}
