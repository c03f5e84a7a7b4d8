// peppol-generate: writes a deterministic set of Peppol BIS 3 invoices and credit notes from one
// Swedish clinic, and optionally a CSV of the totals each must book.
#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>

#include "peppol_generator.hpp"

int main(int argc, char** argv) {
    namespace generator = ferry::peppol_generator;
    generator::Options options;
    std::string out;
    std::string manifest;
    CLI::App app{"Writes Peppol BIS 3 invoices and credit notes (SEK) for one Swedish clinic"};
    app.add_option("--count", options.count, "how many documents")->capture_default_str();
    app.add_option("--seed", options.seed, "the same seed gives the same files")
        ->capture_default_str();
    app.add_option("--organisation-number", options.supplier_organisation_number,
                   "the clinic's organisationsnummer (10 digits, no hyphen)")
        ->capture_default_str();
    app.add_option("--first-number", options.first_number, "number of the first document")
        ->capture_default_str();
    app.add_option("--customers", options.customers,
                   "recurring customers, 4 in 10 companies, the rest patients (0: the "
                   "generator's own mix)")
        ->capture_default_str();
    app.add_option("--credit-notes", options.credit_note_percent,
                   "percent of documents that are credit notes")
        ->check(CLI::Range(0, 100))
        ->capture_default_str();
    app.add_option("--out", out, "folder to write the files into")->required();
    app.add_option("--manifest", manifest,
                   "CSV file for file,kind,number,customer,net,vat,rounding,payable per document");
    CLI11_PARSE(app, argc, argv);
    try {
        auto documents = generator::generate(options);
        generator::write_files(documents, out);
        if (!manifest.empty()) {
            std::ofstream csv(manifest, std::ios::binary);
            csv << generator::manifest_csv(documents);
            if (!csv.flush())
                throw std::runtime_error("cannot write " + manifest);
        }
        std::cout << "wrote " << documents.size() << " documents to " << out << "\n";
    } catch (const std::exception& error) {
        std::cerr << "peppol-generate: " << error.what() << "\n";
        return 1;
    }
    return 0;
}
