// The mapping of a UBL root element to a Ferry document, field by field, with the rejection of
// what a document must not say. Internal to the parser (ubl_parser.cpp includes it, nothing
// else): the entry points there load, harden and check; this holds what a UBL element means.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "rejection.hpp"
#include "ubl_checks.hpp"
#include "ubl_codes.hpp"
#include "ubl_mapped.hpp"
#include "xml_document.hpp"

namespace ferry::ubl::mapping {

using sdk::Decimal;

// ISO 6523 code of the Swedish company register (Bolagsverket's organisationsnummer).
inline constexpr const char* swedish_register = "0007";

class Mapper {
  public:
    Mapper(const xmlNode* root, std::string root_name, sdk::DocumentKind kind,
           const Expectation& expected, const Profile& profile, std::vector<sdk::Problem>& warnings)
        : root_(root),
          root_name_(std::move(root_name)),
          kind_(kind),
          expected_(expected),
          profile_(profile),
          warnings_(warnings) {}

    MappedDocument map() {
        MappedDocument mapped;
        mapped.root = root_name_;
        sdk::Document& doc = mapped.document;
        std::string customization = required_text(root_, ns::cbc, "CustomizationID", root_name_);
        mapped.generation = generation_of(customization, root_name_ + "/cbc:CustomizationID",
                                          profile_.reads_oioubl2);
        doc.format = format_name(customization, mapped.generation);

        std::string id = required_text(root_, ns::cbc, "ID", root_name_);
        if (expected_.key && id != expected_.key->number)
            throw Rejection{
                "expected.number_mismatch", root_name_ + "/cbc:ID",
                "differs from the number in the file name (" + expected_.key->number + ")", true};
        doc.key = expected_.key.value_or(sdk::DocumentKey{"", kind_, id});

        doc.issue_date = required_date(root_, "IssueDate", root_name_);
        doc.due_date = optional_date(root_, "DueDate", root_name_);
        doc.currency = required_text(root_, ns::cbc, "DocumentCurrencyCode", root_name_);
        if (!is_currency_code(doc.currency))
            throw Rejection{"currency.unknown", root_name_ + "/cbc:DocumentCurrencyCode",
                            "is not an ISO 4217 currency code such as DKK, SEK or EUR", true};
        for_each_child(root_, ns::cbc, "Note", [&](const xmlNode* note) {
            if (auto value = text(note); !value.empty())
                doc.notes.push_back(std::move(value));
        });
        doc.references.accounting_cost = text(child(root_, ns::cbc, "AccountingCost"));
        doc.references.order = text(child(child(root_, ns::cac, "OrderReference"), ns::cbc, "ID"));
        doc.references.billed_invoice = text(child(
            child(child(root_, ns::cac, "BillingReference"), ns::cac, "InvoiceDocumentReference"),
            ns::cbc, "ID"));

        std::string tax_currency = text(child(root_, ns::cbc, "TaxCurrencyCode"));
        if (!tax_currency.empty() && tax_currency != doc.currency &&
            !child(root_, ns::cac, "TaxExchangeRate"))
            warnings_.push_back({"currency.exchange_rate_missing",
                                 root_name_ +
                                     "/cac:TaxExchangeRate: missing although the tax "
                                     "currency differs from the document currency "
                                     "(F-INV017); VAT is booked in the document currency"});

        map_parties(mapped);
        if (!expected_.key) {
            doc.key.company = supplier_company(doc.supplier);
            if (doc.key.company.empty())
                throw Rejection{"supplier.no_identifier",
                                root_name_ + "/cac:AccountingSupplierParty/cac:Party",
                                "states no company number (an organisationsnummer, CVR or other "
                                "register in PartyLegalEntity/CompanyID, a VAT number or a GLN "
                                "EndpointID), so the document belongs to no company",
                                true};
        }
        map_lines(mapped);
        map_allowance_charges(mapped);
        map_tax(mapped);
        map_payment(doc);
        map_totals(mapped);
        return mapped;
    }

  private:
    std::string path(const std::string& parent, const char* prefix, std::string_view local) const {
        return parent + "/" + prefix + ":" + std::string(local);
    }

    std::string required_text(const xmlNode* parent, const char* namespace_uri,
                              std::string_view local, const std::string& parent_path) {
        std::string value = text(child(parent, namespace_uri, local));
        if (value.empty())
            throw Rejection{"element.missing",
                            path(parent_path, namespace_uri == ns::cbc ? "cbc" : "cac", local),
                            "is missing or empty"};
        return value;
    }

    std::optional<Decimal> optional_amount(const xmlNode* parent, std::string_view local,
                                           const std::string& parent_path,
                                           bool in_document_currency = true) {
        const xmlNode* element = child(parent, ns::cbc, local);
        if (!element)
            return std::nullopt;
        std::string where = path(parent_path, "cbc", local);
        std::string value = text(element);
        auto number = Decimal::parse(value);
        if (!number)
            throw Rejection{"decimal.invalid", where, described_non_decimal(value)};
        if (in_document_currency && !document_currency_.empty()) {
            std::string currency = attribute(element, "currencyID");
            if (!currency.empty() && currency != document_currency_)
                throw Rejection{"currency.mismatch", where,
                                "has currencyID " + shown_currency(currency) +
                                    " but the document currency is " +
                                    shown_currency(document_currency_)};
        }
        return number;
    }

    Decimal required_amount(const xmlNode* parent, std::string_view local,
                            const std::string& parent_path) {
        auto value = optional_amount(parent, local, parent_path);
        if (!value)
            throw Rejection{"element.missing", path(parent_path, "cbc", local), "is missing"};
        return *value;
    }

    std::optional<sdk::Date> optional_date(const xmlNode* parent, std::string_view local,
                                           const std::string& parent_path) {
        const xmlNode* element = child(parent, ns::cbc, local);
        if (!element)
            return std::nullopt;
        auto date = sdk::Date::parse(text(element));
        if (!date)
            throw Rejection{"date.invalid", path(parent_path, "cbc", local),
                            "is not a date of the form YYYY-MM-DD"};
        return date;
    }

    sdk::Date required_date(const xmlNode* parent, std::string_view local,
                            const std::string& parent_path) {
        auto date = optional_date(parent, local, parent_path);
        if (!date)
            throw Rejection{"element.missing", path(parent_path, "cbc", local), "is missing"};
        return *date;
    }

    // A company register other than CVR (SDK 8): a Swedish organisationsnummer by its ISO 6523
    // code, or, without a scheme, by the party's country; digits only, as Bolagsverket writes it
    // without the hyphen. Other registers keep their number as written.
    static void take_registration(sdk::Party& party, const std::string& scheme,
                                  const std::string& value) {
        if (value.empty() || !party.registration_number.empty())
            return;
        bool swedish =
            scheme == swedish_register || (scheme.empty() && party.address.country_code == "SE");
        if (swedish) {
            party.registration_number = normalise_orgnr(value);
            party.registration_scheme = party.registration_number.empty() ? "" : swedish_register;
            return;
        }
        if (is_cvr_scheme(scheme) || scheme == "GLN" || scheme == "EAN" || scheme == "0088" ||
            scheme == "DK:CPR" || scheme == "0237" || scheme.ends_with("VAT"))
            return;
        party.registration_number = value;
        party.registration_scheme = scheme;
    }

    static bool is_cvr_scheme(std::string_view scheme) {
        return scheme == "DK:CVR" || scheme == "0184" || scheme == "DK:SE" || scheme == "0198";
    }

    // Reads one identifier into the party by its scheme. Returns the CVR it found, if any.
    std::string take_identifier(sdk::Party& party, std::string_view scheme,
                                const std::string& value) {
        if (is_cvr_scheme(scheme)) {
            std::string cvr = normalise_cvr(value);
            if (!cvr.empty() && party.cvr.empty() && scheme != "DK:SE" && scheme != "0198")
                party.cvr = cvr;
            return cvr;
        }
        if (scheme == "GLN" || scheme == "EAN" || scheme == "0088") {
            if (party.ean.empty() && value.size() == 13 && all_digits(value))
                party.ean = value;
        } else if (scheme == "DK:CPR" || scheme == "0237") {
            if (party.cpr.empty())
                party.cpr = normalise_cpr(value);
        } else if (scheme.ends_with(":VAT") || scheme == "VAT") {
            if (party.vat_number.empty())
                party.vat_number = value;
        }
        return {};
    }

  public:
    sdk::Party map_party(const xmlNode* node, std::vector<std::string>* cvrs) {
        sdk::Party party;
        if (!node)
            return party;
        auto note_cvr = [&](std::string cvr) {
            if (!cvr.empty() && cvrs)
                cvrs->push_back(std::move(cvr));
        };
        const xmlNode* legal = child(node, ns::cac, "PartyLegalEntity");
        const xmlNode* address = child(node, ns::cac, "PostalAddress");
        party.address.country_code =
            text(child(child(address, ns::cac, "Country"), ns::cbc, "IdentificationCode"));
        // The legal entity's CVR is the company's own; read it first so it wins.
        if (const xmlNode* company = child(legal, ns::cbc, "CompanyID")) {
            std::string scheme = attribute(company, "schemeID"), value = text(company);
            note_cvr(take_identifier(party, scheme, value));
            take_registration(party, scheme, value);
        }
        if (const xmlNode* endpoint = child(node, ns::cbc, "EndpointID")) {
            std::string scheme = attribute(endpoint, "schemeID"), value = text(endpoint);
            note_cvr(take_identifier(party, scheme, value));
            // EN 16931's electronic address names the register only where the legal entity
            // states no number of its own.
            if (party.registration_number.empty() && scheme == swedish_register)
                take_registration(party, scheme, value);
        }
        for_each_child(node, ns::cac, "PartyIdentification", [&](const xmlNode* identification) {
            const xmlNode* id = child(identification, ns::cbc, "ID");
            note_cvr(take_identifier(party, attribute(id, "schemeID"), text(id)));
        });
        for_each_child(node, ns::cac, "PartyTaxScheme", [&](const xmlNode* tax_scheme) {
            const xmlNode* company = child(tax_scheme, ns::cbc, "CompanyID");
            std::string value = text(company);
            note_cvr(take_identifier(party, attribute(company, "schemeID"), value));
            // EN 16931 writes the VAT number without schemeID, naming the tax scheme instead;
            // a Danish one is the CVR read above, and keeps going there.
            std::string tax = text(child(child(tax_scheme, ns::cac, "TaxScheme"), ns::cbc, "ID"));
            if (tax == "VAT" && party.vat_number.empty() && !value.starts_with("DK"))
                party.vat_number = value;
        });

        party.name = text(child(child(node, ns::cac, "PartyName"), ns::cbc, "Name"));
        if (party.name.empty())
            party.name = text(child(legal, ns::cbc, "RegistrationName"));
        party.address.street = text(child(address, ns::cbc, "StreetName"));
        party.address.building_number = text(child(address, ns::cbc, "BuildingNumber"));
        party.address.additional_street = text(child(address, ns::cbc, "AdditionalStreetName"));
        party.address.city = text(child(address, ns::cbc, "CityName"));
        party.address.postal_zone = text(child(address, ns::cbc, "PostalZone"));

        const xmlNode* contact = child(node, ns::cac, "Contact");
        std::string contact_id = text(child(contact, ns::cbc, "ID"));
        // A CPR-shaped contact reference on a party without CVR or EAN is the patient's CPR
        // (one of the places NOVAX may put it): keep it as CPR, never as a printable reference.
        if (party.cvr.empty() && party.ean.empty() && !normalise_cpr(contact_id).empty()) {
            if (party.cpr.empty())
                party.cpr = normalise_cpr(contact_id);
        } else {
            party.contact_reference = contact_id;
        }
        party.contact_name = text(child(contact, ns::cbc, "Name"));
        party.telephone = text(child(contact, ns::cbc, "Telephone"));
        party.email = text(child(contact, ns::cbc, "ElectronicMail"));
        return party;
    }

    void map_parties(MappedDocument& mapped) {
        sdk::Document& doc = mapped.document;
        const xmlNode* supplier =
            child(child(root_, ns::cac, "AccountingSupplierParty"), ns::cac, "Party");
        if (!supplier)
            throw Rejection{"element.missing",
                            root_name_ + "/cac:AccountingSupplierParty/cac:Party", "is missing"};
        doc.supplier = map_party(supplier, &mapped.supplier_cvrs);
        check_swedish_legal_id(mapped, supplier);
        const xmlNode* customer =
            child(child(root_, ns::cac, "AccountingCustomerParty"), ns::cac, "Party");
        if (!customer)
            throw Rejection{"element.missing",
                            root_name_ + "/cac:AccountingCustomerParty/cac:Party", "is missing"};
        doc.customer = map_party(customer, nullptr);
        const xmlNode* buyer = child(child(root_, ns::cac, "BuyerCustomerParty"), ns::cac, "Party");
        if (buyer) {
            sdk::Party party = map_party(buyer, nullptr);
            if (!party.cpr.empty())
                doc.patient = std::move(party);
        }
    }

    // SE-R-003/004/013: a Swedish supplier's organisationsnummer is 10 digits, the last a Luhn
    // check digit. It is the company the document is booked for, so a wrong one is refused.
    // A hyphen after the sixth digit, as Swedes write it on paper, is forgiven.
    void check_swedish_legal_id(const MappedDocument& mapped, const xmlNode* supplier) {
        if (mapped.generation == Generation::oioubl2)
            return;
        const xmlNode* company =
            child(child(supplier, ns::cac, "PartyLegalEntity"), ns::cbc, "CompanyID");
        std::string scheme = attribute(company, "schemeID");
        bool swedish = scheme == swedish_register ||
                       (scheme.empty() && mapped.document.supplier.address.country_code == "SE");
        if (!company || !swedish || !normalise_orgnr(text(company)).empty())
            return;
        throw Rejection{"supplier.orgnr_invalid",
                        root_name_ +
                            "/cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/"
                            "cbc:CompanyID",
                        "SE-R-004/SE-R-013: is not a Swedish organisationsnummer (10 digits, the "
                        "last a Luhn check digit), so the company the document belongs to is "
                        "unknown",
                        true};
    }

    void read_tax_category(const xmlNode* category, sdk::VatCategory& out_category,
                           Decimal& out_percent, const std::string& parent_path) {
        if (!category)
            return;
        std::string code = text(child(category, ns::cbc, "ID"));
        std::string scheme = text(child(child(category, ns::cac, "TaxScheme"), ns::cbc, "ID"));
        out_category = vat_category_of(code, scheme);
        auto percent = optional_amount(category, "Percent", parent_path, false);
        if (percent)
            out_percent = *percent;
        if (out_category != sdk::VatCategory::standard)
            return;
        if (!percent && !child(category->parent, ns::cbc, "Percent"))
            warnings_.push_back(
                {"vat.percent_missing", parent_path + ": standard-rated VAT without cbc:Percent"});
        else if (percent && percent->is_zero())
            warnings_.push_back({"vat.standard_zero_percent",
                                 parent_path + ": standard-rated VAT at 0 % (F-LIB382)"});
    }

    void map_lines(MappedDocument& mapped) {
        bool invoice = kind_ == sdk::DocumentKind::invoice;
        const char* line_name = invoice ? "InvoiceLine" : "CreditNoteLine";
        const char* quantity_name = invoice ? "InvoicedQuantity" : "CreditedQuantity";
        int index = 0;
        for_each_child(root_, ns::cac, line_name, [&](const xmlNode* node) {
            std::string where =
                root_name_ + "/cac:" + line_name + "[" + std::to_string(++index) + "]";
            sdk::Line line;
            LinePricing pricing;
            pricing.path = where;
            line.id = required_text(node, ns::cbc, "ID", where);
            const xmlNode* quantity = child(node, ns::cbc, quantity_name);
            line.quantity = optional_amount(node, quantity_name, where, false).value_or(Decimal());
            line.unit_code = attribute(quantity, "unitCode");
            line.net_amount = required_amount(node, "LineExtensionAmount", where);
            line.free_of_charge = text(child(node, ns::cbc, "FreeOfChargeIndicator")) == "true";

            const xmlNode* item = child(node, ns::cac, "Item");
            line.name = text(child(item, ns::cbc, "Name"));
            line.description = text(child(item, ns::cbc, "Description"));
            line.item_id =
                text(child(child(item, ns::cac, "SellersItemIdentification"), ns::cbc, "ID"));
            std::string item_path = where + "/cac:Item/cac:ClassifiedTaxCategory";
            if (const xmlNode* category = child(item, ns::cac, "ClassifiedTaxCategory")) {
                read_tax_category(category, line.vat_category, line.vat_percent, item_path);
            } else {
                const xmlNode* subtotal =
                    child(child(node, ns::cac, "TaxTotal"), ns::cac, "TaxSubtotal");
                read_tax_category(child(subtotal, ns::cac, "TaxCategory"), line.vat_category,
                                  line.vat_percent, where + "/cac:TaxTotal");
            }

            for_each_child(node, ns::cac, "TaxTotal", [&](const xmlNode* total) {
                for_each_child(total, ns::cac, "TaxSubtotal", [&](const xmlNode* subtotal) {
                    std::string sub_path = where + "/cac:TaxTotal/cac:TaxSubtotal";
                    mapped.line_taxable += required_amount(subtotal, "TaxableAmount", sub_path);
                    mapped.lines_carry_tax = true;
                });
            });

            int charge_index = 0;
            for_each_child(node, ns::cac, "AllowanceCharge", [&](const xmlNode* ac) {
                std::string ac_path =
                    where + "/cac:AllowanceCharge[" + std::to_string(++charge_index) + "]";
                Decimal amount = required_amount(ac, "Amount", ac_path);
                bool charge = text(child(ac, ns::cbc, "ChargeIndicator")) == "true";
                line.allowance += charge ? -amount : amount;
            });

            const xmlNode* price = child(node, ns::cac, "Price");
            std::string price_path = where + "/cac:Price";
            pricing.price = optional_amount(price, "PriceAmount", price_path);
            pricing.base_quantity = Decimal::from_int(1);
            if (auto base = optional_amount(price, "BaseQuantity", price_path, false);
                base && !base->is_zero())
                pricing.base_quantity = *base;
            if (pricing.price)
                line.unit_price = *pricing.price / pricing.base_quantity;
            pricing.quantity = line.quantity;
            pricing.line_allowances = line.allowance;
            pricing.net = line.net_amount;
            pricing.free_of_charge = line.free_of_charge;
            mapped.pricing.push_back(std::move(pricing));
            mapped.document.lines.push_back(std::move(line));
        });
        if (mapped.document.lines.empty())
            throw Rejection{"element.missing", root_name_ + "/cac:" + line_name,
                            "the document has no lines"};
    }

    void map_allowance_charges(MappedDocument& mapped) {
        int index = 0;
        for_each_child(root_, ns::cac, "AllowanceCharge", [&](const xmlNode* node) {
            std::string where =
                root_name_ + "/cac:AllowanceCharge[" + std::to_string(++index) + "]";
            sdk::AllowanceCharge ac;
            ac.is_charge = text(child(node, ns::cbc, "ChargeIndicator")) == "true";
            ac.amount = required_amount(node, "Amount", where);
            ac.reason = text(child(node, ns::cbc, "AllowanceChargeReason"));
            read_tax_category(child(node, ns::cac, "TaxCategory"), ac.vat_category, ac.vat_percent,
                              where + "/cac:TaxCategory");
            (ac.is_charge ? mapped.header_charges : mapped.header_allowances) += ac.amount;
            mapped.has_header_allowance_charges = true;
            mapped.document.allowance_charges.push_back(std::move(ac));
        });
    }

    void map_tax(MappedDocument& mapped) {
        int total_index = 0;
        for_each_child(root_, ns::cac, "TaxTotal", [&](const xmlNode* total) {
            std::string where = root_name_ + "/cac:TaxTotal[" + std::to_string(++total_index) + "]";
            // A second TaxTotal in the tax currency (OIOUBL 3 / BIS 3) repeats the VAT in DKK.
            std::string currency = attribute(child(total, ns::cbc, "TaxAmount"), "currencyID");
            if (!currency.empty() && currency != document_currency_)
                return;
            if (auto rounding = optional_amount(total, "RoundingAmount", where))
                mapped.tax_total_rounding += *rounding;
            if (auto amount = optional_amount(total, "TaxAmount", where))
                mapped.stated_tax = mapped.stated_tax.value_or(Decimal()) + *amount;
            int sub_index = 0;
            for_each_child(total, ns::cac, "TaxSubtotal", [&](const xmlNode* node) {
                std::string sub_path =
                    where + "/cac:TaxSubtotal[" + std::to_string(++sub_index) + "]";
                sdk::VatSubtotal subtotal;
                subtotal.taxable_amount = required_amount(node, "TaxableAmount", sub_path);
                subtotal.tax_amount = required_amount(node, "TaxAmount", sub_path);
                const xmlNode* category = child(node, ns::cac, "TaxCategory");
                if (!category)
                    throw Rejection{"element.missing", sub_path + "/cac:TaxCategory", "is missing"};
                subtotal.category_code = text(child(category, ns::cbc, "ID"));
                std::string category_path = sub_path + "/cac:TaxCategory";
                read_tax_category(category, subtotal.category, subtotal.percent, category_path);
                if (!child(category, ns::cbc, "Percent"))
                    if (auto percent = optional_amount(node, "Percent", sub_path, false))
                        subtotal.percent = *percent;
                mapped.document.vat_subtotals.push_back(std::move(subtotal));
            });
        });
    }

    void map_payment(sdk::Document& doc) {
        int index = 0;
        for_each_child(root_, ns::cac, "PaymentMeans", [&](const xmlNode* node) {
            std::string where = root_name_ + "/cac:PaymentMeans[" + std::to_string(++index) + "]";
            sdk::PaymentMeans means;
            means.code = text(child(node, ns::cbc, "PaymentMeansCode"));
            means.channel = text(child(node, ns::cbc, "PaymentChannelCode"));
            means.due_date = optional_date(node, "PaymentDueDate", where);
            means.payment_id = text(child(node, ns::cbc, "PaymentID"));
            means.instruction_id = text(child(node, ns::cbc, "InstructionID"));
            means.creditor_account =
                text(child(child(node, ns::cac, "CreditAccount"), ns::cbc, "AccountID"));
            const xmlNode* account = child(node, ns::cac, "PayeeFinancialAccount");
            means.account = text(child(account, ns::cbc, "ID"));
            const xmlNode* branch = child(account, ns::cac, "FinancialInstitutionBranch");
            means.branch = text(child(branch, ns::cbc, "ID"));
            if (means.branch.empty())
                means.branch =
                    text(child(child(branch, ns::cac, "FinancialInstitution"), ns::cbc, "ID"));
            if (!doc.due_date && means.due_date)
                doc.due_date = means.due_date;
            doc.payment_means.push_back(std::move(means));
        });
        doc.payment_terms_note =
            text(child(child(root_, ns::cac, "PaymentTerms"), ns::cbc, "Note"));
    }

    void map_totals(MappedDocument& mapped) {
        std::string where = root_name_ + "/cac:LegalMonetaryTotal";
        const xmlNode* node = child(root_, ns::cac, "LegalMonetaryTotal");
        if (!node)
            throw Rejection{"element.missing", where, "is missing"};
        StatedTotals& stated = mapped.stated;
        stated.line_extension = required_amount(node, "LineExtensionAmount", where);
        stated.tax_exclusive = optional_amount(node, "TaxExclusiveAmount", where);
        stated.tax_inclusive = optional_amount(node, "TaxInclusiveAmount", where);
        stated.allowance_total = optional_amount(node, "AllowanceTotalAmount", where);
        stated.charge_total = optional_amount(node, "ChargeTotalAmount", where);
        stated.prepaid = optional_amount(node, "PrepaidAmount", where);
        stated.payable_rounding = optional_amount(node, "PayableRoundingAmount", where);
        stated.payable = required_amount(node, "PayableAmount", where);

        sdk::Totals& totals = mapped.document.totals;
        totals.line_total = *stated.line_extension;
        totals.allowance_total = stated.allowance_total.value_or(mapped.header_allowances);
        totals.charge_total = stated.charge_total.value_or(mapped.header_charges);
        totals.net = totals.line_total - totals.allowance_total + totals.charge_total;
        for (const auto& subtotal : mapped.document.vat_subtotals)
            totals.vat += subtotal.tax_amount;
        totals.rounding = stated.payable_rounding.value_or(Decimal());
        totals.gross = totals.net + totals.vat + totals.rounding;
        totals.prepaid = stated.prepaid.value_or(Decimal());
        totals.payable = *stated.payable;
    }

  public:
    void set_document_currency(std::string currency) { document_currency_ = std::move(currency); }

  private:
    const xmlNode* root_;
    std::string root_name_;
    sdk::DocumentKind kind_;
    const Expectation& expected_;
    const Profile& profile_;
    std::vector<sdk::Problem>& warnings_;
    std::string document_currency_;
};

}  // namespace ferry::ubl::mapping
