// A Danish customer list and invoice file, as the tests and the conformance harness use them.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

namespace ferry::csv::testing {

inline constexpr const char* company = "12345678";

// A customer list as a practice system exports it: semicolons, Danish headers, Windows line
// ends, a quoted name holding the separator.
inline const std::string customers_csv =
    "Kundenr;Navn;CVR;Momsnr;EAN;Adresse;Postnr;By;Land;E-mail;Telefon;Kontaktperson;Spærret\r\n"
    "1001;\"Hansen & Søn; Tømrer\";DK 12 34 56 74;;;Storegade 1;5000;Odense C;;"
    "info@hansen.dk;66 12 34 56;Karen Hansen;nej\r\n"
    "1002;Kommunen;29189889;;5798000000001;Rådhuspladsen 1;5000;Odense C;DK;;;;\r\n"
    "1003;Peter Jensen;;;;Bakkevej 2;8000;Aarhus C;;peter@example.dk;;;x\r\n";

// Two invoices and a credit note, one row per line.
inline const std::string invoices_csv =
    "Fakturanr;Fakturadato;Forfaldsdato;Kundenr;Valuta;Linjetype;Tekst;Antal;Enhedspris;Moms%;"
    "Beløb\r\n"
    "5001;02-03-2026;16-03-2026;1001;DKK;Timer;Rådgivning marts;3;333,33;25;999,99\r\n"
    "5001;02-03-2026;16-03-2026;1001;DKK;Kørsel;Kørsel til kunde;12,5;3,79;25;\r\n"
    "5002;03.03.2026;;1002;;Udlæg;Gebyr;1;1.250,00;0;1.250,00\r\n"
    "5003;2026-03-04;;1001;;Timer;Kreditering af timer;-2;333,33;25;-666,66\r\n";

inline void write_file(const std::filesystem::path& file, const std::string& bytes) {
    std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
}

}  // namespace ferry::csv::testing
