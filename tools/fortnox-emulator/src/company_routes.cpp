// Company information, the chart of accounts, predefined accounts and financial years.
#include "resources.hpp"

#include <ferry/sdk/date.hpp>

namespace fortnox_emulator {
namespace {

using json = nlohmann::json;

struct SeedAccount {
    int number;
    const char* description;
    const char* vat_code;
};

// BAS 2020 accounts an invoice sink needs [BAS]; 1510 and 3740 as Fortnox's predefined
// CUSTCLAIM and ROUNDOFF (unconfirmed: read them with GET /3/predefinedaccounts).
constexpr SeedAccount chart[] = {
    {1510, "Kundfordringar", ""},
    {1930, "Företagskonto/checkkonto/affärskonto", ""},
    {2611, "Utgående moms på försäljning inom Sverige, 25 %", ""},
    {2621, "Utgående moms på försäljning inom Sverige, 12 %", ""},
    {2631, "Utgående moms på försäljning inom Sverige, 6 %", ""},
    {2641, "Debiterad ingående moms", ""},
    {3001, "Försäljning inom Sverige, 25 % moms", "MP1"},
    {3002, "Försäljning inom Sverige, 12 % moms", "MP2"},
    {3003, "Försäljning inom Sverige, 6 % moms", "MP3"},
    {3004, "Försäljning inom Sverige, momsfri", "MF"},
    {3740, "Öres- och kronutjämning", ""},
};

constexpr std::pair<const char*, int> predefined[] = {
    {"CUSTCLAIM", 1510},  {"ROUNDOFF", 3740},    {"OUTVAT_MP1", 2611},  {"OUTVAT_MP2", 2621},
    {"OUTVAT_MP3", 2631}, {"SALES_25_SE", 3001}, {"SALES_12_SE", 3002}, {"SALES_6_SE", 3003},
    {"SALES_0_SE", 3004}, {"INVAT", 2641},
};

std::string dashed(const std::string& organisation_number) {
    return organisation_number.substr(0, 6) + "-" + organisation_number.substr(6);
}

Reply not_allowed(const Context& context) {
    return context.error(
        405, code::not_found,
        "Metoden " + context.method + " stöds inte för " + context.target.path + ".");
}

Reply company_information(const Context& context) {
    return Reply::json(200, {{"CompanyInformation",
                              {{"@url", url_of(context, "companyinformation")},
                               {"CompanyName", context.tenant.name},
                               {"OrganizationNumber", dashed(context.tenant.organisation_number)},
                               {"DatabaseNumber", context.tenant.database_number},
                               {"Address", ""},
                               {"ZipCode", ""},
                               {"City", ""},
                               {"CountryCode", "SE"}}}});
}

Reply accounts(const Context& context) {
    const auto& s = context.target.segments;
    auto table = context.table("accounts");
    if (s.size() == 3) {
        const json* account = context.store.find(table, s[2]);
        if (!account)
            return context.error(404, code::account_not_found,
                                 "Kan inte hitta kontot " + s[2] + ".");
        json shown = *account;
        shown["@url"] = url_of(context, "accounts/" + s[2]);
        return Reply::json(200, {{"Account", shown}});
    }
    auto paging = paging_of(context);
    if (auto* problem = std::get_if<Reply>(&paging))
        return *problem;
    std::vector<json> items;
    for (const auto& [number, account] : context.store.table(table))
        items.push_back(account);
    std::sort(items.begin(), items.end(), [](const json& a, const json& b) {
        return a.at("Number").get<int>() < b.at("Number").get<int>();
    });
    return list_reply("Accounts", items, std::get<Paging>(paging));
}

Reply predefined_accounts(const Context& context) {
    const auto& s = context.target.segments;
    auto table = context.table("predefinedaccounts");
    if (s.size() == 3) {
        const json* account = context.store.find(table, s[2]);
        if (!account)
            return context.error(404, code::not_found,
                                 "Det fördefinierade kontot " + s[2] + " finns inte.");
        return Reply::json(200, {{"PreDefinedAccount", *account}});
    }
    json items = json::array();
    for (const auto& [name, account] : context.store.table(table))
        items.push_back(account);
    return Reply::json(200, {{"PreDefinedAccounts", items}});
}

Reply financial_years(const Context& context) {
    const auto& s = context.target.segments;
    auto table = context.table("financialyears");
    if (s.size() == 3) {
        const json* year = context.store.find(table, s[2]);
        if (!year)
            return context.error(404, code::not_found, "Räkenskapsåret " + s[2] + " finns inte.");
        return Reply::json(200, {{"FinancialYear", *year}});
    }
    const std::string* date = context.query("date");
    if (date && (date->size() != 10 || !ferry::sdk::Date::parse(*date)))
        return context.error(400, code::invalid_parameter,
                             "Ogiltig parameter: date ska vara YYYY-MM-DD.");
    auto paging = paging_of(context);
    if (auto* problem = std::get_if<Reply>(&paging))
        return *problem;
    std::vector<json> items;
    for (const auto& [id, year] : context.store.table(table))
        if (!date || (year.at("FromDate").get<std::string>() <= *date &&
                      *date <= year.at("ToDate").get<std::string>()))
            items.push_back(year);
    std::sort(items.begin(), items.end(), [](const json& a, const json& b) {
        return a.at("Id").get<int>() < b.at("Id").get<int>();
    });
    return list_reply("FinancialYears", items, std::get<Paging>(paging));
}

}  // namespace

void seed_company(Store& store, const Tenant& tenant) {
    const std::string prefix = tenant.organisation_number + "/";
    for (const auto& account : chart)
        store.put(prefix + "accounts", std::to_string(account.number),
                  {{"Number", account.number},
                   {"Description", account.description},
                   {"Active", true},
                   {"VATCode", account.vat_code},
                   {"BalanceBroughtForward", 0},
                   {"SRU", 0}});
    for (const auto& [name, number] : predefined)
        store.put(prefix + "predefinedaccounts", name, {{"Name", name}, {"Account", number}});
    for (int year = 2020, id = 1; year <= 2030; ++year, ++id)
        store.put(prefix + "financialyears", std::to_string(id),
                  {{"Id", id},
                   {"FromDate", std::to_string(year) + "-01-01"},
                   {"ToDate", std::to_string(year) + "-12-31"},
                   {"AccountChartType", "BAS 2020"},
                   {"AccountingMethod", "ACCRUAL"}});
}

Reply company_routes(Context& context) {
    const auto& s = context.target.segments;
    if (context.method != "GET")
        return not_allowed(context);
    if (s[1] == "companyinformation" && s.size() == 2)
        return company_information(context);
    if (s.size() > 3)
        return context.error(404, code::not_found, "Resursen finns inte: " + context.target.path);
    if (s[1] == "accounts")
        return accounts(context);
    if (s[1] == "predefinedaccounts")
        return predefined_accounts(context);
    if (s[1] == "financialyears")
        return financial_years(context);
    return context.error(404, code::not_found, "Resursen finns inte: " + context.target.path);
}

}  // namespace fortnox_emulator
