#include "accounting_years.hpp"

#include "ledger.hpp"
#include "references.hpp"
#include "route_helpers.hpp"

#include <ferry/sdk/date.hpp>

namespace economic_emulator {
namespace {

using json = nlohmann::json;
using ferry::sdk::Date;

constexpr const char* years_collection = "accounting-years";
// Seeded years: the public sample invoices go back to 2005, the tests' own dates to 2030.
constexpr int first_seeded_year = 2000;
constexpr int last_seeded_year = 2035;

const CollectionDescription years_description{
    "/accounting-years", "accounting-years.get", {}, false};

// "2025/2026" is written "2025_6_2026" in paths.
std::string path_year(std::string year) {
    for (auto slash = year.find('/'); slash != std::string::npos; slash = year.find('/'))
        year.replace(slash, 1, "_6_");
    return year;
}

std::string year_from_path(std::string segment) {
    for (auto marker = segment.find("_6_"); marker != std::string::npos;
         marker = segment.find("_6_"))
        segment.replace(marker, 3, "/");
    return segment;
}

Date last_day_of(int year, unsigned month) {
    return Date::from_sys_days(std::chrono::sys_days{
        std::chrono::year{year} / std::chrono::month{month} / std::chrono::last});
}

std::optional<Date> date_of(const json& entity, const char* field) {
    auto value = entity.find(field);
    if (value == entity.end() || !value->is_string())
        return std::nullopt;
    return Date::parse(value->get<std::string>());
}

bool covers(const json& span, Date date) {
    auto from = date_of(span, "fromDate"), to = date_of(span, "toDate");
    return from && to && *from <= date && date <= *to;
}

// Closed shows in the API; barred (spærret) refuses bookings without showing: the legacy API
// has no such field, so whether e-conomic shows a barred period as closed is unknown.
bool refuses_bookings(const json& span) {
    return span.value("closed", false) || span.value("__barred", false);
}

std::string year_url(const std::string& base_url, const std::string& year) {
    return base_url + "/accounting-years/" + path_year(year);
}

json shown_year(const json& year, const std::string& base_url) {
    json shown = year;
    shown.erase("__periods");
    std::string self = year_url(base_url, year.at("year").get<std::string>());
    shown["periods"] = self + "/periods";
    shown["entries"] = self + "/entries";
    shown["totals"] = self + "/totals";
    shown["self"] = self;
    return rendered(shown, base_url);
}

json shown_period(const json& period, const std::string& year, const std::string& base_url) {
    json shown = period;
    std::string year_self = year_url(base_url, year);
    std::string self =
        year_self + "/periods/" + std::to_string(period.at("periodNumber").get<std::int64_t>());
    shown["accountingYear"] = {{"year", year}, {"self", year_self}};
    shown["entries"] = self + "/entries";
    shown["totals"] = self + "/totals";
    shown["self"] = self;
    return rendered(shown, base_url);
}

const json* find_year(const Agreement& agreement, const std::string& year) {
    return agreement.collection(years_collection).find(year);
}

Reply periods_route(RouteContext& context, const json& year) {
    const auto& segments = context.request.segments;
    const std::string name = year.at("year").get<std::string>();
    const json& periods = year.at("__periods");
    if (segments.size() == 3) {
        const CollectionDescription description{"/accounting-years/" + path_year(name) + "/periods",
                                                "accounting-years.accountingYear.periods.get",
                                                {},
                                                false};
        auto query = parse_collection_query(context.request.query, description);
        if (auto* error = std::get_if<Reply>(&query))
            return std::move(*error);
        std::vector<json> shown;
        for (const json& period : periods)
            shown.push_back(shown_period(period, name, context.base_url));
        return Reply::json(200, collection_page(std::move(shown), std::get<CollectionQuery>(query),
                                                description, context.base_url));
    }
    auto number = numeric_id(segments[3]);
    for (const json& period : periods)
        if (number && period.at("periodNumber") == *number) {
            if (segments.size() == 4)
                return Reply::json(200, shown_period(period, name, context.base_url));
            const std::string path = "/accounting-years/" + path_year(name) + "/periods/" +
                                     segments[3] + "/" + segments[4];
            const std::string from = period.at("fromDate"), to = period.at("toDate");
            if (segments[4] == "entries")
                return entries_reply(context, path, from, to, name, true);
            if (segments[4] == "totals")
                return totals_reply(context, path, from, to, true);
            return not_found();
        }
    return not_found();
}

}  // namespace

void seed_accounting_years(Agreement& agreement) {
    auto& years = agreement.collection(years_collection);
    for (int year = first_seeded_year; year <= last_seeded_year; ++year) {
        json periods = json::array();
        for (unsigned month = 1; month <= 12; ++month)
            periods.push_back({{"periodNumber", month},
                               {"fromDate", Date{year, int(month), 1}.to_string()},
                               {"toDate", last_day_of(year, month).to_string()},
                               {"closed", false}});
        years.put({{"year", std::to_string(year)},
                   {"fromDate", Date{year, 1, 1}.to_string()},
                   {"toDate", Date{year, 12, 31}.to_string()},
                   {"closed", false},
                   {"__periods", std::move(periods)}});
    }
}

// GET /accounting-years[/{year}[/periods[/{periodNumber}]]].
Reply accounting_year_routes(RouteContext& context) {
    const auto& request = context.request;
    const auto& segments = request.segments;
    if (request.method != "GET")
        return method_not_allowed();
    if (segments.size() == 1)
        return list(context, years_collection, years_description,
                    [&](const json& year) { return shown_year(year, context.base_url); });
    const json* year = find_year(context.agreement, year_from_path(segments[1]));
    if (!year)
        return not_found();
    if (segments.size() == 2)
        return Reply::json(200, shown_year(*year, context.base_url));
    if (segments[2] == "periods" && segments.size() <= 5)
        return periods_route(context, *year);
    if ((segments[2] == "entries" || segments[2] == "totals") && segments.size() == 3) {
        const std::string name = year->at("year").get<std::string>();
        const std::string path = "/accounting-years/" + path_year(name) + "/" + segments[2];
        const std::string from = year->at("fromDate"), to = year->at("toDate");
        return segments[2] == "entries" ? entries_reply(context, path, from, to, name, false)
                                        : totals_reply(context, path, from, to, false);
    }
    return not_found();
}

void check_date_bookable(const json& invoice, const Agreement& agreement,
                         ValidationErrors& errors) {
    auto date = invoice.is_object() ? date_of(invoice, "date") : std::nullopt;
    if (!date)
        return;  // a missing or malformed date is reported by the date checks
    const json* year = nullptr;
    for (const auto& [key, candidate] : agreement.collection(years_collection).items())
        if (covers(candidate, *date))
            year = &candidate;
    bool refused = !year || refuses_bookings(*year);
    if (year && !refused)
        for (const json& period : year->value("__periods", json::array()))
            if (covers(period, *date))
                refused = refuses_bookings(period);
    if (!refused)
        return;
    // The shape of e-conomic's production answer to a journal voucher in a barred year; for
    // invoices and for dates outside every year the same answer is assumed.
    json input = {{"entryDate", date->to_string()}};
    if (year)
        input["voucherAccountingYear"] = year->at("year");
    errors.add({"date"}, "Perioden er spærret.", "E04041", input,
               "You cannot create an entry with a date that is barred in the accounting year.");
}

Reply change_accounting_period(Agreement& agreement, const std::string& body) {
    auto change = json::parse(body, nullptr, false);
    const char* usage =
        "POST {\"year\":\"2025\",\"period\":3,\"closed\":true} (or \"barred\"; leave period out "
        "for the whole year; false reopens)";
    if (!change.is_object() || !change.contains("year") || !change["year"].is_string() ||
        (!change.contains("closed") && !change.contains("barred")))
        return error_reply(400, "Name a year and set closed or barred.", "", usage);
    const json* stored = find_year(agreement, change["year"].get<std::string>());
    if (!stored)
        return error_reply(404, "No such accounting year.", "", usage);
    json year = *stored;
    json* target = &year;
    if (auto period = change.find("period"); period != change.end()) {
        target = nullptr;
        for (json& candidate : year["__periods"])
            if (candidate.at("periodNumber") == *period)
                target = &candidate;
        if (!target)
            return error_reply(404, "No such period in the accounting year.", "", usage);
    }
    try {
        if (change.contains("closed"))
            (*target)["closed"] = change["closed"].get<bool>();
        if (change.contains("barred"))
            (*target)["__barred"] = change["barred"].get<bool>();
    } catch (const json::exception&) {
        return error_reply(400, "closed and barred must be true or false.", "", usage);
    }
    agreement.put(years_collection, year);
    json shown = {{"year", year["year"]},
                  {"closed", target->value("closed", false)},
                  {"barred", target->value("__barred", false)}};
    if (change.contains("period"))
        shown["period"] = change["period"];
    return Reply::json(200, shown);
}

}  // namespace economic_emulator
