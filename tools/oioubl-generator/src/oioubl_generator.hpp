// Deterministic sets of NOVAX-named OIOUBL 2.1 invoices and credit notes for one clinic, with
// the totals each document must book: the input of the reliability campaigns, the benchmarks
// and the demo. Every file passes source-novax's checks; the customers are businesses (CVR),
// public bodies (EAN) and patients (CPR, with fake names and addresses, so a privacy scan has
// something to look for).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace ferry::oioubl_generator {

struct Options {
    std::size_t count = 100;
    std::uint64_t seed = 1;
    std::string supplier_cvr = "16356706";  // the clinic: its CVR goes into every file name
    std::uint64_t first_number = 1;         // documents are numbered N00000001, N00000002, ...
    // The clinic's recurring customers and services. 0: the generator's own mix (25 businesses,
    // 10 public bodies, patients a third of `count`; a catalogue of 9 services). Set: that
    // many customers, 6 in 10 businesses, 2 public bodies, 2 patients, and that many services;
    // the first invoices go to each customer and use each service once, so all of them appear
    // when `count` is large enough (a backlog creates each in e-conomic once).
    std::size_t customers = 0;
    std::size_t products = 0;
    int credit_note_percent = 12;  // of the documents after the first invoice
};

enum class CustomerKind { business, public_body, patient };

// Amounts in øre (hundredths of a krone), as the document states them (a credit note's are
// positive, as printed).
struct Totals {
    std::int64_t net = 0;
    std::int64_t vat = 0;
    std::int64_t gross() const { return net + vat; }
};

struct GeneratedDocument {
    std::string file_name;  // Novax_<number>_<cvr>_Faktura.xml / _Kreditnote.xml
    std::string xml;
    bool credit_note = false;
    std::string number;
    std::string credited_invoice;  // credit notes: the number of the invoice they credit
    CustomerKind customer = CustomerKind::business;
    Totals totals;
    // The patient's name and CPR (10 digits), empty for businesses and public bodies: personal
    // data that must never show up in a ledger, log line or mail.
    std::string patient_name;
    std::string patient_cpr;
};

std::vector<GeneratedDocument> generate(const Options& options);

// "<company>/<kind>/<number>" as Ferry keys the document (kind: invoice | credit-note).
std::string document_key(const GeneratedDocument& document, const std::string& supplier_cvr);

// Writes each document's file into `folder` (created if missing).
void write_files(const std::vector<GeneratedDocument>& documents,
                 const std::filesystem::path& folder);

// CSV with one line per document: file,kind,number,customer,net,vat,gross (kroner, two
// decimals); no personal data.
std::string manifest_csv(const std::vector<GeneratedDocument>& documents);

std::string format_amount(std::int64_t ore);

}  // namespace ferry::oioubl_generator
