#include "ubl_codes.hpp"

#include <algorithm>
#include <iterator>

#include "rejection.hpp"

namespace ferry::ubl {
namespace {

// ISO 4217 alphabetic codes in use (2024), sorted for binary search.
constexpr std::string_view currency_codes[] = {
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD",
    "CDF", "CHF", "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD",
    "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ",
    "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD",
    "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR",
    "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR",
    "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN",
    "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR",
    "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB",
    "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS",
    "VED", "VES", "VND", "VUV", "WST", "XAF", "XCD", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWL"};

static_assert(std::is_sorted(std::begin(currency_codes), std::end(currency_codes)));

}  // namespace

bool all_digits(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string normalise_cvr(std::string_view value) {
    if (value.size() == 10 && (value.substr(0, 2) == "DK" || value.substr(0, 2) == "dk"))
        value.remove_prefix(2);
    return value.size() == 8 && all_digits(value) ? std::string(value) : std::string();
}

std::string normalise_cpr(std::string_view value) {
    std::string digits;
    for (char c : value)
        if (c != '-')
            digits += c;
    return digits.size() == 10 && all_digits(digits) ? digits : std::string();
}

std::string normalise_orgnr(std::string_view value) {
    std::string digits(value);
    if (digits.size() == 11 && digits[6] == '-')
        digits.erase(6, 1);
    if (digits.size() != 10 || !all_digits(digits))
        return {};
    // Luhn over all ten digits: every other digit from the first doubled.
    int sum = 0;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        int digit = digits[i] - '0';
        if (i % 2 == 0)
            digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
        sum += digit;
    }
    return sum % 10 == 0 ? digits : std::string();
}

Generation generation_of(const std::string& customization, const std::string& path,
                         bool reads_oioubl2) {
    if (reads_oioubl2 && (customization == "OIOUBL-2.01" || customization == "OIOUBL-2.02" ||
                          customization == "OIOUBL-2.1"))
        return Generation::oioubl2;
    if (customization.starts_with("urn:fdc:oioubl.dk:") ||
        customization.starts_with("urn:cen.eu:en16931:2017"))
        return Generation::en16931;
    throw Rejection{"version.unsupported", path,
                    reads_oioubl2
                        ? "is missing or names a format this plugin does not read (expected "
                          "OIOUBL-2.01, OIOUBL-2.02, OIOUBL-2.1, OIOUBL 3.0 or Peppol BIS 3)"
                        : "is missing or names a format this plugin does not read (expected an "
                          "EN 16931 CustomizationID: Peppol BIS 3, OIOUBL 3.0 or another "
                          "urn:cen.eu:en16931:2017 profile)"};
}

std::string format_name(const std::string& customization, Generation generation) {
    if (generation == Generation::oioubl2)
        return customization;
    if (customization.starts_with("urn:fdc:oioubl.dk:"))
        return "OIOUBL-3.0";
    // Other EN 16931 profiles (XRechnung, national CIUS) follow the same rules under their own
    // name; only Peppol's CIUS is Peppol BIS 3.
    return customization.find("urn:fdc:peppol.eu:2017:poacc:billing:") != std::string::npos
               ? "PEPPOL-BIS-3"
               : "EN16931";
}

sdk::VatCategory vat_category_of(std::string_view code, std::string_view scheme) {
    if (!scheme.empty() && scheme != "63" && scheme != "VAT")
        return sdk::VatCategory::excise;
    if (code == "StandardRated" || code == "S")
        return sdk::VatCategory::standard;
    if (code == "ZeroRated" || code == "Z" || code == "K" || code == "G")
        return sdk::VatCategory::zero;
    if (code == "E")
        return sdk::VatCategory::exempt;
    if (code == "ReverseCharge" || code == "AE")
        return sdk::VatCategory::reverse_charge;
    if (code == "Excise" || all_digits(code))
        return sdk::VatCategory::excise;
    if (code == "O")
        return sdk::VatCategory::outside_scope;
    return sdk::VatCategory::other;
}

bool is_currency_code(std::string_view value) {
    return std::binary_search(std::begin(currency_codes), std::end(currency_codes), value);
}

std::string shown_currency(std::string_view value) {
    return is_currency_code(value) ? std::string(value) : "a code that is not an ISO 4217 currency";
}

std::string described_non_decimal(std::string_view value) {
    if (value.find(',') != std::string_view::npos)
        return "uses a decimal comma; UBL requires a decimal point";
    auto digits = [](std::string_view text) {
        return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    auto point = value.find('.');
    if (point != std::string_view::npos) {
        std::string_view whole = value.substr(0, point), fraction = value.substr(point + 1);
        if (!whole.empty() && (whole.front() == '-' || whole.front() == '+'))
            whole.remove_prefix(1);
        while (!fraction.empty() && fraction.back() == '0')
            fraction.remove_suffix(1);
        if (digits(whole) && digits(fraction) && fraction.size() > sdk::Decimal::scale)
            return "has " + std::to_string(fraction.size()) + " decimals; at most " +
                   std::to_string(sdk::Decimal::scale) + " are allowed (amounts have 2)";
    }
    return "is not a decimal number";
}

}  // namespace ferry::ubl
