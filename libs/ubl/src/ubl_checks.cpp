#include "ubl_checks.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "rejection.hpp"

namespace ferry::ubl {
namespace {

using sdk::Decimal;

// Totals are compared as the schematron does: after rounding to two decimals, so sub-øre
// differences pass and a single øre does not.
bool same_amount(Decimal a, Decimal b) {
    return a.rounded(2) == b.rounded(2);
}

// Line amount against quantity × price: ±1.00 as in the F-INV326 family.
const Decimal line_tolerance = Decimal::from_int(1);
const Decimal taxable_base_tolerance = Decimal::from_int(1);
const Decimal max_payable_rounding = Decimal::from_int(10);

std::string money(Decimal value) {
    return value.to_string(2);
}

// An OIOUBL 2 rule Ferry keeps as its own bound where EN 16931 sets none.
std::string oioubl2_bound(Generation generation, const char* rule) {
    return generation == Generation::oioubl2
               ? std::string(rule)
               : "Ferry's bound (OIOUBL 2's " + std::string(rule) + ")";
}

void require_equal(Decimal stated, Decimal computed, const std::string& code,
                   const std::string& rule, const std::string& path, const std::string& how) {
    if (same_amount(stated, computed))
        return;
    // Totals are not personal data; showing both lets an accountant see the size of the error.
    throw Rejection{code, path,
                    rule + ": states " + money(stated) + " but " + how + " gives " +
                        money(computed) + "; the document would book a wrong amount",
                    true};
}

void check_supplier(const MappedDocument& mapped, std::vector<sdk::Problem>& warnings) {
    const std::string& expected = mapped.document.key.company;
    const auto& found = mapped.supplier_cvrs;
    std::string path = mapped.root + "/cac:AccountingSupplierParty/cac:Party";
    if (found.empty()) {
        warnings.push_back({"expected.supplier.no_cvr",
                            path + ": the supplier states no CVR (only GLN or CPR); the CVR " +
                                expected + " from the file name is trusted"});
        return;
    }
    if (std::find(found.begin(), found.end(), expected) == found.end())
        throw Rejection{"expected.cvr_mismatch", path,
                        "states no CVR equal to " + expected +
                            " from the file name (EndpointID, PartyIdentification, "
                            "PartyLegalEntity and PartyTaxScheme checked); the document "
                            "belongs to another company"};
}

void check_lines(const MappedDocument& mapped) {
    for (const auto& line : mapped.pricing) {
        if (line.free_of_charge || !line.price || line.quantity.is_zero())
            continue;
        Decimal expected = line.quantity * *line.price / line.base_quantity - line.line_allowances;
        if ((expected - line.net).abs() > line_tolerance)
            throw Rejection{"line.amount", line.path + "/cbc:LineExtensionAmount",
                            oioubl2_bound(mapped.generation, "F-INV326") +
                                ": differs by more than 1.00 from quantity × PriceAmount ÷ "
                                "BaseQuantity less line allowances (" +
                                money(expected) +
                                "); the unit price would book a different amount"};
    }
}

// The rules both generations share, under their own names.
struct SharedRules {
    const char* line_sum;
    const char* allowances;
    const char* charges;
};

SharedRules shared_rules(Generation generation) {
    if (generation == Generation::oioubl2)
        return {"F-INV126", "F-INV129", "F-INV130"};
    return {"BR-CO-10", "BR-CO-11", "BR-CO-12"};
}

void check_sums(const MappedDocument& mapped) {
    const StatedTotals& stated = mapped.stated;
    const SharedRules rules = shared_rules(mapped.generation);
    std::string lmt = mapped.root + "/cac:LegalMonetaryTotal";

    Decimal line_sum;
    for (const auto& line : mapped.document.lines)
        if (!line.free_of_charge)
            line_sum += line.net_amount;
    require_equal(*stated.line_extension, line_sum, "totals.line_sum", rules.line_sum,
                  lmt + "/cbc:LineExtensionAmount", "the sum of the lines");

    if (mapped.has_header_allowance_charges || stated.allowance_total)
        require_equal(stated.allowance_total.value_or(Decimal()), mapped.header_allowances,
                      "totals.allowances", rules.allowances, lmt + "/cbc:AllowanceTotalAmount",
                      "the sum of the document allowances");
    if (mapped.has_header_allowance_charges || stated.charge_total)
        require_equal(stated.charge_total.value_or(Decimal()), mapped.header_charges,
                      "totals.charges", rules.charges, lmt + "/cbc:ChargeTotalAmount",
                      "the sum of the document charges");

    // F-INV338 bounds OIOUBL 2's rounding; EN 16931 sets no bound, but a rounding above 10.00
    // is no rounding in any currency these sources bill in, so Ferry keeps the bound for both.
    if (mapped.document.totals.rounding.abs() > max_payable_rounding)
        throw Rejection{"totals.rounding", lmt + "/cbc:PayableRoundingAmount",
                        oioubl2_bound(mapped.generation, "F-INV338") +
                            ": is larger than 10.00, which no rounding can be"};
}

// OIOUBL 2.x: TaxExclusiveAmount is the tax total, and TaxInclusiveAmount includes the rounding.
void check_oioubl2_totals(const MappedDocument& mapped) {
    const StatedTotals& stated = mapped.stated;
    const sdk::Totals& totals = mapped.document.totals;
    std::string lmt = mapped.root + "/cac:LegalMonetaryTotal";
    if (stated.tax_exclusive)
        require_equal(*stated.tax_exclusive, totals.vat, "totals.tax", "F-INV127",
                      lmt + "/cbc:TaxExclusiveAmount",
                      "the sum of TaxSubtotal/TaxAmount (OIOUBL 2: the tax total)");
    if (stated.tax_inclusive)
        require_equal(*stated.tax_inclusive, totals.net + totals.vat + totals.rounding,
                      "totals.tax_inclusive", "F-INV128", lmt + "/cbc:TaxInclusiveAmount",
                      "lines + tax + charges − allowances + rounding");
    require_equal(totals.payable, totals.gross - totals.prepaid, "totals.payable", "F-INV133",
                  lmt + "/cbc:PayableAmount",
                  "lines + tax + charges − allowances − prepaid + rounding");
}

// EN 16931 (OIOUBL 3, Peppol BIS 3): TaxExclusiveAmount is the net total, and
// TaxInclusiveAmount stops before the rounding, which only PayableAmount carries.
void check_en16931_totals(const MappedDocument& mapped) {
    const StatedTotals& stated = mapped.stated;
    const sdk::Totals& totals = mapped.document.totals;
    std::string lmt = mapped.root + "/cac:LegalMonetaryTotal";
    if (mapped.stated_tax)
        require_equal(*mapped.stated_tax, totals.vat, "totals.tax", "BR-CO-14",
                      mapped.root + "/cac:TaxTotal/cbc:TaxAmount",
                      "the sum of TaxSubtotal/TaxAmount");
    if (stated.tax_exclusive)
        require_equal(*stated.tax_exclusive, totals.net, "totals.net", "BR-CO-13",
                      lmt + "/cbc:TaxExclusiveAmount", "lines − allowances + charges");
    Decimal tax_inclusive = stated.tax_inclusive.value_or(totals.net + totals.vat);
    if (stated.tax_inclusive)
        require_equal(tax_inclusive, totals.net + totals.vat, "totals.tax_inclusive", "BR-CO-15",
                      lmt + "/cbc:TaxInclusiveAmount",
                      "TaxExclusiveAmount + tax (without PayableRoundingAmount)");
    require_equal(totals.payable, tax_inclusive - totals.prepaid + totals.rounding,
                  "totals.payable", "BR-CO-16", lmt + "/cbc:PayableAmount",
                  "TaxInclusiveAmount − PrepaidAmount + PayableRoundingAmount");
}

// BR-CO-17: each rate's tax is its taxable base × rate, rounded once. The amounts booked come
// from the subtotals as stated, so a deviation is reported, not refused.
void check_en16931_vat_breakdown(const MappedDocument& mapped,
                                 std::vector<sdk::Problem>& warnings) {
    std::size_t index = 0;
    for (const auto& subtotal : mapped.document.vat_subtotals) {
        ++index;
        Decimal expected =
            (subtotal.taxable_amount * subtotal.percent / Decimal::from_int(100)).rounded(2);
        if (same_amount(subtotal.tax_amount, expected))
            continue;
        warnings.push_back({"vat.subtotal_amount",
                            mapped.root + "/cac:TaxTotal/cac:TaxSubtotal[" + std::to_string(index) +
                                "]/cbc:TaxAmount: BR-CO-17: states " + money(subtotal.tax_amount) +
                                " but TaxableAmount × Percent gives " + money(expected) +
                                "; the VAT is booked as stated"});
    }
}

// BR-S-08 and its family (BR-Z-08, BR-E-08, BR-AE-08, BR-O-08, ...): each rate's taxable amount
// in the VAT breakdown is its lines' net amounts plus the document charges less the document
// allowances at that rate. A target that books lines computes each rate's VAT from them, so
// where that VAT differs from the stated one by more than the lines' own rounding (1.00) the
// VAT per rate (and the momsdeklaration) would be booked wrong: refused. A base that is off
// while the stated VAT agrees with the lines books right: warned about, as F-LIB402 is.
void check_en16931_rate_bases(const MappedDocument& mapped, std::vector<sdk::Problem>& warnings) {
    using Rate = std::pair<sdk::VatCategory, Decimal>;
    auto counted = [](sdk::VatCategory category) {
        return category != sdk::VatCategory::excise && category != sdk::VatCategory::other;
    };
    std::map<Rate, Decimal> from_lines;
    for (const auto& line : mapped.document.lines)
        if (counted(line.vat_category))
            from_lines[{line.vat_category, line.vat_percent.rounded(2)}] += line.net_amount;
    for (const auto& ac : mapped.document.allowance_charges)
        if (counted(ac.vat_category))
            from_lines[{ac.vat_category, ac.vat_percent.rounded(2)}] +=
                ac.is_charge ? ac.amount : Decimal() - ac.amount;
    auto tax_of = [](Decimal base, Decimal percent) {
        return (base * percent / Decimal::from_int(100)).rounded(2);
    };
    auto described = [](const Rate& rate) {
        return rate.second.to_string(2) + " % (" + std::string(to_string(rate.first)) + ")";
    };
    std::set<Rate> stated;
    std::size_t index = 0;
    for (const auto& subtotal : mapped.document.vat_subtotals) {
        ++index;
        if (!counted(subtotal.category))
            continue;
        Rate rate{subtotal.category, subtotal.percent.rounded(2)};
        stated.insert(rate);
        Decimal lines = from_lines.count(rate) ? from_lines[rate] : Decimal();
        if (same_amount(subtotal.taxable_amount, lines))
            continue;
        const std::string& written = subtotal.category_code;
        bool en16931_code = false;
        for (const char* letter : {"S", "Z", "E", "AE", "K", "G", "O", "L", "M"})
            en16931_code = en16931_code || written == letter;
        std::string rule = "BR-" + (en16931_code ? written : std::string("CO")) + "-08";
        std::string path = mapped.root + "/cac:TaxTotal/cac:TaxSubtotal[" + std::to_string(index) +
                           "]/cbc:TaxableAmount";
        Decimal lines_tax = tax_of(lines, subtotal.percent);
        if ((lines_tax - subtotal.tax_amount).abs() > line_tolerance)
            throw Rejection{"vat.rate_base", path,
                            rule + ": states " + money(subtotal.taxable_amount) +
                                " but the lines, charges and allowances at " + described(rate) +
                                " come to " + money(lines) + ", whose VAT (" + money(lines_tax) +
                                ") differs from the stated " + money(subtotal.tax_amount) +
                                " by more than 1.00; the VAT per rate would be booked wrong",
                            true};
        warnings.push_back(
            {"vat.rate_base", path + ": " + rule + ": states " + money(subtotal.taxable_amount) +
                                  " but the lines, charges and allowances at " + described(rate) +
                                  " come to " + money(lines) +
                                  "; their VAT agrees with the stated, which is booked"});
    }
    for (const auto& [rate, amount] : from_lines) {
        if (stated.contains(rate) || tax_of(amount, rate.second).abs() <= line_tolerance)
            continue;
        throw Rejection{"vat.rate_base", mapped.root + "/cac:TaxTotal",
                        "BR-CO-18: the lines at " + described(rate) + " come to " + money(amount) +
                            " but the VAT breakdown has no subtotal for that rate; the VAT per "
                            "rate would be booked wrong",
                        true};
    }
}

// F-LIB402: the header's taxable base against the lines' own taxable amounts. A mismatch
// is a defect of the VAT breakdown only; the amounts booked come from the totals.
void check_taxable_base(const MappedDocument& mapped, std::vector<sdk::Problem>& warnings) {
    if (!mapped.lines_carry_tax || mapped.document.vat_subtotals.empty())
        return;
    Decimal header_taxable;
    for (const auto& subtotal : mapped.document.vat_subtotals)
        header_taxable += subtotal.taxable_amount;
    Decimal lines_taxable = mapped.line_taxable - mapped.header_allowances + mapped.header_charges;
    if ((header_taxable - lines_taxable).abs() > taxable_base_tolerance)
        warnings.push_back(
            {"vat.taxable_base", mapped.root + "/cac:TaxTotal: the VAT subtotals' TaxableAmount (" +
                                     money(header_taxable) + ") differs from the lines' (" +
                                     money(lines_taxable) +
                                     ") by more than 1.00 (F-LIB402); the amounts booked are "
                                     "unaffected"});
}

void check_totals(const MappedDocument& mapped, std::vector<sdk::Problem>& warnings) {
    check_sums(mapped);
    if (mapped.generation == Generation::oioubl2) {
        check_oioubl2_totals(mapped);
    } else {
        check_en16931_totals(mapped);
        check_en16931_rate_bases(mapped, warnings);
        check_en16931_vat_breakdown(mapped, warnings);
    }
    check_taxable_base(mapped, warnings);
}

}  // namespace

// SE-R-006: a Swedish supplier (in Sweden, with a Swedish VAT number) charges standard-rated
// VAT at 25, 12 or 6 %; another rate would book VAT on an account Skatteverket does not have.
void check_swedish_rates(const MappedDocument& mapped) {
    const sdk::Party& supplier = mapped.document.supplier;
    if (mapped.generation != Generation::en16931 || supplier.address.country_code != "SE" ||
        !supplier.vat_number.starts_with("SE"))
        return;
    auto swedish_rate = [](sdk::Decimal percent) {
        for (int rate : {25, 12, 6})
            if (percent == sdk::Decimal::from_int(rate))
                return true;
        return false;
    };
    auto refuse = [&](const std::string& path, sdk::Decimal percent) {
        throw Rejection{"vat.rate_not_swedish", path,
                        "SE-R-006: standard-rated VAT at " + percent.to_string(2) +
                            " %; a Swedish supplier charges 25, 12 or 6 %",
                        true};
    };
    std::size_t index = 0;
    for (const auto& line : mapped.document.lines) {
        ++index;
        if (line.vat_category == sdk::VatCategory::standard && !swedish_rate(line.vat_percent))
            refuse(mapped.pricing[index - 1].path + "/cac:Item/cac:ClassifiedTaxCategory",
                   line.vat_percent);
    }
    index = 0;
    for (const auto& subtotal : mapped.document.vat_subtotals) {
        ++index;
        if (subtotal.category == sdk::VatCategory::standard && !swedish_rate(subtotal.percent))
            refuse(mapped.root + "/cac:TaxTotal/cac:TaxSubtotal[" + std::to_string(index) +
                       "]/cac:TaxCategory",
                   subtotal.percent);
    }
}

void check_document(const MappedDocument& mapped, bool key_expected,
                    std::vector<sdk::Problem>& warnings) {
    if (key_expected)
        check_supplier(mapped, warnings);
    check_swedish_rates(mapped);
    check_lines(mapped);
    check_totals(mapped, warnings);
}

}  // namespace ferry::ubl
