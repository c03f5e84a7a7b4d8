// The expected outcome of every public sample, and the NOVAX-style name each gets: the number
// from its cbc:ID, the CVR of its supplier (an invented one where the supplier has none).
#pragma once

#include <string>

#include "ferry/sdk/document.hpp"

namespace ferry::novax::testing {

struct Sample {
    const char* file;
    sdk::DocumentKind kind;
    const char* number;
    const char* cvr;
    const char* rejected_with;  // empty: accepted
    const char* issue_date;
    const char* currency;
    std::size_t lines;
    const char* line_total;
    const char* vat;
    const char* payable;
    const char* format;
};

inline constexpr auto invoice = sdk::DocumentKind::invoice;
inline constexpr auto credit = sdk::DocumentKind::credit_note;

// Values read from the files with xmllint, independently of the parser.
inline const Sample samples[] = {
    {"gobl-convert-out__dual-currency-mixed.xml", invoice, "FINAL-DUAL-MIX", "12345674", "",
     "2026-05-29", "EUR", 2, "11000.00", "2500.00", "13500.00", "OIOUBL-2.1"},
    {"gobl-convert-out__fik.xml", invoice, "FINAL-FIK01", "12345674", "", "2026-05-29", "DKK", 1,
     "2000.00", "500.00", "2500.00", "OIOUBL-2.1"},
    {"gobl-convert-out__zero-rated-foreign-currency.xml", invoice, "FINAL-ZERO-FGN", "12345674", "",
     "2026-05-29", "EUR", 1, "1000.00", "0.00", "1000.00", "OIOUBL-2.1"},
    {"gobl-parse__cpr-supplier.xml", invoice, "SAMPLE-002", "12345678", "", "2024-05-15", "DKK", 1,
     "100.00", "0.00", "100.00", "OIOUBL-2.1"},
    {"gobl-parse__credit-note-no-typecode.xml", credit, "CN-001", "37990485", "", "2024-05-15",
     "EUR", 1, "1800.00", "342.00", "2142.00", "OIOUBL-2.1"},
    {"gobl-parse__excise-registration-tax_real.xml", invoice, "5555", "10000025", "", "2009-06-02",
     "DKK", 2, "76121.00", "103879.40", "180000.00", "OIOUBL-2.02"},
    {"gobl-parse__happy-path_real.xml", invoice, "A00095678", "16356700", "", "2005-11-20", "DKK",
     2, "5050.00", "1262.50", "6312.50", "OIOUBL-2.01"},
    {"gobl-parse__negative-rounding_real.xml", credit, "70390", "11668216", "", "2009-06-02", "DKK",
     4, "98.80", "22.73", "113.62", "OIOUBL-2.02"},
    {"gobl-parse__prices-advanced_real.xml", invoice, "A00095678", "16356700", "oioubl.line.amount",
     "", "", 0, "", "", "", ""},
    {"gobl-parse__reverse-charge.xml", invoice, "A00095678", "16356706", "", "2005-11-20", "DKK", 1,
     "5000.00", "0.00", "5000.00", "OIOUBL-2.1"},
    {"gobl-parse__used-invoice_real.xml", invoice, "A00095678", "16356700",
     "oioubl.totals.line_sum", "", "", 0, "", "", "", ""},
    {"peppol-bis-3__Allowance-example.xml", invoice, "Snippet1", "12345674", "", "2017-11-13",
     "EUR", 3, "5900.00", "1225.00", "6125.00", "PEPPOL-BIS-3"},
    {"peppol-bis-3__Norwegian-example-1.xml", invoice, "TOSL108", "12345674", "", "2013-06-30",
     "NOK", 5, "1436.50", "365.28", "802.00", "PEPPOL-BIS-3"},
    {"phive-1.17.2__OIOUBL_CreditNoteCertificate.xml", credit, "Test2012-2021", "16356709", "",
     "2021-12-20", "DKK", 1, "363.16", "90.79", "453.95", "OIOUBL-2.1"},
    {"phive-1.17.2__OIOUBL_CreditNote_v2p2.xml", credit, "A00095679", "16356706", "", "2005-11-20",
     "DKK", 2, "5050.00", "1262.50", "6312.50", "OIOUBL-2.1"},
    {"phive-1.17.2__OIOUBL_Invoice_UBLExtensions_v2p2.xml", invoice, "A00095678", "16356706", "",
     "2005-11-20", "DKK", 2, "5050.00", "1262.50", "6312.50", "OIOUBL-2.1"},
    {"phive-1.17.2__OIOUBL_Invoice_v2p2.xml", invoice, "A00095678", "16356706", "", "2005-11-20",
     "DKK", 2, "5050.00", "1262.50", "6312.50", "OIOUBL-2.1"},
    {"phive-2.0.2__ADVORD_02_02_00_Invoice_v2p2.xml", invoice, "A00095680", "16356706", "",
     "2006-04-10", "DKK", 1, "4000.00", "1000.00", "5000.00", "OIOUBL-2.02"},
    {"phive-2.0.2__BASPRO_01_01_00_Invoice_v2p2.xml", invoice, "A00095678", "16356706", "",
     "2005-11-20", "DKK", 2, "5050.00", "1262.50", "6312.50", "OIOUBL-2.02"},
    {"phive-2.0.2__BASPRO_03_01_06_CreditNote_v2p2.xml", credit, "A00095679", "16356706", "",
     "2005-11-20", "DKK", 2, "5050.00", "1262.50", "6312.50", "OIOUBL-2.02"},
    {"phive-2.0.2__BASPRO_03_01_06_Invoice_B_v2p2.xml", invoice, "A00095680", "16356706", "",
     "2005-11-20", "DKK", 2, "5050.00", "1062.50", "5312.50", "OIOUBL-2.02"},
    {"phive-2.0.2__COMDEL_02_02_00_Invoice_v2p2.xml", invoice, "A00095678", "16356706", "",
     "2005-12-29", "DKK", 4, "33340.00", "8335.00", "41675.00", "OIOUBL-2.02"},
    {"phive-2.0.2__COMORG_03_03_00_Invoice_v2p2.xml", invoice, "A00095678", "16356707", "",
     "2005-11-20", "DKK", 2, "5050.00", "1262.50", "6312.50", "OIOUBL-2.02"},
    {"phive-2.0.2__COMPAY_01_01_00_Invoice_v2p2.xml", invoice, "A00095678", "73624118", "",
     "2005-11-20", "DKK", 2, "3950.00", "1006.25", "5031.25", "OIOUBL-2.02"},
    {"phive-2.0.2__CreditNoteStor_v2p2.xml", credit, "A00095679", "16356706", "", "2005-11-20",
     "DKK", 2, "11200.00", "2600.00", "13000.00", "OIOUBL-2.02"},
    {"phive-2.0.2__InvoiceStor_v2p2.xml", invoice, "A00095678", "16356707", "", "2005-11-20", "DKK",
     2, "11200.00", "2600.00", "12900.00", "OIOUBL-2.02"},
    {"phive-3.0.1__OIOUBL3_CreditNote_billing_with_response_Example.xml", credit, "202400095679",
     "16356706", "", "2024-05-20", "DKK", 2, "5050.00", "1262.50", "6312.50", "OIOUBL-3.0"},
    {"phive-3.0.1__OIOUBL3_Invoice_billing_with_response_Example.xml", invoice, "202400095678",
     "16356706", "", "2024-05-20", "DKK", 2, "5050.00", "1262.50", "6312.50", "OIOUBL-3.0"},
};

inline std::string novax_name(const Sample& sample) {
    return std::string("Novax_") + sample.number + "_" + sample.cvr +
           (sample.kind == sdk::DocumentKind::invoice ? "_Faktura.xml" : "_Kreditnote.xml");
}

inline sdk::DocumentKey key_of(const Sample& sample) {
    return {sample.cvr, sample.kind, sample.number};
}

}  // namespace ferry::novax::testing
