// The plugin's settings, bound to the configuration the source is made from: the binding is
// the table the host validates against, and the member initializers are the defaults.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "csv_text.hpp"
#include "ferry/sdk/decimal.hpp"
#include "ferry/sdk/settings_binding.hpp"
#include "server_settings.hpp"

namespace ferry::csv {

// Which header names the customer list's columns carry; an empty name: not read.
struct CustomerColumns {
    std::string number = "Kundenr";
    std::string name = "Navn";
    std::string cvr = "CVR";
    std::string vat_number = "Momsnr";
    std::string ean = "EAN";
    std::string address = "Adresse";
    std::string postcode = "Postnr";
    std::string city = "By";
    std::string country = "Land";
    std::string email = "E-mail";
    std::string telephone = "Telefon";
    std::string contact_person = "Kontaktperson";
    std::string barred = "Spærret";
};

// Which header names the invoice file's columns carry; an empty name: not read.
struct InvoiceColumns {
    std::string number = "Fakturanr";
    std::string date = "Fakturadato";
    std::string due_date = "Forfaldsdato";
    std::string customer = "Kundenr";
    std::string currency = "Valuta";
    std::string line_kind = "Linjetype";
    std::string text = "Tekst";
    std::string quantity = "Antal";
    std::string unit_price = "Enhedspris";
    std::string vat_percent = "Moms%";
    std::string amount = "Beløb";
    std::string type = "Type";
};

struct CsvSettings {
    std::vector<files::ServerSettings> servers;
    std::string company;
    std::vector<std::string> customer_files;
    std::vector<std::string> invoice_files;
    Encoding encoding = Encoding::automatic;
    std::string separator = ";";
    bool decimal_comma = true;
    std::string currency = "DKK";
    sdk::Decimal vat_percent = sdk::Decimal::from_int(25);
    std::vector<std::string> vat_rates = {"25", "0"};
    CustomerColumns customer_columns;
    InvoiceColumns invoice_columns;
    std::int64_t max_file_mb = 10;

    std::size_t max_file_bytes() const { return static_cast<std::size_t>(max_file_mb) << 20; }
};

const sdk::SettingsBinding<CsvSettings>& settings_binding();
const sdk::SettingsTable& settings_table();

// What cannot work although each value is valid on its own (no server, no file pattern, a VAT
// rate that is no number); reads nothing and opens no connection.
std::vector<sdk::SettingsProblem> check_settings(const sdk::Settings& settings);

CsvSettings read_settings(const sdk::Settings& settings);

}  // namespace ferry::csv
