#include "ledger.hpp"

#include "emulator_kit/json_body.hpp"
#include "error_bodies.hpp"
#include "invoice_totals.hpp"
#include "references.hpp"
#include "route_helpers.hpp"

#include <ferry/sdk/decimal.hpp>

#include <ferry/sdk/date.hpp>

#include <algorithm>
#include <map>
#include <random>

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
constexpr std::int64_t bank_account = 5820;

json account_link(std::int64_t number, const std::string& base_url) {
    return {{"accountNumber", number}, {"self", base_url + "/accounts/" + std::to_string(number)}};
}

}  // namespace

// Entries are append-only, so the index only grows: each read indexes what was posted since the
// last one. A ledger of 200,000 entries is read period by period without scanning it each time.
struct EntryIndex {
    std::size_t indexed = 0;
    std::string last_key;
    std::multimap<std::string, std::pair<std::int64_t, const json*>> by_date;  // number, entry
    std::map<std::int64_t, Decimal> balance_of_account;
};

namespace {

EntryIndex& indexed_entries(Agreement& agreement) {
    const auto& items = agreement.collection("entries").items();
    if (!agreement.entry_index || items.size() < agreement.entry_index->indexed ||
        (agreement.entry_index->indexed > 0 && !items.count(agreement.entry_index->last_key)))
        agreement.entry_index = std::make_shared<EntryIndex>();  // replaced under us: start over
    EntryIndex& index = *agreement.entry_index;
    auto next = index.indexed == 0 ? items.begin() : items.upper_bound(index.last_key);
    for (; next != items.end(); ++next) {
        const json& entry = next->second;
        index.by_date.emplace(entry.at("date").get<std::string>(),
                              std::pair{entry.at("entryNumber").get<std::int64_t>(), &entry});
        index.balance_of_account[entry.at("account").at("accountNumber").get<std::int64_t>()] +=
            decimal_of(entry.at("amountInBaseCurrency"));
        index.last_key = next->first;
        ++index.indexed;
    }
    return index;
}

// The entries dated within [from, to] (ISO dates compare as text), in entry-number order.
std::vector<const json*> entries_dated(Agreement& agreement, const std::string& from,
                                       const std::string& to) {
    const EntryIndex& index = indexed_entries(agreement);
    std::vector<std::pair<std::int64_t, const json*>> found;
    for (auto at = index.by_date.lower_bound(from), end = index.by_date.upper_bound(to); at != end;
         ++at)
        found.push_back(at->second);
    std::sort(found.begin(), found.end());
    std::vector<const json*> entries;
    entries.reserve(found.size());
    for (const auto& [number, entry] : found)
        entries.push_back(entry);
    return entries;
}

Decimal balance_of(Agreement& agreement, std::int64_t account) {
    const auto& balances = indexed_entries(agreement).balance_of_account;
    auto found = balances.find(account);
    return found == balances.end() ? Decimal() : found->second;
}

json shown_account(const json& account, Agreement& agreement, const std::string& base_url) {
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

Reply post_generated_entries(Agreement& agreement, const std::string& body) {
    const json request = json::parse(body, nullptr, false);
    const char* hint =
        "POST {\"entries\":200000,\"from\":\"2025-01-01\",\"to\":\"2026-12-31\",\"seed\":1}.";
    if (!request.is_object() || !request.contains("entries") ||
        !request["entries"].is_number_integer() || !request.contains("from") ||
        !request.contains("to") || !request["from"].is_string() || !request["to"].is_string())
        return error_reply(400, "entries (a whole number), from and to (dates) are required.", "",
                           hint);
    const std::int64_t count = request["entries"].get<std::int64_t>();
    auto from = ferry::sdk::Date::parse(request["from"].get<std::string>());
    auto to = ferry::sdk::Date::parse(request["to"].get<std::string>());
    if (count < 2 || count > 5'000'000 || !from || !to || *to < *from)
        return error_reply(400, "entries must be 2 to 5,000,000 and from a date not after to.", "",
                           hint);

    auto& entries = agreement.collection("entries");
    std::int64_t next = entries.next_number();
    const std::int64_t first = next;
    const auto days = (to->sys_days() - from->sys_days()).count() + 1;
    std::mt19937_64 random(request.value("seed", 1));
    // A sale posts debtor, sales and VAT (three entries); its payment bank and debtor (two).
    // Sizes are chosen so that exactly `count` entries are posted, each voucher summing to zero.
    std::int64_t left = count;
    while (left > 0) {
        const std::int64_t voucher = next;
        const std::string date =
            ferry::sdk::Date::from_sys_days(from->sys_days() +
                                            std::chrono::days((next - first) * days / count))
                .to_string();
        auto post = [&](std::int64_t account, std::int64_t ore, const char* type,
                        const std::string& text, json extra) {
            const json amount = to_json(Decimal::from_units(ore * (Decimal::one / 100)));
            json entry = {{"entryNumber", next++},
                          {"entryType", type},
                          {"account", {{"accountNumber", account}}},
                          {"amount", amount},
                          {"amountInBaseCurrency", amount},
                          {"currency", "DKK"},
                          {"date", date},
                          {"text", text},
                          {"voucherNumber", voucher}};
            entry.update(extra);
            agreement.put("entries", std::move(entry));
        };
        const std::int64_t net =
            std::uniform_int_distribution<std::int64_t>(10'000, 2'000'000)(random);
        if (left >= 5 || left == 3) {
            const std::int64_t vat = net / 4;  // 25 %, rounded down to the øre
            const std::int64_t account = random() % 2 ? 1040 : 1020;
            json distribution = json::object();
            if (random() % 5 == 0)
                distribution["departmentalDistribution"] = {
                    {"departmentalDistributionNumber", random() % 2 ? 2 : 10000}};
            const std::string text = "Faktura " + std::to_string(voucher);
            post(default_debtor_account, net + vat, "customerInvoice", text, json::object());
            post(account, -net, "customerInvoice", text, distribution);
            post(output_vat_account, -vat, "customerInvoice", text, json::object());
            left -= 3;
        } else {
            post(bank_account, net, "financeVoucher", "Indbetaling", json::object());
            post(default_debtor_account, -net, "financeVoucher", "Indbetaling", json::object());
            left -= 2;
        }
    }
    return Reply::json(
        201, {{"entries", count}, {"firstEntryNumber", first}, {"lastEntryNumber", next - 1}});
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
    return Reply::json(200, collection_page(entries_dated(context.agreement, from, to),
                                            std::get<CollectionQuery>(query), description,
                                            context.base_url, [&](const json& entry) {
                                                json shown = shown_entry(entry, context.base_url);
                                                shown["accountingYear"] = {{"year", year}};
                                                return shown;
                                            }));
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
    for (const json* entry : entries_dated(context.agreement, from, to))
        totals[entry->at("account").at("accountNumber").get<std::int64_t>()] +=
            decimal_of(entry->at("amountInBaseCurrency"));
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
