#include "settings.hpp"

#include "ubl_codes.hpp"

namespace ferry::peppol {

const sdk::SettingsBinding<PeppolSettings>& settings_binding() {
    using sdk::setting;
    static const sdk::SettingsBinding<ServerSettings> server = files::server_settings_binding(
        "Invoices and credit notes issued before this day (cbc:IssueDate) are reported as "
        "skipped, never read (for a company whose older documents are already booked).");
    static const sdk::SettingsBinding<PeppolSettings> binding{
        sdk::objects("servers", &PeppolSettings::servers, server)
            .required()
            .describe("The folders the Peppol BIS 3 files are written to, under any names; each "
                      "is listed on every pass, and one that fails does not stop the others."),
        setting("suppliers", &PeppolSettings::suppliers)
            .describe("The suppliers this pipeline books for, by company number "
                      "(organisationsnummer 556677-8899 or 5566778899, CVR); documents of other "
                      "suppliers in the folders are reported as skipped. Empty: every supplier."),
        setting("max_file_mb", &PeppolSettings::max_file_mb)
            .range(1, 64)
            .describe("Files larger than this many megabytes are refused unread (an invoice "
                      "with an attached PDF is rarely over 5). Parsing a file costs up to about "
                      "3 times its size plus 130 MB."),
        setting("settle", &PeppolSettings::settle)
            .range(sdk::Duration(), sdk::Duration::hours(1))
            .describe("A file that is not well-formed XML and changed less than this long ago "
                      "is left for a later pass instead of rejected: it may still be being "
                      "written. 0s rejects it at once."),
    };
    return binding;
}

const sdk::SettingsTable& settings_table() {
    return settings_binding().table();
}

std::string supplier_key(const std::string& written) {
    if (auto orgnr = ubl::normalise_orgnr(written); !orgnr.empty())
        return orgnr;
    if (auto cvr = ubl::normalise_cvr(written); !cvr.empty())
        return cvr;
    std::string kept;
    for (char c : written)
        if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
            kept += c;
    return kept.find_first_of("0123456789") == std::string::npos ? std::string() : kept;
}

std::vector<sdk::SettingsProblem> check_settings(const sdk::Settings& settings) {
    auto problems = files::check_servers(settings, "peppol");
    for (const std::string& supplier : settings.strings("suppliers")) {
        std::string digits;
        for (char c : supplier)
            if (c != '-' && c != ' ')
                digits += c;
        if (supplier_key(supplier).empty())
            problems.push_back({settings.where("suppliers"), "peppol.settings.supplier",
                                "'" + supplier +
                                    "' is no company number; write the organisationsnummer "
                                    "(556677-8899) or the CVR"});
        else if (digits.size() == 10 && ubl::all_digits(digits) &&
                 ubl::normalise_orgnr(supplier).empty())
            problems.push_back({settings.where("suppliers"), "peppol.settings.supplier",
                                supplier +
                                    " is not a Swedish organisationsnummer: its last digit is "
                                    "not the Luhn check digit of the other nine"});
    }
    return problems;
}

PeppolSettings read_settings(const sdk::Settings& settings) {
    PeppolSettings bound = settings_binding().bind(settings);
    for (std::string& supplier : bound.suppliers)
        supplier = supplier_key(supplier);
    return bound;
}

}  // namespace ferry::peppol
