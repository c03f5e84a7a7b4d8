#include "ledger.hpp"

#include "invoice_totals.hpp"
#include "json_body.hpp"
#include "references.hpp"
#include "route_helpers.hpp"

#include <ferry/sdk/decimal.hpp>

#include <algorithm>
#include <map>

namespace economic_emulator {
namespace {

using json = nlohmann::json;
using ferry::sdk::Decimal;

const CollectionDescription accounts_description{"/accounts", "accounts.get", {}, false};

// Sales accounts of the seeded product groups (their sales account for every VAT zone: the
// emulator keeps one), and the output VAT account.
const std::map<std::int64_t, std::int64_t> sales_account_of_group = {
    {1, 1010}, {2, 1020}, {4, 1030}, {100, 1040}};
constexpr std::int64_t default_sales_account = 1010;
constexpr std::int64_t output_vat_account = 6902;
constexpr std::int64_t default_debtor_account = 5600;

bool dated_within(const json& entry, const std::string& from, const std::string& to) {
    const std::string date = entry.at("date").get<std::string>();
    return from <= date && date <= to;  // ISO dates compare as text
}

json account_link(std::int64_t number, const std::string& base_url) {
    return {{"accountNumber", number}, {"self", base_url + "/accounts/" + std::to_string(number)}};
}

Decimal balance_of(const Agreement& agreement, std::int64_t account) {
    Decimal sum;
    for (const auto& [key, entry] : agreement.collection("entries").items())
        if (entry.at("account").at("accountNumber") == account)
            sum += decimal_of(entry.at("amountInBaseCurrency"));
    return sum;
}

json shown_account(const json& account, const Agreement& agreement, const std::string& base_url) {
    json shown = account;
    std::int64_t number = account.at("accountNumber").get<std::int64_t>();
    std::string type = account.at("accountType").get<std::string>();
    if (type == "profitAndLoss" || type == "status") {
        // No journals are emulated, so nothing is drafted beside what is booked.
        json balance = to_json(balance_of(agreement, number));
        shown["balance"] = balance;
        shown["draftBalance"] = balance;
    }
    std::string self = base_url + "/accounts/" + std::to_string(number);
    shown["accountingYears"] = self + "/accounting-years";
    shown["self"] = self;
    return rendered(shown, base_url);
}

json shown_entry(const json& entry, const std::string& base_url) {
    json shown = entry;
    shown["account"] = account_link(entry.at("account").at("accountNumber"), base_url);
    return rendered(shown, base_url);
}

}  // namespace

void seed_chart_of_accounts(Agreement& agreement) {
    auto& accounts = agreement.collection("accounts");
    auto account = [&](std::int64_t number, const char* name, const char* type,
                       const char* debit_credit, json extra = json::object()) {
        json entity = {{"accountNumber", number},
                       {"name", name},
                       {"accountType", type},
                       {"debitCredit", debit_credit},
                       {"blockDirectEntries", false}};
        entity.update(extra);
        accounts.put(std::move(entity));
    };
    account(1000, "Omsætning", "headingStart", "credit");
    account(1010, "Salg af varer m/moms", "profitAndLoss", "credit",
            {{"vatAccount", {{"vatCode", "U25"}}}});
    account(1020, "Salg af ydelser m/moms", "profitAndLoss", "credit",
            {{"vatAccount", {{"vatCode", "U25"}}}});
    account(1030, "Salg af ydelser u/moms", "profitAndLoss", "credit");
    account(1040, "Klinikydelser m/moms", "profitAndLoss", "credit",
            {{"vatAccount", {{"vatCode", "U25"}}}});
    account(1099, "Omsætning i alt", "totalFrom", "credit",
            {{"totalFromAccount", {{"accountNumber", 1000}}}});
    account(5000, "Aktiver", "heading", "debit");
    account(5600, "Debitorer", "status", "debit");
    account(5610, "Udenlandske debitorer", "status", "debit");
    account(5620, "Klinikdebitorer", "status", "debit");
    account(5820, "Bankkonto", "status", "debit");
    account(6900, "Moms", "heading", "credit");
    account(6902, "Udgående (salg) moms", "status", "credit");
    account(6903, "Indgående (køb) moms", "status", "debit");
    account(6999, "Balance", "sumInterval", "debit",
            {{"accountsSummed",
              {{{"fromAccount", {{"accountNumber", 5000}}},
                {"toAccount", {{"accountNumber", 6998}}}}}}});
    account(9999, "Kontrol", "sumAlpha", "debit");
}

void post_invoice_entries(Agreement& agreement, const json& invoice) {
    auto& entries = agreement.collection("entries");
    std::int64_t next = entries.next_number();
    const std::int64_t booked_number = invoice.at("bookedInvoiceNumber").get<std::int64_t>();
    const Decimal rate = decimal_of(invoice.value("exchangeRate", json(100)));
    auto base = [&](Decimal amount) { return percent_of(amount, rate); };

    json customer = invoice.value("customer", json::object());
    std::int64_t debtor_account = default_debtor_account;
    if (const json* stored =
            agreement.collection("customers").find(customer.value("customerNumber", json())))
        if (const json* group = agreement.collection("customer-groups")
                                    .find(stored->at("customerGroup").at("customerGroupNumber")))
            debtor_account = group->at("account").at("accountNumber").get<std::int64_t>();

    // The text e-conomic writes is unconfirmed; like a bookkeeper's, it names the customer.
    const std::string text = "Faktura " + std::to_string(booked_number) + " " +
                             invoice.value("recipient", json::object()).value("name", "");
    auto post = [&](std::int64_t account, Decimal amount, json extra) {
        json entry = {{"entryNumber", next++},
                      {"entryType", "customerInvoice"},
                      {"account", {{"accountNumber", account}}},
                      {"amount", to_json(amount)},
                      {"amountInBaseCurrency", to_json(base(amount))},
                      {"currency", invoice.at("currency")},
                      {"date", invoice.at("date")},
                      {"text", text.substr(0, 255)},
                      {"voucherNumber", booked_number},
                      {"invoiceNumber", booked_number},
                      {"bookedInvoice", {{"bookedInvoiceNumber", booked_number}}}};
        entry.update(extra);
        agreement.put("entries", std::move(entry));
    };

    const Decimal gross = decimal_of(invoice.at("grossAmount"));
    json debtor = {{"customer", customer},
                   {"remainder", to_json(gross)},
                   {"remainderInBaseCurrency", to_json(base(gross))}};
    if (invoice.contains("dueDate"))
        debtor["dueDate"] = invoice["dueDate"];
    post(debtor_account, gross, debtor);

    // One sales entry per sales account and departmental distribution, in the order first met.
    std::vector<std::pair<std::pair<std::int64_t, json>, Decimal>> sales;
    for (const json& line : invoice.value("lines", json::array())) {
        std::int64_t account = default_sales_account;
        if (line.contains("product"))
            if (const json* product = agreement.collection("products")
                                          .find(line["product"].value("productNumber", json())))
                if (auto found = sales_account_of_group.find(
                        product->at("productGroup").at("productGroupNumber").get<std::int64_t>());
                    found != sales_account_of_group.end())
                    account = found->second;
        json distribution = line.value("departmentalDistribution", json());
        auto key = std::pair{account, distribution};
        auto at = std::find_if(sales.begin(), sales.end(),
                               [&](const auto& entry) { return entry.first == key; });
        if (at == sales.end())
            sales.push_back({key, Decimal()}), at = sales.end() - 1;
        at->second += decimal_of(line.value("totalNetAmount", json(0)));
    }
    for (const auto& [key, net] : sales) {
        json extra = json::object();
        if (!key.second.is_null())
            extra["departmentalDistribution"] = {
                {"departmentalDistributionNumber",
                 key.second.value("departmentalDistributionNumber", json())}};
        if (const json* account = agreement.collection("accounts").find(key.first))
            if (account->contains("vatAccount"))
                extra["vatAccount"] = (*account)["vatAccount"];
        post(key.first, -net, extra);
    }
    const Decimal vat = decimal_of(invoice.at("vatAmount"));
    if (!vat.is_zero())
        post(output_vat_account, -vat, json::object());
}

Reply account_routes(RouteContext& context) {
    const auto& segments = context.request.segments;
    if (context.request.method != "GET")
        return method_not_allowed();
    if (segments.size() == 1)
        return list(context, "accounts", accounts_description, [&](const json& account) {
            return shown_account(account, context.agreement, context.base_url);
        });
    auto number = numeric_id(segments[1]);
    const json* account = number ? context.agreement.collection("accounts").find(*number) : nullptr;
    if (!account || segments.size() > 2)
        return not_found();
    return Reply::json(200, shown_account(*account, context.agreement, context.base_url));
}

Reply entries_reply(RouteContext& context, const std::string& path, const std::string& from,
                    const std::string& to, const std::string& year, bool period) {
    const CollectionDescription description{
        path,
        period ? "accounting-years.accountingYear.periods.accountingYearPeriod.entries.get"
               : "accounting-years.accountingYear.entries.get",
        {},
        false};
    auto query = parse_collection_query(context.request.query, description);
    if (auto* error = std::get_if<Reply>(&query))
        return std::move(*error);
    std::vector<json> shown;
    for (const auto& [key, entry] : context.agreement.collection("entries").items())
        if (dated_within(entry, from, to)) {
            json one = shown_entry(entry, context.base_url);
            one["accountingYear"] = {{"year", year}};
            shown.push_back(std::move(one));
        }
    return Reply::json(200, collection_page(std::move(shown), std::get<CollectionQuery>(query),
                                            description, context.base_url));
}

Reply totals_reply(RouteContext& context, const std::string& path, const std::string& from,
                   const std::string& to, bool period) {
    const CollectionDescription description{
        path,
        period ? "accounting-years.accountingYear.periods.accountingYearPeriod.totals.get"
               : "accounting-years.accountingYear.totals.get",
        {},
        false};
    auto query = parse_collection_query(context.request.query, description);
    if (auto* error = std::get_if<Reply>(&query))
        return std::move(*error);
    std::map<std::int64_t, Decimal> totals;
    for (const auto& [key, entry] : context.agreement.collection("entries").items())
        if (dated_within(entry, from, to))
            totals[entry.at("account").at("accountNumber").get<std::int64_t>()] +=
                decimal_of(entry.at("amountInBaseCurrency"));
    std::vector<json> shown;
    for (const auto& [account, total] : totals)
        shown.push_back({{"account", account_link(account, context.base_url)},
                         {"totalInBaseCurrency", to_json(total)},
                         {"fromDate", from},
                         {"toDate", to}});
    return Reply::json(200, collection_page(std::move(shown), std::get<CollectionQuery>(query),
                                            description, context.base_url));
}

}  // namespace economic_emulator
