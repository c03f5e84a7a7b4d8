#include "backlog_generator.hpp"

#include <cstdio>
#include <fstream>
#include <random>
#include <set>
#include <stdexcept>
#include <vector>

namespace ferry::bench {

namespace {

enum class Kind { business, public_body, patient };

struct Customer {
    Kind kind;
    std::string id;  // CVR (8 digits), GLN (13) or CPR (10)
    std::string name;
};

struct Product {
    std::string number;
    std::string name;
    std::int64_t price;  // øre, a multiple of 4 so that 25 % VAT is whole øre
};

std::string amount(std::int64_t ore) {
    char text[32];
    std::snprintf(text, sizeof text, "%lld.%02lld", static_cast<long long>(ore / 100),
                  static_cast<long long>(ore % 100));
    return text;
}

std::string money(const char* element, std::int64_t ore) {
    return std::string("<cbc:") + element + " currencyID=\"DKK\">" + amount(ore) +
           "</cbc:" + element + ">";
}

std::string tax_subtotal(std::int64_t net) {
    return "<cac:TaxSubtotal>" + money("TaxableAmount", net) + money("TaxAmount", net / 4) +
           "<cac:TaxCategory><cbc:ID schemeAgencyID=\"320\" "
           "schemeID=\"urn:oioubl:id:taxcategoryid-1.1\">StandardRated</cbc:ID>"
           "<cbc:Percent>25</cbc:Percent><cac:TaxScheme><cbc:ID schemeAgencyID=\"320\" "
           "schemeID=\"urn:oioubl:id:taxschemeid-1.1\">63</cbc:ID><cbc:Name>Moms</cbc:Name>"
           "</cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal>";
}

std::string address(std::size_t n) {
    return "<cac:PostalAddress><cbc:StreetName>Vestergade</cbc:StreetName><cbc:BuildingNumber>" +
           std::to_string(1 + n % 90) +
           "</cbc:BuildingNumber><cbc:CityName>Nyborg</cbc:CityName><cbc:PostalZone>5800"
           "</cbc:PostalZone><cac:Country><cbc:IdentificationCode>DK</cbc:IdentificationCode>"
           "</cac:Country></cac:PostalAddress>";
}

std::string supplier_party(const std::string& cvr) {
    return "<cac:AccountingSupplierParty><cac:Party><cbc:EndpointID schemeID=\"DK:CVR\">DK" + cvr +
           "</cbc:EndpointID><cac:PartyName><cbc:Name>Klinik Nyborg</cbc:Name></cac:PartyName>" +
           address(0) +
           "<cac:PartyLegalEntity><cbc:RegistrationName>Klinik Nyborg"
           "</cbc:RegistrationName><cbc:CompanyID schemeID=\"DK:CVR\">DK" +
           cvr +
           "</cbc:CompanyID></cac:PartyLegalEntity></cac:Party></cac:AccountingSupplierParty>";
}

std::string customer_party(const Customer& customer, std::size_t n) {
    std::string id;
    switch (customer.kind) {
        case Kind::business:
            id = "<cbc:EndpointID schemeID=\"DK:CVR\">DK" + customer.id + "</cbc:EndpointID>";
            break;
        case Kind::public_body:
            id = "<cbc:EndpointID schemeAgencyID=\"9\" schemeID=\"GLN\">" + customer.id +
                 "</cbc:EndpointID>";
            break;
        case Kind::patient:
            id = "<cbc:EndpointID schemeID=\"DK:CPR\">" + customer.id + "</cbc:EndpointID>";
            break;
    }
    std::string legal;
    if (customer.kind == Kind::business)
        legal = "<cac:PartyLegalEntity><cbc:RegistrationName>" + customer.name +
                "</cbc:RegistrationName><cbc:CompanyID schemeID=\"DK:CVR\">DK" + customer.id +
                "</cbc:CompanyID></cac:PartyLegalEntity>";
    return "<cac:AccountingCustomerParty><cac:Party>" + id + "<cac:PartyName><cbc:Name>" +
           customer.name + "</cbc:Name></cac:PartyName>" + address(n) + legal +
           "</cac:Party></cac:AccountingCustomerParty>";
}

std::vector<Customer> customer_pool(std::size_t count) {
    std::vector<Customer> pool;
    for (std::size_t i = 0; i < count; ++i) {
        std::size_t kind = i % 10;
        if (kind < 6) {
            pool.push_back({Kind::business, std::to_string(20'000'000 + i),
                            "Kunde " + std::to_string(i) + " ApS"});
        } else if (kind < 8) {
            pool.push_back({Kind::public_body, std::to_string(5'790'000'100'000ull + i),
                            "Kommune " + std::to_string(i)});
        } else {
            // Fictitious CPR numbers: a valid day and month, so the source takes them as CPR.
            char cpr[16];
            std::snprintf(cpr, sizeof cpr, "%02zu%02zu80%04zu", 1 + i % 28, 1 + i % 12, i % 10'000);
            pool.push_back({Kind::patient, cpr, "Patient " + std::to_string(i)});
        }
    }
    return pool;
}

std::vector<Product> product_pool(std::size_t count) {
    std::vector<Product> pool;
    for (std::size_t i = 0; i < count; ++i)
        pool.push_back({"YD" + std::to_string(1000 + i), "Ydelse " + std::to_string(i),
                        static_cast<std::int64_t>(4 * (2'500 + 1'000 * i))});
    return pool;
}

std::string invoice_xml(const std::string& number, const std::string& clinic_cvr,
                        const Customer& customer, std::size_t n,
                        const std::vector<std::pair<const Product*, int>>& lines) {
    std::int64_t net = 0;
    std::string line_xml;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto& [product, quantity] = lines[i];
        std::int64_t line_net = product->price * quantity;
        net += line_net;
        line_xml += "<cac:InvoiceLine><cbc:ID>" + std::to_string(i + 1) +
                    "</cbc:ID><cbc:InvoicedQuantity unitCode=\"EA\">" + std::to_string(quantity) +
                    ".00</cbc:InvoicedQuantity>" + money("LineExtensionAmount", line_net) +
                    "<cac:TaxTotal>" + money("TaxAmount", line_net / 4) + tax_subtotal(line_net) +
                    "</cac:TaxTotal><cac:Item><cbc:Description>" + product->name +
                    "</cbc:Description><cbc:Name>" + product->name +
                    "</cbc:Name><cac:SellersItemIdentification><cbc:ID>" + product->number +
                    "</cbc:ID></cac:SellersItemIdentification></cac:Item><cac:Price>" +
                    money("PriceAmount", product->price) +
                    "<cbc:BaseQuantity unitCode=\"EA\">1</cbc:BaseQuantity></cac:Price>"
                    "</cac:InvoiceLine>\n";
    }
    std::int64_t vat = net / 4;
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\" "
           "xmlns:cac=\"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2\" "
           "xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\">\n"
           "<cbc:UBLVersionID>2.1</cbc:UBLVersionID><cbc:CustomizationID>OIOUBL-2.1"
           "</cbc:CustomizationID><cbc:ProfileID schemeAgencyID=\"320\" "
           "schemeID=\"urn:oioubl:id:profileid-1.2\">urn:www.nesubl.eu:profiles:profile5:ver2.0"
           "</cbc:ProfileID><cbc:ID>" +
           number + "</cbc:ID><cbc:IssueDate>2026-0" + std::to_string(1 + n % 9) + "-" +
           (n % 28 < 9 ? "0" : "") + std::to_string(1 + n % 28) +
           "</cbc:IssueDate><cbc:InvoiceTypeCode listAgencyID=\"320\" "
           "listID=\"urn:oioubl:codelist:invoicetypecode-1.1\">380</cbc:InvoiceTypeCode>"
           "<cbc:DocumentCurrencyCode>DKK</cbc:DocumentCurrencyCode>\n" +
           supplier_party(clinic_cvr) + "\n" + customer_party(customer, n) + "\n<cac:TaxTotal>" +
           money("TaxAmount", vat) + tax_subtotal(net) + "</cac:TaxTotal><cac:LegalMonetaryTotal>" +
           money("LineExtensionAmount", net) + money("TaxExclusiveAmount", vat) +
           money("TaxInclusiveAmount", net + vat) + money("PayableAmount", net + vat) +
           "</cac:LegalMonetaryTotal>\n" + line_xml + "</Invoice>\n";
}

}  // namespace

BacklogSummary write_backlog(const BacklogOptions& options, const std::filesystem::path& folder) {
    std::filesystem::create_directories(folder);
    const std::vector<Customer> customers = customer_pool(options.customers);
    const std::vector<Product> products = product_pool(options.products);
    std::mt19937_64 random(options.seed);
    BacklogSummary summary;
    std::set<std::size_t> invoiced;
    for (std::size_t n = 1; n <= options.invoices; ++n) {
        // Every customer at least once, then at random.
        std::size_t c = n <= customers.size() ? n - 1 : random() % customers.size();
        std::vector<std::pair<const Product*, int>> lines;
        for (std::size_t l = 0, count = 1 + random() % 3; l < count; ++l)
            lines.emplace_back(
                &products[n <= products.size() && l == 0 ? n - 1 : random() % products.size()],
                1 + static_cast<int>(random() % 3));
        std::string number = std::to_string(n);
        std::string xml = invoice_xml(number, options.clinic_cvr, customers[c], n, lines);
        std::ofstream out(folder / ("Novax_" + number + "_" + options.clinic_cvr + "_Faktura.xml"),
                          std::ios::binary);
        out << xml;
        if (!out)
            throw std::runtime_error("cannot write the backlog into " + folder.string());
        summary.bytes += xml.size();
        if (invoiced.insert(c).second) {
            Kind kind = customers[c].kind;
            ++(kind == Kind::business      ? summary.businesses
               : kind == Kind::public_body ? summary.public_bodies
                                           : summary.patients);
        }
    }
    return summary;
}

}  // namespace ferry::bench
