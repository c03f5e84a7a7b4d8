#include "peppol_generator.hpp"

#include "generator_kit.hpp"

#include <array>
#include <cctype>
#include <chrono>
#include <fstream>
#include <map>
#include <stdexcept>

namespace ferry::peppol_generator {
namespace {

using generator_kit::date_text;
using generator_kit::Random;
using generator_kit::xml_escaped;

enum class Vat { standard_25, reduced_12, reduced_6, exempt };

struct Service {
    std::string number;
    std::string name;
    std::int64_t price;  // öre, excluding VAT; chosen so each line's VAT is whole öre
    Vat vat;
};

// Health care by licensed staff is exempt (ML 10 kap. 6-7 §§); certificates, massage for
// well-being, supplements (food, 12 %) and books (6 %) are not.
const std::array<Service, 8> catalogue{{
    {"BES-30", "Läkarbesök 30 min", 85000, Vat::exempt},
    {"SJG-45", "Sjukgymnastik 45 min", 62000, Vat::exempt},
    {"REH-G", "Rehabilitering, grupp", 29500, Vat::exempt},
    {"INTYG", "Intyg", 50000, Vat::standard_25},
    {"MASS-30", "Friskvårdsmassage 30 min", 39996, Vat::standard_25},
    {"EXP", "Expeditionsavgift", 4500, Vat::standard_25},
    {"KOST-D", "Kosttillskott D-vitamin", 14975, Vat::reduced_12},
    {"BOK-RYG", "Bok: Ryggskolan", 23950, Vat::reduced_6},
}};

int percent(Vat vat) {
    switch (vat) {
        case Vat::standard_25:
            return 25;
        case Vat::reduced_12:
            return 12;
        case Vat::reduced_6:
            return 6;
        case Vat::exempt:
            return 0;
    }
    return 0;
}

constexpr std::array<const char*, 16> first_names{
    "Anna", "Erik", "Maria",  "Lars",   "Karin", "Johan", "Eva",    "Anders",
    "Sara", "Per",  "Linnéa", "Mikael", "Åsa",   "Björn", "Ingrid", "Göran"};
constexpr std::array<const char*, 12> last_names{"Lindqvist", "Johansson", "Öberg",     "Nyström",
                                                 "Bergström", "Sjögren",   "Håkansson", "Ekström",
                                                 "Lundgren",  "Wikström",  "Forsberg",  "Ångström"};
constexpr std::array<const char*, 8> streets{"Storgatan", "Kungsgatan", "Drottninggatan",
                                             "Skolvägen", "Björkvägen", "Järnvägsgatan",
                                             "Ringvägen", "Åsgatan"};
struct Town {
    const char* zip;
    const char* name;
};
constexpr std::array<Town, 6> towns{{{"11455", "Stockholm"},
                                     {"41118", "Göteborg"},
                                     {"21122", "Malmö"},
                                     {"75320", "Uppsala"},
                                     {"58223", "Linköping"},
                                     {"90326", "Umeå"}}};
constexpr std::array<const char*, 6> company_words{"Bygg",        "Transport", "Fastigheter",
                                                   "Redovisning", "Data",      "Måleri"};

struct Address {
    std::string street, zip, city;
};

struct Customer {
    CustomerKind kind;
    std::string name;
    std::string organisation_number;  // companies
    std::string patient_number;       // patients: the clinic's number, their buyer reference
    std::string email;                // patients
    Address address;
};

struct Line {
    const Service* service;
    std::int64_t quantity;
    std::int64_t net() const { return quantity * service->price; }
    std::int64_t vat() const { return net() * percent(service->vat) / 100; }
};

// Luhn over the nine digits, as Bolagsverket numbers companies (the third digit of an AB is 2
// or more).
std::string organisation_number(Random& random) {
    std::string digits = "556" + random.digits(6);
    int sum = 0;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        int d = (digits[i] - '0') * (i % 2 == 0 ? 2 : 1);
        sum += d / 10 + d % 10;
    }
    return digits + static_cast<char>('0' + (10 - sum % 10) % 10);
}

std::string ascii_lower(const std::string& text) {
    static const std::map<std::string, std::string> folded{
        {"å", "a"}, {"ä", "a"}, {"ö", "o"}, {"Å", "a"}, {"Ä", "a"}, {"Ö", "o"}, {"é", "e"}};
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        bool done = false;
        for (const auto& [from, to] : folded)
            if (text.compare(i, from.size(), from) == 0) {
                out += to;
                i += from.size() - 1;
                done = true;
                break;
            }
        if (!done)
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
    }
    return out;
}

Address random_address(Random& random) {
    const Town& town = towns[random.below(towns.size())];
    return {std::string(streets[random.below(streets.size())]) + " " +
                std::to_string(1 + random.below(80)),
            town.zip, town.name};
}

struct Customers {
    std::vector<Customer> companies, patients;

    Customers(Random& random, const Options& options) {
        std::size_t company_count = 12,
                    patient_count = std::max<std::size_t>(20, options.count / 3);
        if (options.customers > 0) {
            company_count = std::max<std::size_t>(1, options.customers * 4 / 10);
            patient_count = std::max<std::size_t>(1, options.customers - company_count);
        }
        for (std::size_t i = 0; i < company_count; ++i)
            companies.push_back({CustomerKind::company,
                                 std::string(last_names[random.below(last_names.size())]) + "s " +
                                     company_words[i % company_words.size()] + " AB",
                                 organisation_number(random), "", "", random_address(random)});
        for (std::size_t i = 0; i < patient_count; ++i) {
            std::string first = first_names[random.below(first_names.size())];
            std::string last = last_names[random.below(last_names.size())];
            patients.push_back({CustomerKind::patient, first + " " + last, "",
                                "P" + std::to_string(20001 + i),
                                ascii_lower(first) + "." + ascii_lower(last) +
                                    std::to_string(i + 1) + "@example.se",
                                random_address(random)});
        }
    }

    const Customer& pick(Random& random) {
        return random.below(100) < 65 ? patients[random.below(patients.size())]
                                      : companies[random.below(companies.size())];
    }
};

std::string amount(const char* name, std::int64_t ore) {
    return std::string("<cbc:") + name + " currencyID=\"SEK\">" +
           generator_kit::format_amount(ore) + "</cbc:" + name + ">";
}

std::string postal_address(const Address& address) {
    return "<cac:PostalAddress><cbc:StreetName>" + xml_escaped(address.street) +
           "</cbc:StreetName><cbc:CityName>" + xml_escaped(address.city) +
           "</cbc:CityName><cbc:PostalZone>" + address.zip +
           "</cbc:PostalZone><cac:Country><cbc:IdentificationCode>SE</cbc:IdentificationCode>"
           "</cac:Country></cac:PostalAddress>\n";
}

std::string supplier_party(const std::string& organisation_number) {
    return "<cac:AccountingSupplierParty><cac:Party>"
           "<cbc:EndpointID schemeID=\"0007\">" +
           organisation_number +
           "</cbc:EndpointID><cac:PartyName><cbc:Name>Vårdcentralen Norrsken AB</cbc:Name>"
           "</cac:PartyName>\n" +
           postal_address({"Vårdvägen 3", "11455", "Stockholm"}) +
           "<cac:PartyTaxScheme><cbc:CompanyID>SE" + organisation_number +
           "01</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>"
           "</cac:PartyTaxScheme><cac:PartyTaxScheme><cbc:CompanyID>Godkänd för F-skatt"
           "</cbc:CompanyID><cac:TaxScheme><cbc:ID>TAX</cbc:ID></cac:TaxScheme>"
           "</cac:PartyTaxScheme><cac:PartyLegalEntity><cbc:RegistrationName>Vårdcentralen "
           "Norrsken AB</cbc:RegistrationName><cbc:CompanyID schemeID=\"0007\">" +
           organisation_number +
           "</cbc:CompanyID></cac:PartyLegalEntity></cac:Party></cac:AccountingSupplierParty>\n";
}

std::string customer_party(const Customer& customer) {
    std::string xml = "<cac:AccountingCustomerParty><cac:Party>";
    if (customer.kind == CustomerKind::company)
        xml += "<cbc:EndpointID schemeID=\"0007\">" + customer.organisation_number +
               "</cbc:EndpointID>";
    else
        xml += "<cbc:EndpointID schemeID=\"EM\">" + customer.email + "</cbc:EndpointID>";
    xml += "<cac:PartyName><cbc:Name>" + xml_escaped(customer.name) +
           "</cbc:Name></cac:PartyName>\n" + postal_address(customer.address);
    if (customer.kind == CustomerKind::company)
        xml += "<cac:PartyTaxScheme><cbc:CompanyID>SE" + customer.organisation_number +
               "01</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>"
               "</cac:PartyTaxScheme>";
    xml += "<cac:PartyLegalEntity><cbc:RegistrationName>" + xml_escaped(customer.name) +
           "</cbc:RegistrationName>";
    if (customer.kind == CustomerKind::company)
        xml +=
            "<cbc:CompanyID schemeID=\"0007\">" + customer.organisation_number + "</cbc:CompanyID>";
    xml += "</cac:PartyLegalEntity>";
    if (customer.kind == CustomerKind::patient)
        xml += "<cac:Contact><cbc:ElectronicMail>" + customer.email +
               "</cbc:ElectronicMail></cac:Contact>";
    return xml + "</cac:Party></cac:AccountingCustomerParty>\n";
}

std::string tax_category(const char* element, Vat vat) {
    std::string xml = std::string("<cac:") + element + "><cbc:ID>" +
                      (vat == Vat::exempt ? "E" : "S") + "</cbc:ID><cbc:Percent>" +
                      std::to_string(percent(vat)) + "</cbc:Percent>";
    if (vat == Vat::exempt && std::string(element) == "TaxCategory")
        xml +=
            "<cbc:TaxExemptionReason>Momsfri sjukvård enligt 10 kap. 6 § ML"
            "</cbc:TaxExemptionReason>";
    return xml + "<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:" + element + ">";
}

std::string document_line(const Line& line, std::size_t number, bool credit) {
    const char* element = credit ? "CreditNoteLine" : "InvoiceLine";
    const char* quantity = credit ? "CreditedQuantity" : "InvoicedQuantity";
    return std::string("<cac:") + element + "><cbc:ID>" + std::to_string(number) +
           "</cbc:ID><cbc:" + quantity + " unitCode=\"EA\">" + std::to_string(line.quantity) +
           "</cbc:" + quantity + ">" + amount("LineExtensionAmount", line.net()) +
           "<cac:Item><cbc:Name>" + xml_escaped(line.service->name) +
           "</cbc:Name><cac:SellersItemIdentification><cbc:ID>" + line.service->number +
           "</cbc:ID></cac:SellersItemIdentification>" +
           tax_category("ClassifiedTaxCategory", line.service->vat) + "</cac:Item><cac:Price>" +
           amount("PriceAmount", line.service->price) + "</cac:Price></cac:" + element + ">\n";
}

struct Draft {
    std::string number;
    bool credit = false;
    std::string credited_invoice, credited_date;
    const Customer* customer = nullptr;
    std::vector<Line> lines;
    std::string issue_date, due_date;
};

std::string render(const Draft& draft, const std::string& supplier, Totals& totals) {
    // VAT once per rate over the rate's net, as EN 16931 sums it (each line's VAT is whole öre
    // here, so a line-by-line sum agrees).
    std::map<Vat, std::int64_t> bases;
    for (const Line& line : draft.lines)
        bases[line.service->vat] += line.net();
    totals = {};
    for (const auto& [vat, base] : bases) {
        totals.net += base;
        totals.vat += base * percent(vat) / 100;
    }
    std::int64_t gross = totals.net + totals.vat;
    totals.rounding = (gross + 50) / 100 * 100 - gross;  // to the nearest krona, 50 öre up

    const char* root = draft.credit ? "CreditNote" : "Invoice";
    std::string xml = std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<") + root +
                      " xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:" + root +
                      "-2\"\n xmlns:cac=\"urn:oasis:names:specification:ubl:schema:xsd:"
                      "CommonAggregateComponents-2\"\n xmlns:cbc=\"urn:oasis:names:"
                      "specification:ubl:schema:xsd:CommonBasicComponents-2\">\n"
                      "<cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:"
                      "2017:poacc:billing:3.0</cbc:CustomizationID>"
                      "<cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>\n"
                      "<cbc:ID>" +
                      draft.number + "</cbc:ID><cbc:IssueDate>" + draft.issue_date +
                      "</cbc:IssueDate>";
    if (!draft.credit)
        xml += "<cbc:DueDate>" + draft.due_date +
               "</cbc:DueDate><cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>";
    else
        xml += "<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>";
    xml += "<cbc:DocumentCurrencyCode>SEK</cbc:DocumentCurrencyCode><cbc:BuyerReference>" +
           (draft.customer->kind == CustomerKind::patient ? draft.customer->patient_number
                                                          : std::string("Ekonomiavdelningen")) +
           "</cbc:BuyerReference>\n";
    if (draft.credit)
        xml += "<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>" +
               draft.credited_invoice + "</cbc:ID><cbc:IssueDate>" + draft.credited_date +
               "</cbc:IssueDate></cac:InvoiceDocumentReference></cac:BillingReference>\n";
    xml += supplier_party(supplier) + customer_party(*draft.customer);
    if (!draft.credit)
        xml += "<cac:PaymentMeans><cbc:PaymentMeansCode>30</cbc:PaymentMeansCode><cbc:PaymentID>" +
               draft.number +
               "</cbc:PaymentID><cac:PayeeFinancialAccount><cbc:ID>50501055</cbc:ID>"
               "<cac:FinancialInstitutionBranch><cbc:ID>SE:BANKGIRO</cbc:ID>"
               "</cac:FinancialInstitutionBranch></cac:PayeeFinancialAccount></cac:PaymentMeans>"
               "<cac:PaymentTerms><cbc:Note>30 dagar netto</cbc:Note></cac:PaymentTerms>\n";
    xml += "<cac:TaxTotal>" + amount("TaxAmount", totals.vat);
    for (const auto& [vat, base] : bases)
        xml += "<cac:TaxSubtotal>" + amount("TaxableAmount", base) +
               amount("TaxAmount", base * percent(vat) / 100) + tax_category("TaxCategory", vat) +
               "</cac:TaxSubtotal>";
    xml += "</cac:TaxTotal>\n<cac:LegalMonetaryTotal>" + amount("LineExtensionAmount", totals.net) +
           amount("TaxExclusiveAmount", totals.net) + amount("TaxInclusiveAmount", gross) +
           amount("PayableRoundingAmount", totals.rounding) +
           amount("PayableAmount", totals.payable()) + "</cac:LegalMonetaryTotal>\n";
    for (std::size_t i = 0; i < draft.lines.size(); ++i)
        xml += document_line(draft.lines[i], i + 1, draft.credit);
    return xml + "</" + root + ">\n";
}

}  // namespace

std::vector<GeneratedDocument> generate(const Options& options) {
    const std::string& supplier = options.supplier_organisation_number;
    if (supplier.size() != 10 || supplier.find_first_not_of("0123456789") != std::string::npos)
        throw std::invalid_argument(
            "the clinic's organisation number must be 10 digits without a hyphen, got '" +
            supplier + "'");
    Random random(options.seed);
    Customers customers(random, options);
    using namespace std::chrono;
    const sys_days first_day = year{2026} / January / 7;

    std::vector<Draft> drafts;
    std::vector<std::size_t> uncredited;  // invoices a credit note may still refer to
    std::vector<GeneratedDocument> documents;
    for (std::size_t i = 0; i < options.count; ++i) {
        Draft draft;
        draft.number = std::to_string(options.first_number + i);
        sys_days issued =
            first_day + days{static_cast<int>(i * 90 / std::max<std::size_t>(1, options.count))};
        draft.issue_date = date_text(issued);
        draft.due_date = date_text(issued + days{30});
        if (!uncredited.empty() && random.chance(options.credit_note_percent)) {
            std::size_t pick = random.below(uncredited.size());
            const Draft& invoice = drafts[uncredited[pick]];
            uncredited.erase(uncredited.begin() + static_cast<std::ptrdiff_t>(pick));
            draft.credit = true;
            draft.credited_invoice = invoice.number;
            draft.credited_date = invoice.issue_date;
            draft.customer = invoice.customer;
            draft.lines = invoice.lines;  // a credit note credits the whole invoice
        } else {
            draft.customer = &customers.pick(random);
            std::size_t line_count = 1 + random.below(4);
            for (std::size_t l = 0; l < line_count; ++l)
                draft.lines.push_back({&catalogue[random.below(catalogue.size())],
                                       static_cast<std::int64_t>(1 + random.below(3))});
            uncredited.push_back(drafts.size());
        }
        drafts.push_back(draft);

        GeneratedDocument document;
        document.credit_note = draft.credit;
        document.number = draft.number;
        document.credited_invoice = draft.credited_invoice;
        document.customer = draft.customer->kind;
        document.customer_organisation_number = draft.customer->organisation_number;
        document.file_name = (draft.credit ? "kredit-" : "faktura-") + draft.number + ".xml";
        document.xml = render(draft, supplier, document.totals);
        if (draft.customer->kind == CustomerKind::patient) {
            document.patient_name = draft.customer->name;
            document.patient_street = draft.customer->address.street;
            document.patient_email = draft.customer->email;
        }
        documents.push_back(std::move(document));
    }
    return documents;
}

std::string document_key(const GeneratedDocument& document,
                         const std::string& supplier_organisation_number) {
    return supplier_organisation_number + (document.credit_note ? "/credit-note/" : "/invoice/") +
           document.number;
}

void write_files(const std::vector<GeneratedDocument>& documents,
                 const std::filesystem::path& folder) {
    std::filesystem::create_directories(folder);
    for (const auto& document : documents) {
        std::ofstream out(folder / document.file_name, std::ios::binary);
        out << document.xml;
        if (!out.flush())
            throw std::runtime_error("cannot write " + (folder / document.file_name).string());
    }
}

std::string manifest_csv(const std::vector<GeneratedDocument>& documents) {
    using generator_kit::format_amount;
    std::string csv = "file,kind,number,customer,net,vat,rounding,payable\n";
    for (const auto& document : documents)
        csv += document.file_name + (document.credit_note ? ",credit-note," : ",invoice,") +
               document.number + "," +
               (document.customer == CustomerKind::company ? "company" : "patient") + "," +
               format_amount(document.totals.net) + "," + format_amount(document.totals.vat) + "," +
               format_amount(document.totals.rounding) + "," +
               format_amount(document.totals.payable()) + "\n";
    return csv;
}

}  // namespace ferry::peppol_generator
