#include "oioubl_generator.hpp"

#include "generator_kit.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <stdexcept>

namespace ferry::oioubl_generator {
namespace {

using generator_kit::date_text;
using generator_kit::Random;
using generator_kit::xml_escaped;

struct Product {
    std::string number;
    std::string name;
    std::int64_t price;  // øre; prices with VAT are multiples of 4 øre, so 25 % is whole øre
    bool vat;            // false: VAT-exempt health care (booked in the VAT-free product group)
};

const std::array<Product, 9> catalogue{{
    {"KONS-01", "Konsultation", 45000, false},
    {"BEH-20", "Behandling 20 min", 62500, false},
    {"BEH-40", "Behandling 40 min", 112000, false},
    {"GENOPTR", "Genoptræning, hold", 29500, false},
    {"ATTEST", "Attest", 35000, true},
    {"GEBYR", "Ekspeditionsgebyr", 2500, true},
    {"SALVE-50", "Salve 50 g", 8996, true},
    {"BIND-8", "Elastikbind 8 cm", 4996, true},
    {"KURSUS-E", "Kursus i ergonomi", 249600, true},
}};

constexpr std::array<const char*, 24> first_names{
    "Mette",  "Lars",   "Anne",   "Søren",  "Kirsten", "Jens",   "Hanne",  "Niels",
    "Lone",   "Henrik", "Birgit", "Morten", "Susanne", "Anders", "Pia",    "Thomas",
    "Karina", "Rasmus", "Ulla",   "Mikkel", "Dorthe",  "Frede",  "Ingrid", "Bjarke"};
constexpr std::array<const char*, 20> last_names{
    "Kjærgaard",  "Østergaard", "Bundgaard", "Lindholm",    "Skovsgaard", "Thygesen", "Vestergaard",
    "Bertelsen",  "Damgaard",   "Fuglsang",  "Holmgaard",   "Kirkegaard", "Laustsen", "Mogensen",
    "Nørregaard", "Overgaard",  "Rosendahl", "Søndergaard", "Tøttrup",    "Winther"};
constexpr std::array<const char*, 12> streets{
    "Algade", "Bredgade", "Skolevej",  "Kirkevej", "Møllevej",   "Strandvejen",
    "Engvej", "Birkevej", "Havnegade", "Tværvej",  "Åboulevard", "Søndergade"};
struct Town {
    const char* zip;
    const char* name;
};
constexpr std::array<Town, 8> towns{{{"5800", "Nyborg"},
                                     {"5000", "Odense C"},
                                     {"4000", "Roskilde"},
                                     {"8000", "Aarhus C"},
                                     {"9000", "Aalborg"},
                                     {"6000", "Kolding"},
                                     {"2870", "Dyssegård"},
                                     {"3000", "Helsingør"}}};
constexpr std::array<const char*, 8> company_words{"Byg",    "Tømrer", "Revision",  "Transport",
                                                   "Maskin", "Data",   "Ejendomme", "Installation"};
constexpr std::array<const char*, 5> public_bodies{"Kommune", "Region", "Skole", "Jobcenter",
                                                   "Forvaltning"};

struct Address {
    std::string street, building, zip, city;
};

struct Customer {
    CustomerKind kind;
    std::string name;
    std::string id;  // CVR, GLN or CPR
    Address address;
};

struct Line {
    const Product* product;
    std::int64_t quantity;
    std::int64_t net() const { return quantity * product->price; }
    std::int64_t vat() const { return product->vat ? net() / 4 : 0; }
};

Address random_address(Random& random) {
    const Town& town = towns[random.below(towns.size())];
    return {streets[random.below(streets.size())], std::to_string(1 + random.below(120)), town.zip,
            town.name};
}

std::string cpr_for(Random& random) {
    // DDMMYY + 4 digits, a real calendar day; fake persons, so no modulus-11 rule.
    char text[11];
    std::snprintf(text, sizeof text, "%02zu%02zu%02zu%s", 1 + random.below(28),
                  1 + random.below(12), random.below(100), random.digits(4).c_str());
    return text;
}

// Fixed pools, so customers recur as in a real clinic: looked up, created once, reused.
struct Customers {
    std::vector<Customer> businesses, public_bodies_, patients;
    std::vector<const Customer*> in_order;  // each once, for the first invoices (sized pools)

    Customers(Random& random, const Options& options) {
        std::size_t business_count = 25, public_count = 10,
                    patient_count = std::max<std::size_t>(20, options.count / 3);
        if (options.customers > 0) {
            business_count = options.customers * 6 / 10;
            public_count = options.customers * 2 / 10;
            patient_count = options.customers - business_count - public_count;
        }
        for (std::size_t i = 0; i < business_count; ++i)
            businesses.push_back(
                {CustomerKind::business,
                 std::string(last_names[random.below(last_names.size())]) + "s " +
                     company_words[i % company_words.size()] + " ApS " + std::to_string(i + 1),
                 std::to_string(10000000 + random.below(89999999)), random_address(random)});
        for (std::size_t i = 0; i < public_count; ++i) {
            Address address = random_address(random);
            public_bodies_.push_back({CustomerKind::public_body,
                                      address.city + " " + public_bodies[i % public_bodies.size()],
                                      "5798" + random.digits(9), address});
        }
        for (std::size_t i = 0; i < patient_count; ++i)
            patients.push_back({CustomerKind::patient,
                                std::string(first_names[random.below(first_names.size())]) + " " +
                                    last_names[random.below(last_names.size())],
                                cpr_for(random), random_address(random)});
        if (options.customers > 0)
            for (const auto* pool : {&businesses, &public_bodies_, &patients})
                for (const Customer& customer : *pool)
                    in_order.push_back(&customer);
    }

    // The `invoice`-th invoice's customer (0-based).
    const Customer& pick(Random& random, std::size_t invoice) {
        if (invoice < in_order.size())
            return *in_order[invoice];
        std::size_t roll = random.below(100);
        if (roll < 45 && !patients.empty())
            return patients[random.below(patients.size())];
        if (roll < 80 && !businesses.empty())
            return businesses[random.below(businesses.size())];
        if (!public_bodies_.empty())
            return public_bodies_[random.below(public_bodies_.size())];
        return patients.empty() ? businesses[random.below(businesses.size())]
                                : patients[random.below(patients.size())];
    }
};

// The catalogue, or `count` services built from it: its names and VAT rules, other numbers and
// prices.
std::vector<Product> services(std::size_t count) {
    if (count == 0)
        return {catalogue.begin(), catalogue.end()};
    std::vector<Product> pool;
    for (std::size_t i = 0; i < count; ++i) {
        const Product& model = catalogue[i % catalogue.size()];
        pool.push_back(
            {model.number + "-" + std::to_string(i + 1), model.name + " " + std::to_string(i + 1),
             model.price + static_cast<std::int64_t>(4 * 100 * (i / catalogue.size())), model.vat});
    }
    return pool;
}

std::string amount_element(const char* name, std::int64_t ore) {
    return std::string("<cbc:") + name + " currencyID=\"DKK\">" + format_amount(ore) +
           "</cbc:" + name + ">";
}

std::string postal_address(const Address& address) {
    return "<cac:PostalAddress>"
           "<cbc:AddressFormatCode listAgencyID=\"320\" "
           "listID=\"urn:oioubl:codelist:addressformatcode-1.1\">StructuredDK</"
           "cbc:AddressFormatCode>"
           "<cbc:StreetName>" +
           xml_escaped(address.street) + "</cbc:StreetName><cbc:BuildingNumber>" +
           xml_escaped(address.building) + "</cbc:BuildingNumber><cbc:CityName>" +
           xml_escaped(address.city) + "</cbc:CityName><cbc:PostalZone>" +
           xml_escaped(address.zip) +
           "</cbc:PostalZone><cac:Country><cbc:IdentificationCode>DK</cbc:IdentificationCode>"
           "</cac:Country></cac:PostalAddress>\n";
}

std::string supplier_party(const std::string& cvr) {
    return "<cac:AccountingSupplierParty><cac:Party>"
           "<cbc:EndpointID schemeID=\"DK:CVR\">DK" +
           cvr + "</cbc:EndpointID><cac:PartyIdentification><cbc:ID schemeID=\"DK:CVR\">DK" + cvr +
           "</cbc:ID></cac:PartyIdentification><cac:PartyName><cbc:Name>Fysioterapi Nord "
           "ApS</cbc:Name></cac:PartyName>\n" +
           postal_address({"Klinikvej", "7", "5800", "Nyborg"}) +
           "<cac:PartyTaxScheme><cbc:CompanyID schemeID=\"DK:SE\">DK" + cvr +
           "</cbc:CompanyID><cac:TaxScheme><cbc:ID schemeAgencyID=\"320\" "
           "schemeID=\"urn:oioubl:id:taxschemeid-1.1\">63</cbc:ID><cbc:Name>Moms</cbc:Name>"
           "</cac:TaxScheme></cac:PartyTaxScheme><cac:PartyLegalEntity><cbc:RegistrationName>"
           "Fysioterapi Nord ApS</cbc:RegistrationName><cbc:CompanyID schemeID=\"DK:CVR\">DK" +
           cvr +
           "</cbc:CompanyID></cac:PartyLegalEntity></cac:Party></cac:AccountingSupplierParty>\n";
}

std::string customer_party(const Customer& customer) {
    std::string id;
    switch (customer.kind) {
        case CustomerKind::business:
            id = "<cbc:EndpointID schemeID=\"DK:CVR\">DK" + customer.id +
                 "</cbc:EndpointID><cac:PartyIdentification><cbc:ID schemeID=\"DK:CVR\">DK" +
                 customer.id + "</cbc:ID></cac:PartyIdentification>";
            break;
        case CustomerKind::public_body:
            id = "<cbc:EndpointID schemeAgencyID=\"9\" schemeID=\"GLN\">" + customer.id +
                 "</cbc:EndpointID><cac:PartyIdentification><cbc:ID schemeAgencyID=\"9\" "
                 "schemeID=\"GLN\">" +
                 customer.id + "</cbc:ID></cac:PartyIdentification>";
            break;
        case CustomerKind::patient:
            id = "<cbc:EndpointID schemeID=\"DK:CPR\">" + customer.id +
                 "</cbc:EndpointID><cac:PartyIdentification><cbc:ID schemeID=\"DK:CPR\">" +
                 customer.id + "</cbc:ID></cac:PartyIdentification>";
            break;
    }
    std::string legal;
    if (customer.kind == CustomerKind::business)
        legal = "<cac:PartyLegalEntity><cbc:RegistrationName>" + xml_escaped(customer.name) +
                "</cbc:RegistrationName><cbc:CompanyID schemeID=\"DK:CVR\">DK" + customer.id +
                "</cbc:CompanyID></cac:PartyLegalEntity>";
    return "<cac:AccountingCustomerParty><cac:Party>" + id + "<cac:PartyName><cbc:Name>" +
           xml_escaped(customer.name) + "</cbc:Name></cac:PartyName>\n" +
           postal_address(customer.address) + legal +
           "</cac:Party></cac:AccountingCustomerParty>\n";
}

std::string tax_category(bool vat) {
    return std::string(
               "<cac:TaxCategory><cbc:ID schemeAgencyID=\"320\" "
               "schemeID=\"urn:oioubl:id:taxcategoryid-1.1\">") +
           (vat ? "StandardRated" : "ZeroRated") + "</cbc:ID><cbc:Percent>" + (vat ? "25" : "0") +
           "</cbc:Percent><cac:TaxScheme><cbc:ID schemeAgencyID=\"320\" "
           "schemeID=\"urn:oioubl:id:taxschemeid-1.1\">63</cbc:ID><cbc:Name>Moms</cbc:Name>"
           "</cac:TaxScheme></cac:TaxCategory>";
}

std::string tax_subtotal(std::int64_t taxable, std::int64_t tax, bool vat) {
    return "<cac:TaxSubtotal>" + amount_element("TaxableAmount", taxable) +
           amount_element("TaxAmount", tax) + tax_category(vat) + "</cac:TaxSubtotal>";
}

std::string document_line(const Line& line, std::size_t number, bool credit) {
    const char* element = credit ? "CreditNoteLine" : "InvoiceLine";
    const char* quantity = credit ? "CreditedQuantity" : "InvoicedQuantity";
    return std::string("<cac:") + element + "><cbc:ID>" + std::to_string(number) +
           "</cbc:ID><cbc:" + quantity + " unitCode=\"EA\">" + std::to_string(line.quantity) +
           "</cbc:" + quantity + ">" + amount_element("LineExtensionAmount", line.net()) +
           "<cac:TaxTotal>" + amount_element("TaxAmount", line.vat()) +
           tax_subtotal(line.net(), line.vat(), line.product->vat) +
           "</cac:TaxTotal><cac:Item><cbc:Description>" + xml_escaped(line.product->name) +
           "</cbc:Description><cbc:Name>" + xml_escaped(line.product->name) +
           "</cbc:Name><cac:SellersItemIdentification><cbc:ID>" + line.product->number +
           "</cbc:ID></cac:SellersItemIdentification></cac:Item><cac:Price>" +
           amount_element("PriceAmount", line.product->price) +
           "<cbc:BaseQuantity unitCode=\"EA\">1</cbc:BaseQuantity></cac:Price></cac:" + element +
           ">\n";
}

struct Draft {
    std::string number;
    bool credit = false;
    std::string credited_invoice;
    std::string credited_uuid;
    std::string credited_date;
    const Customer* customer = nullptr;
    std::vector<Line> lines;
    std::string issue_date, due_date, uuid;
};

std::string render(const Draft& draft, const std::string& supplier_cvr, Totals& totals) {
    std::int64_t standard_base = 0, standard_vat = 0, exempt_base = 0;
    for (const Line& line : draft.lines) {
        (line.product->vat ? standard_base : exempt_base) += line.net();
        standard_vat += line.vat();
    }
    totals = {standard_base + exempt_base, standard_vat};
    const char* root = draft.credit ? "CreditNote" : "Invoice";

    std::string xml =
        std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<") + root +
        " xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:" + root +
        "-2\"\n xmlns:cac=\"urn:oasis:names:specification:ubl:schema:xsd:"
        "CommonAggregateComponents-2\"\n xmlns:cbc=\"urn:oasis:names:"
        "specification:ubl:schema:xsd:CommonBasicComponents-2\">\n"
        "<cbc:UBLVersionID>2.1</cbc:UBLVersionID>"
        "<cbc:CustomizationID>OIOUBL-2.1</cbc:CustomizationID>"
        "<cbc:ProfileID schemeAgencyID=\"320\" "
        "schemeID=\"urn:oioubl:id:profileid-1.6\">urn:www.nesubl.eu:profiles:"
        "profile5:ver2.0</cbc:ProfileID>\n<cbc:ID>" +
        draft.number + "</cbc:ID><cbc:CopyIndicator>false</cbc:CopyIndicator><cbc:UUID>" +
        draft.uuid + "</cbc:UUID><cbc:IssueDate>" + draft.issue_date + "</cbc:IssueDate>";
    if (!draft.credit)
        xml +=
            "<cbc:InvoiceTypeCode listAgencyID=\"320\" "
            "listID=\"urn:oioubl:codelist:invoicetypecode-1.1\">380</cbc:InvoiceTypeCode>";
    xml += "<cbc:DocumentCurrencyCode>DKK</cbc:DocumentCurrencyCode>\n";
    if (draft.customer->kind == CustomerKind::public_body)
        xml += "<cbc:AccountingCost>" + draft.customer->id.substr(4, 6) + "</cbc:AccountingCost>\n";
    if (draft.credit)
        xml +=
            "<cac:DiscrepancyResponse><cbc:ReferenceID>1</cbc:ReferenceID><cbc:Description>"
            "Kreditering</cbc:Description></cac:DiscrepancyResponse>"
            "<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>" +
            draft.credited_invoice + "</cbc:ID><cbc:UUID>" + draft.credited_uuid +
            "</cbc:UUID><cbc:IssueDate>" + draft.credited_date +
            "</cbc:IssueDate></cac:InvoiceDocumentReference></cac:BillingReference>\n";
    xml += supplier_party(supplier_cvr) + customer_party(*draft.customer);
    if (!draft.credit)
        xml +=
            "<cac:PaymentMeans><cbc:ID>1</cbc:ID><cbc:PaymentMeansCode>42</"
            "cbc:PaymentMeansCode><cbc:PaymentDueDate>" +
            draft.due_date +
            "</cbc:PaymentDueDate><cbc:PaymentChannelCode listAgencyID=\"320\" "
            "listID=\"urn:oioubl:codelist:paymentchannelcode-1.1\">DK:BANK</"
            "cbc:PaymentChannelCode><cac:PayeeFinancialAccount><cbc:ID>1234567890</cbc:ID>"
            "<cac:FinancialInstitutionBranch><cbc:ID>1234</cbc:ID>"
            "</cac:FinancialInstitutionBranch></cac:PayeeFinancialAccount></cac:PaymentMeans>\n";

    xml += "<cac:TaxTotal>" + amount_element("TaxAmount", standard_vat);
    if (standard_base != 0)
        xml += tax_subtotal(standard_base, standard_vat, true);
    if (exempt_base != 0)
        xml += tax_subtotal(exempt_base, 0, false);
    xml += "</cac:TaxTotal>\n<cac:LegalMonetaryTotal>" +
           amount_element("LineExtensionAmount", totals.net) +
           // OIOUBL 2: TaxExclusiveAmount is the tax total.
           amount_element("TaxExclusiveAmount", totals.vat) +
           amount_element("TaxInclusiveAmount", totals.gross()) +
           amount_element("PayableAmount", totals.gross()) + "</cac:LegalMonetaryTotal>\n";
    for (std::size_t i = 0; i < draft.lines.size(); ++i)
        xml += document_line(draft.lines[i], i + 1, draft.credit);
    xml += std::string("</") + root + ">\n";
    return xml;
}

std::string number_text(std::uint64_t number) {
    char text[16];
    std::snprintf(text, sizeof text, "N%08llu", static_cast<unsigned long long>(number));
    return text;
}

}  // namespace

std::string format_amount(std::int64_t ore) {
    return generator_kit::format_amount(ore);
}

std::vector<GeneratedDocument> generate(const Options& options) {
    if (options.supplier_cvr.size() != 8 ||
        options.supplier_cvr.find_first_not_of("0123456789") != std::string::npos)
        throw std::invalid_argument("the supplier CVR must be 8 digits, got '" +
                                    options.supplier_cvr + "'");
    Random random(options.seed);
    Customers customers(random, options);
    const std::vector<Product> products = services(options.products);
    std::size_t invoices = 0;
    using namespace std::chrono;
    const sys_days first_day = year{2026} / January / 5;

    std::vector<Draft> drafts;
    std::vector<std::size_t> uncredited;  // invoices a credit note may still refer to
    std::vector<GeneratedDocument> documents;
    for (std::size_t i = 0; i < options.count; ++i) {
        Draft draft;
        draft.number = number_text(options.first_number + i);
        draft.uuid = random.uuid();
        sys_days issued =
            first_day + days{static_cast<int>(i * 90 / std::max<std::size_t>(1, options.count))};
        draft.issue_date = date_text(issued);
        draft.due_date = date_text(issued + days{14});
        if (!uncredited.empty() && random.chance(options.credit_note_percent)) {
            std::size_t pick = random.below(uncredited.size());
            const Draft& invoice = drafts[uncredited[pick]];
            uncredited.erase(uncredited.begin() + static_cast<std::ptrdiff_t>(pick));
            draft.credit = true;
            draft.credited_invoice = invoice.number;
            draft.credited_uuid = invoice.uuid;
            draft.credited_date = invoice.issue_date;
            draft.customer = invoice.customer;
            // In full or in part: the invoice's first lines.
            draft.lines.assign(invoice.lines.begin(),
                               invoice.lines.begin() + 1 +
                                   static_cast<std::ptrdiff_t>(random.below(invoice.lines.size())));
        } else {
            draft.customer = &customers.pick(random, invoices);
            std::size_t line_count = 1 + random.below(5);
            for (std::size_t l = 0; l < line_count; ++l) {
                // With a sized pool, each service once on the first invoices' first lines.
                bool next_service = options.products > 0 && l == 0 && invoices < products.size();
                draft.lines.push_back(
                    {&products[next_service ? invoices : random.below(products.size())],
                     static_cast<std::int64_t>(1 + random.below(3))});
            }
            ++invoices;
            uncredited.push_back(drafts.size());
        }
        drafts.push_back(draft);

        GeneratedDocument document;
        document.credit_note = draft.credit;
        document.number = draft.number;
        document.credited_invoice = draft.credited_invoice;
        document.customer = draft.customer->kind;
        document.file_name = "Novax_" + draft.number + "_" + options.supplier_cvr +
                             (draft.credit ? "_Kreditnote.xml" : "_Faktura.xml");
        document.xml = render(draft, options.supplier_cvr, document.totals);
        if (draft.customer->kind == CustomerKind::patient) {
            document.patient_name = draft.customer->name;
            document.patient_cpr = draft.customer->id;
        }
        documents.push_back(std::move(document));
    }
    return documents;
}

std::string document_key(const GeneratedDocument& document, const std::string& supplier_cvr) {
    return supplier_cvr + (document.credit_note ? "/credit-note/" : "/invoice/") + document.number;
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
    static const char* kinds[] = {"business", "public", "patient"};
    std::string csv = "file,kind,number,customer,net,vat,gross\n";
    for (const auto& document : documents)
        csv += document.file_name + (document.credit_note ? ",credit-note," : ",invoice,") +
               document.number + "," + kinds[static_cast<int>(document.customer)] + "," +
               format_amount(document.totals.net) + "," + format_amount(document.totals.vat) + "," +
               format_amount(document.totals.gross()) + "\n";
    return csv;
}

}  // namespace ferry::oioubl_generator
