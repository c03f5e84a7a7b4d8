#include "ledger_reader.hpp"

#include <map>

namespace ferry::economic {

namespace {

// e-conomic's own limit for one page.
constexpr int page_size = 1000;

sdk::Date date_at(const Json& json, const char* key) {
    if (!json.contains(key) || !json[key].is_string())
        throw ApiFailure(ApiFailure::Kind::transient, 200,
                         std::string("e-conomic answered without a date in ") + key);
    auto date = sdk::Date::parse(json[key].get<std::string>());
    if (!date)
        throw ApiFailure(ApiFailure::Kind::transient, 200,
                         std::string("e-conomic answered a malformed date in ") + key);
    return *date;
}

std::string number_text(const Json& value) {
    return value.is_string() ? value.get<std::string>() : value.dump();
}

sdk::Decimal amount_at(const Json& json, const char* key) {
    return decimal_at(json, key).value_or(sdk::Decimal());
}

sdk::AccountType type_of(const std::string& type) {
    if (type == "profitAndLoss")
        return sdk::AccountType::profit_and_loss;
    if (type == "status")
        return sdk::AccountType::balance_sheet;
    if (type == "heading" || type == "headingStart")
        return sdk::AccountType::heading;
    return sdk::AccountType::total;  // totalFrom, sumInterval, sumAlpha
}

// The count and the highest number of the entries under `entries` (a year's or a period's).
std::pair<long, std::string> entries_mark(EconomicApi& api, const std::string& entries) {
    Json page = api.get(entries + "?sort=-entryNumber&pagesize=1");
    long count = page.value("pagination", Json::object()).value("results", 0L);
    std::string highest;
    if (page.contains("collection") && !page["collection"].empty())
        highest = number_text(page["collection"][0].value("entryNumber", Json()));
    return {count, highest};
}

// `amount` split by `shares` (percentages), rounded to the øre, the last share taking what
// rounding left so the shares sum to the amount exactly.
std::vector<sdk::Decimal> split(sdk::Decimal amount,
                                const std::vector<std::pair<std::string, sdk::Decimal>>& shares) {
    std::vector<sdk::Decimal> parts;
    sdk::Decimal given;
    for (std::size_t i = 0; i < shares.size(); ++i) {
        sdk::Decimal part =
            i + 1 == shares.size()
                ? amount - given
                : (amount * shares[i].second / sdk::Decimal::from_int(100)).rounded(2);
        given += part;
        parts.push_back(part);
    }
    return parts;
}

}  // namespace

std::string year_in_path(const std::string& year) {
    std::string path;
    for (char c : year)
        path += c == '/' ? std::string("_6_") : std::string(1, c);
    return path;
}

std::vector<LedgerPeriod> periods_with_entries(EconomicApi& api,
                                               const std::optional<sdk::Date>& since) {
    std::vector<LedgerPeriod> periods;
    for (const Json& year : api.list("/accounting-years")) {
        const std::string name = year.value("year", "");
        if (since && date_at(year, "toDate") < *since)
            continue;
        const std::string base = "/accounting-years/" + url_encode(year_in_path(name));
        // One request tells an empty year, so a chart with decades of years costs little.
        if (entries_mark(api, base + "/entries").first == 0)
            continue;
        for (const Json& period : api.list(base + "/periods")) {
            sdk::Date to = date_at(period, "toDate");
            if (since && to < *since)
                continue;
            int number = period.value("periodNumber", 0);
            auto [count, highest] =
                entries_mark(api, base + "/periods/" + std::to_string(number) + "/entries");
            if (count == 0)
                continue;
            periods.push_back({name, number, date_at(period, "fromDate"), to,
                               std::to_string(count) + ":" + highest});
        }
    }
    return periods;
}

CompanyChart read_chart(EconomicApi& api) {
    CompanyChart chart;
    api.for_each("/accounts", {}, [&](Json& account) {
        chart.accounts.push_back(
            {number_text(account.value("accountNumber", Json())), account.value("name", ""),
             type_of(account.value("accountType", "")), account.value("barred", false)});
    });
    api.for_each("/departments", {}, [&](Json& department) {
        chart.departments.push_back({"department",
                                     number_text(department.value("departmentNumber", Json())),
                                     department.value("name", "")});
    });
    api.for_each("/departmental-distributions", {}, [&](Json& distribution) {
        auto& shares = chart.distributions[number_text(
            distribution.value("departmentalDistributionNumber", Json()))];
        for (const Json& share : distribution.value("distributions", Json::array()))
            shares.emplace_back(
                number_text(
                    share.value("department", Json::object()).value("departmentNumber", Json())),
                amount_at(share, "percentage"));
    });
    return chart;
}

sdk::AccountingPeriod read_period(EconomicApi& api, const CompanyChart& chart,
                                  const std::string& year, int number,
                                  const std::string& base_currency) {
    const std::string base = "/accounting-years/" + url_encode(year_in_path(year));
    const std::string period_path = base + "/periods/" + std::to_string(number);
    Json year_json = api.get(base);
    Json period_json = api.get(period_path);

    sdk::AccountingPeriod period;
    period.year = {year, date_at(year_json, "fromDate"), date_at(year_json, "toDate"),
                   year_json.value("closed", false)};
    period.number = number;
    period.from = date_at(period_json, "fromDate");
    period.to = date_at(period_json, "toDate");
    period.closed = period_json.value("closed", false);
    period.base_currency = base_currency;
    period.accounts = chart.accounts;
    period.dimension_values = chart.departments;
    const auto& distributions = chart.distributions;

    // Keyset paging by entry number, as the reference advises over skippages: a page boundary
    // cannot shift while entries are posted.
    std::string after;
    for (;;) {
        std::string path =
            period_path + "/entries?sort=entryNumber&pagesize=" + std::to_string(page_size);
        if (!after.empty())
            path += "&filter=" + url_encode("entryNumber$gt:" + after);
        Json page = api.get(path);
        const Json& entries = page.value("collection", Json::array());
        for (const Json& e : entries) {
            sdk::PostedEntry entry;
            entry.number = number_text(e.value("entryNumber", Json()));
            entry.account =
                number_text(e.value("account", Json::object()).value("accountNumber", Json()));
            entry.date = date_at(e, "date");
            entry.amount = amount_at(e, "amountInBaseCurrency");
            entry.currency = e.value("currency", "");
            entry.amount_in_currency = amount_at(e, "amount");
            entry.voucher_number = number_text(e.value("voucherNumber", Json("")));
            entry.text = e.value("text", "");
            std::string distribution = e.contains("departmentalDistribution")
                                           ? number_text(e["departmentalDistribution"].value(
                                                 "departmentalDistributionNumber", Json()))
                                           : std::string();
            auto shares = distributions.find(distribution);
            if (distribution.empty() || shares == distributions.end() || shares->second.empty()) {
                period.entries.push_back(std::move(entry));
                continue;
            }
            auto amounts = split(entry.amount, shares->second);
            auto in_currency = split(entry.amount_in_currency, shares->second);
            for (std::size_t i = 0; i < amounts.size(); ++i) {
                sdk::PostedEntry share = entry;
                share.amount = amounts[i];
                share.amount_in_currency = in_currency[i];
                share.dimensions.push_back({"department", shares->second[i].first, ""});
                period.entries.push_back(std::move(share));
            }
        }
        if (!entries.empty())
            after = number_text(entries.back().value("entryNumber", Json()));
        if (static_cast<int>(entries.size()) < page_size)
            break;
    }
    return period;
}

}  // namespace ferry::economic
