#include "ledger/ledger_json.hpp"

#include <chrono>
#include <cstdio>
#include <istream>
#include <nlohmann/json.hpp>
#include <ostream>
#include <set>

#include "support/json_text.hpp"

namespace ferry {
namespace {

using nlohmann::json;

[[noreturn]] void invalid(const std::string& why) {
    throw sdk::Error("ledger.import.invalid", why);
}

// RFC 3339 in UTC with nanoseconds: "2026-11-23T12:00:00.123456789Z".
std::string time_text(sdk::TimePoint time) {
    auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch());
    auto days = std::chrono::floor<std::chrono::days>(ns);
    std::chrono::year_month_day date{std::chrono::sys_days(days)};
    std::chrono::hh_mm_ss clock{ns - days};
    char text[48];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d.%09lldZ", int(date.year()),
                  unsigned(date.month()), unsigned(date.day()), int(clock.hours().count()),
                  int(clock.minutes().count()), int(clock.seconds().count()),
                  static_cast<long long>(clock.subseconds().count()));
    return text;
}

sdk::TimePoint parse_time(const std::string& text, std::string_view field) {
    int hour = 0, minute = 0, second = 0, used = 0;
    auto date = sdk::Date::parse(std::string_view(text).substr(0, 10));
    if (!date || text.size() < 20 || text[10] != 'T' ||
        std::sscanf(text.c_str() + 11, "%2d:%2d:%2d%n", &hour, &minute, &second, &used) != 3 ||
        used != 8 || hour > 23 || minute > 59 || second > 59)
        invalid(std::string(field) + " is not a UTC time like 2026-11-23T12:00:00.000000000Z");
    std::string_view rest = std::string_view(text).substr(19);
    long long fraction = 0;
    int digits = 0;
    if (!rest.empty() && rest[0] == '.') {
        for (rest.remove_prefix(1); !rest.empty() && rest[0] >= '0' && rest[0] <= '9';
             rest.remove_prefix(1), ++digits)
            if (digits < 9)
                fraction = fraction * 10 + (rest[0] - '0');
        if (digits == 0 || digits > 9)
            invalid(std::string(field) + " has a bad fraction");
    }
    if (rest != "Z")
        invalid(std::string(field) + " must be in UTC (end with Z)");
    for (int d = digits; d < 9; ++d)
        fraction *= 10;
    auto since_epoch = date->sys_days().time_since_epoch() + std::chrono::hours(hour) +
                       std::chrono::minutes(minute) + std::chrono::seconds(second) +
                       std::chrono::nanoseconds(fraction);
    return sdk::TimePoint(std::chrono::duration_cast<sdk::TimePoint::duration>(since_epoch));
}

json amount_json(const std::optional<sdk::Decimal>& amount) {
    return amount ? json(amount->to_string()) : json(nullptr);
}

std::optional<sdk::Decimal> parse_amount(const json& value, std::string_view field) {
    if (value.is_null())
        return std::nullopt;
    auto amount = value.is_string() ? sdk::Decimal::parse(value.get<std::string>()) : std::nullopt;
    if (!amount)
        invalid(std::string(field) + " must be a decimal in quotes, like \"1250.00\"");
    return amount;
}

sdk::State parse_state_field(const json& value, std::string_view field) {
    auto state = value.is_string() ? sdk::parse_state(value.get<std::string>()) : std::nullopt;
    if (!state)
        invalid(std::string(field) +
                " must be seen, intent, delivered, retry-later, rejected or skipped");
    return *state;
}

}  // namespace

std::string to_json_line(const sdk::LedgerRecord& record) {
    json history = json::array();
    for (const auto& entry : record.history) {
        json change = {{"at", time_text(entry.at)},
                       {"state", sdk::to_string(entry.state)},
                       {"note", entry.note}};
        // Left out when empty, so a ledger with no codes exports as the release before them did.
        if (!entry.code.empty())
            change["code"] = entry.code;
        history.push_back(std::move(change));
    }
    json line = {
        {"company", record.key.company},
        {"kind", sdk::to_string(record.key.kind)},
        {"number", record.key.number},
        {"state", sdk::to_string(record.state)},
        {"attempts", record.attempts},
        {"error_code", record.error_code},
        {"error_text", record.error_text},
        {"next_attempt", time_text(record.next_attempt)},
        {"fingerprint", record.fingerprint},
        {"date", record.date ? json(record.date->to_string()) : json(nullptr)},
        {"target", record.target},
        {"net", amount_json(record.net)},
        {"vat", amount_json(record.vat)},
        {"gross", amount_json(record.gross)},
        {"changed_fingerprint", record.changed_fingerprint},
        {"generation", record.generation},
        {"created", time_text(record.created)},
        {"updated", time_text(record.updated)},
        {"history", history},
    };
    return json_text(line);
}

sdk::LedgerRecord from_json_line(std::string_view text) {
    json line = json::parse(text, nullptr, false);
    if (!line.is_object())
        invalid("not a JSON object");
    static const std::set<std::string> known = {
        "company",    "kind",       "number",       "state",       "attempts",
        "error_code", "error_text", "next_attempt", "fingerprint", "date",
        "target",     "net",        "vat",          "gross",       "changed_fingerprint",
        "generation", "created",    "updated",      "history"};
    for (const auto& [name, value] : line.items())
        if (!known.count(name))
            invalid("unknown field \"" + name + "\"");
    try {
        sdk::LedgerRecord record;
        auto kind = sdk::parse_document_kind(line.at("kind").get<std::string>());
        if (!kind)
            invalid("kind must be one of " + sdk::all_document_kinds.str());
        record.key = {line.at("company").get<std::string>(), *kind,
                      line.at("number").get<std::string>()};
        record.state = parse_state_field(line.at("state"), "state");
        record.attempts = line.value("attempts", 0);
        record.error_code = line.value("error_code", "");
        record.error_text = line.value("error_text", "");
        if (line.contains("next_attempt"))
            record.next_attempt =
                parse_time(line["next_attempt"].get<std::string>(), "next_attempt");
        record.fingerprint = line.value("fingerprint", "");
        if (line.contains("date") && !line["date"].is_null()) {
            record.date = sdk::Date::parse(line["date"].get<std::string>());
            if (!record.date)
                invalid("date must be YYYY-MM-DD");
        }
        if (line.contains("target"))
            record.target = line["target"].get<std::map<std::string, std::string>>();
        for (auto [field, amount] : {std::pair{"net", &record.net}, std::pair{"vat", &record.vat},
                                     std::pair{"gross", &record.gross}})
            if (line.contains(field))
                *amount = parse_amount(line[field], field);
        record.changed_fingerprint = line.value("changed_fingerprint", "");
        record.generation = line.value("generation", 0u);
        if (line.contains("created"))
            record.created = parse_time(line["created"].get<std::string>(), "created");
        if (line.contains("updated"))
            record.updated = parse_time(line["updated"].get<std::string>(), "updated");
        for (const auto& entry : line.value("history", json::array())) {
            record.history.push_back({parse_time(entry.at("at").get<std::string>(), "history.at"),
                                      parse_state_field(entry.at("state"), "history.state"),
                                      entry.value("note", ""), entry.value("code", "")});
        }
        return record;
    } catch (const json::exception& error) {
        invalid(std::string("a field is missing or of the wrong type (") + error.what() + ")");
    }
}

std::size_t export_json_lines(sdk::Store& store, std::ostream& out) {
    std::size_t count = 0;
    store.scan([&](const sdk::LedgerRecord& record) {
        out << to_json_line(record) << '\n';
        ++count;
        return bool(out);
    });
    return count;
}

std::size_t import_json_lines(std::istream& in, sdk::Store& store) {
    std::size_t count = 0, line_number = 0;
    for (std::string line; std::getline(in, line);) {
        ++line_number;
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        sdk::LedgerRecord record;
        try {
            record = from_json_line(line);
        } catch (const sdk::Error& error) {
            throw sdk::Error(error.code(), "ledger import, line " + std::to_string(line_number) +
                                               ": " + error.what() +
                                               "; fix that line and import again (lines before "
                                               "it are already recorded)");
        }
        store.save(record);
        ++count;
    }
    return count;
}

}  // namespace ferry
