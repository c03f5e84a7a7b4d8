#include "ubl_parser.hpp"

#include <optional>
#include <stdexcept>

#include "rejection.hpp"
#include "ubl_checks.hpp"
#include "ubl_codes.hpp"
#include "ubl_mapped.hpp"
#include "ubl_mapper.hpp"
#include "xml_document.hpp"

namespace ferry::ubl {
namespace {

using mapping::Mapper;
using mapping::swedish_register;

std::string message_of(const std::string& file, const Rejection& rejection,
                       const Profile& profile) {
    return file + ": " + rejection.path + ": " + rejection.message +
           (rejection.remedy ? "; " + profile.remedy : "");
}

inline constexpr const char* sbdh_namespace =
    "http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader";

// The UBL document in a file: its root element, or the one a Peppol access point wrapped in a
// Standard Business Document (SBDH) envelope.
struct UblRoot {
    const xmlNode* node = nullptr;
    std::string name;  // "Invoice" or "CreditNote", for element paths
    sdk::DocumentKind kind = sdk::DocumentKind::invoice;
};

std::optional<UblRoot> ubl_root(const xmlDoc* document) {
    const xmlNode* root = xmlDocGetRootElement(const_cast<xmlDoc*>(document));
    std::vector<const xmlNode*> candidates{root};
    if (root && is_element(root, sbdh_namespace, "StandardBusinessDocument"))
        for (const xmlNode* node = root->children; node; node = node->next)
            candidates.push_back(node);
    for (const xmlNode* node : candidates) {
        if (!node)
            continue;
        if (is_element(node, ns::invoice, "Invoice"))
            return UblRoot{node, "Invoice", sdk::DocumentKind::invoice};
        if (is_element(node, ns::credit_note, "CreditNote"))
            return UblRoot{node, "CreditNote", sdk::DocumentKind::credit_note};
    }
    return std::nullopt;
}

sdk::Problem not_ubl(const std::string& file, const Profile& profile) {
    return {profile.code("root.unknown"),
            file +
                ": the root element is neither a UBL Invoice nor a UBL CreditNote (checked "
                "by namespace, also inside a Peppol SBDH envelope); this is not an " +
                profile.format + " invoice file"};
}

sdk::Problem qualified(sdk::Problem problem, const std::string& file, const Profile& profile) {
    problem.code = profile.code(problem.code);
    if (!problem.message.starts_with(file))
        problem.message = file + ": " + problem.message;
    return problem;
}

}  // namespace

std::string supplier_company(const sdk::Party& supplier) {
    auto letters_and_digits = [](const std::string& value) {
        std::string kept;
        for (char c : value)
            if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
                kept += c;
        return kept;
    };
    if (supplier.registration_scheme == swedish_register && !supplier.registration_number.empty())
        return supplier.registration_number;
    if (!supplier.cvr.empty())
        return supplier.cvr;
    if (auto registration = letters_and_digits(supplier.registration_number); !registration.empty())
        return registration;
    // A Swedish VAT number is "SE", the organisationsnummer and "01".
    const std::string& vat = supplier.vat_number;
    if (vat.size() == 14 && vat.starts_with("SE") && vat.ends_with("01"))
        if (auto orgnr = normalise_orgnr(vat.substr(2, 10)); !orgnr.empty())
            return orgnr;
    if (auto vat_number = letters_and_digits(vat); !vat_number.empty())
        return vat_number;
    return supplier.ean;  // the electronic address, a GLN, as the last resort
}

ParseOutcome parse_ubl(std::string_view bytes, const Expectation& expected,
                       const Profile& profile) {
    std::vector<sdk::Problem> warnings;
    auto loaded = load_xml(bytes, expected.max_bytes, expected.file, profile);
    if (!loaded)
        return {loaded.problem(), {}};
    auto root = ubl_root(loaded.value().get());
    if (!root)
        return {not_ubl(expected.file, profile), {}};
    if (expected.key && root->kind != expected.key->kind)
        return {sdk::Problem{profile.code("expected.kind_mismatch"),
                             expected.file + ": the file name says " +
                                 std::string(to_string(expected.key->kind)) +
                                 " but the root element is " + root->name + "; " + profile.remedy},
                {}};

    try {
        Mapper mapper(root->node, root->name, root->kind, expected, profile, warnings);
        mapper.set_document_currency(text(child(root->node, ns::cbc, "DocumentCurrencyCode")));
        MappedDocument mapped = mapper.map();
        check_document(mapped, expected.key.has_value(), warnings);
        for (auto& warning : warnings)
            warning = qualified(std::move(warning), expected.file, profile);
        return {std::move(mapped.document), std::move(warnings)};
    } catch (const Rejection& rejection) {
        for (auto& warning : warnings)
            warning = qualified(std::move(warning), expected.file, profile);
        return {sdk::Problem{profile.code(rejection.code),
                             message_of(expected.file, rejection, profile)},
                std::move(warnings)};
    } catch (const std::overflow_error&) {
        return {sdk::Problem{profile.code("decimal.overflow"),
                             expected.file + ": an amount or quantity is too large to be real"},
                {}};
    } catch (const std::domain_error&) {
        return {sdk::Problem{profile.code("decimal.invalid"),
                             expected.file + ": an amount leads to a division by zero"},
                {}};
    }
}

sdk::Result<Identity> identify(std::string_view bytes, std::string_view file, std::size_t max_bytes,
                               const Profile& profile) {
    const std::string name(file);
    auto loaded = load_xml(bytes, max_bytes, name, profile);
    if (!loaded)
        return loaded.problem();
    auto root = ubl_root(loaded.value().get());
    if (!root)
        return not_ubl(name, profile);
    Identity identity;
    identity.key.kind = root->kind;
    identity.key.number = text(child(root->node, ns::cbc, "ID"));
    if (identity.key.number.empty())
        return sdk::Problem{
            profile.code("element.missing"),
            name + ": " + root->name + "/cbc:ID: is missing or empty; " + profile.remedy};
    identity.issue_date = sdk::Date::parse(text(child(root->node, ns::cbc, "IssueDate")));
    const xmlNode* supplier =
        child(child(root->node, ns::cac, "AccountingSupplierParty"), ns::cac, "Party");
    std::vector<sdk::Problem> ignored;
    Expectation expected{std::nullopt, name, max_bytes};
    Mapper mapper(root->node, root->name, root->kind, expected, profile, ignored);
    identity.key.company = supplier_company(mapper.map_party(supplier, nullptr));
    if (identity.key.company.empty())
        return sdk::Problem{profile.code("supplier.no_identifier"),
                            name + ": " + root->name +
                                "/cac:AccountingSupplierParty/cac:Party: states no company "
                                "number (an organisationsnummer, CVR or other register in "
                                "PartyLegalEntity/CompanyID, a VAT number or a GLN EndpointID), "
                                "so the document belongs to no company; " +
                                profile.remedy};
    return identity;
}

}  // namespace ferry::ubl
