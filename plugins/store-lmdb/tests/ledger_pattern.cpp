#include "ledger_pattern.hpp"

#include <chrono>
#include <cstdio>

#include "record_format.hpp"

namespace ferry::store_lmdb::test {
namespace {

std::string document_number(std::uint64_t document) {
    char text[24];
    std::snprintf(text, sizeof text, "%012llu", static_cast<unsigned long long>(document));
    return text;
}

}  // namespace

sdk::LedgerRecord pattern_record(std::uint64_t operation) {
    using namespace std::chrono;
    const std::uint64_t document = operation / 2;
    const bool delivered = operation % 2 == 1;
    const sdk::TimePoint base = sys_days(year{2026} / 1 / 1) + seconds(document * 60);
    sdk::LedgerRecord record;
    record.key = {"11223344", sdk::DocumentKind::invoice, document_number(document)};
    record.state = delivered ? sdk::State::delivered : sdk::State::intent;
    record.attempts = 1 + static_cast<int>(document % 4);
    record.fingerprint = "sha256:" + std::to_string(document * 2654435761u);
    record.date = sdk::Date::from_sys_days(floor<days>(base));
    // Every 97th document carries a text long enough for LMDB's overflow pages.
    record.error_text = std::string(document % 97 == 0 ? 5000 : document % 300, 'x');
    record.error_code = record.error_text.empty() ? "" : "economic.http.503";
    record.created = base;
    record.updated = base + seconds(delivered ? 2 : 1);
    for (std::uint64_t i = 0; i < document % 6; ++i)
        record.history.push_back({base + milliseconds(i), sdk::State::retry_later, "attempt", ""});
    record.history.push_back({base + seconds(1), sdk::State::intent, "", ""});
    if (delivered) {
        record.target = {{"draft", std::to_string(document)},
                         {"booked", std::to_string(100000 + document)}};
        record.gross = sdk::Decimal::from_units(static_cast<std::int64_t>(document) * 1250);
        record.history.push_back({base + seconds(2), sdk::State::delivered, "booked", ""});
    }
    return record;
}

PatternCheck check_pattern(sdk::Store& store) {
    PatternCheck check;
    std::uint64_t document = 0;
    bool last_was_intent = false;
    store.scan([&](const sdk::LedgerRecord& record) {
        if (last_was_intent) {
            check.problem = "document " + std::to_string(document - 1) +
                            " stopped at intent but a later document exists";
            return false;
        }
        const sdk::LedgerRecord intent = pattern_record(2 * document);
        const sdk::LedgerRecord delivered = pattern_record(2 * document + 1);
        std::string bytes = encode_record(record);
        if (record.key != intent.key) {
            check.problem = "expected " + intent.key.str() + ", found " + record.key.str();
            return false;
        }
        if (bytes == encode_record(delivered)) {
            check.operations = 2 * document + 2;
        } else if (bytes == encode_record(intent)) {
            check.operations = 2 * document + 1;
            last_was_intent = true;
        } else {
            check.problem = record.key.str() + " holds neither of the values written for it";
            return false;
        }
        ++document;
        return true;
    });
    if (!check.problem.empty())
        return check;
    // The state index must agree with the records, whatever instant the writer died at.
    for (sdk::State state : {sdk::State::intent, sdk::State::delivered}) {
        std::uint64_t expected = 0, listed = 0;
        store.scan([&](const sdk::LedgerRecord& record) {
            expected += record.state == state;
            return true;
        });
        store.scan_state(state, [&](const sdk::LedgerRecord& record) {
            if (record.state != state)
                check.problem = "the state index lists " + record.key.str() + " as " +
                                std::string(to_string(state)) + " but it is " +
                                std::string(to_string(record.state));
            ++listed;
            return check.problem.empty();
        });
        if (check.problem.empty() && listed != expected)
            check.problem = "the state index lists " + std::to_string(listed) + " records as " +
                            std::string(to_string(state)) + ", the ledger holds " +
                            std::to_string(expected);
        if (!check.problem.empty())
            break;
    }
    return check;
}

}  // namespace ferry::store_lmdb::test
