// Deterministic sets of Peppol BIS Billing 3 invoices and credit notes from one Swedish clinic,
// with the totals each must book: the input of the Swedish pair's campaigns, end-to-end tests and
// demo. The customers are companies (organisationsnummer, scheme 0007) and patients (private
// persons with fake names, addresses and e-mail addresses, so a privacy scan has something to
// look for). Lines carry 25, 12 and 6 % VAT and exempt health care; the payable amount is rounded
// to whole kronor (öresavrundning), as Swedish invoices are.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace ferry::peppol_generator {

struct Options {
    std::size_t count = 100;
    std::uint64_t seed = 1;
    std::string supplier_organisation_number = "5567321707";  // 10 digits, no hyphen
    std::uint64_t first_number = 10001;
    // Companies and patients the clinic bills again and again. 0: the generator's own mix (12
    // companies, patients a third of `count`).
    std::size_t customers = 0;
    int credit_note_percent = 12;  // of the documents after the first invoice
};

enum class CustomerKind { company, patient };

// Amounts in öre, as the document states them (a credit note's are positive, as printed).
struct Totals {
    std::int64_t net = 0;
    std::int64_t vat = 0;
    std::int64_t rounding = 0;  // PayableRoundingAmount: payable is whole kronor
    std::int64_t payable() const { return net + vat + rounding; }
};

struct GeneratedDocument {
    std::string file_name;  // the clinic's own names: faktura-<n>.xml, kredit-<n>.xml
    std::string xml;
    bool credit_note = false;
    std::string number;
    std::string credited_invoice;  // credit notes: the number of the invoice they credit
    CustomerKind customer = CustomerKind::company;
    std::string customer_organisation_number;  // companies: 10 digits
    Totals totals;
    // The patient's name, street and e-mail, empty for companies: personal data that must never
    // show up in a ledger, log line or mail.
    std::string patient_name;
    std::string patient_street;
    std::string patient_email;
};

std::vector<GeneratedDocument> generate(const Options& options);

// "<company>/<kind>/<number>" as Ferry keys the document (kind: invoice | credit-note).
std::string document_key(const GeneratedDocument& document,
                         const std::string& supplier_organisation_number);

// Writes each document's file into `folder` (created if missing).
void write_files(const std::vector<GeneratedDocument>& documents,
                 const std::filesystem::path& folder);

// CSV with one line per document: file,kind,number,customer,net,vat,rounding,payable (kronor,
// two decimals); no personal data.
std::string manifest_csv(const std::vector<GeneratedDocument>& documents);

}  // namespace ferry::peppol_generator
