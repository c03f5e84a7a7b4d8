#include "record_format.hpp"

#include <chrono>
#include <limits>

#include "crc32c.hpp"
#include "ferry/sdk/problem.hpp"

namespace ferry::store_lmdb {
namespace {

// Format 4 = format 3 with a str code after each history entry's note: the reason's stable code
// (sdk::HistoryEntry::code), so that what a skip meant is matched by code, never by its text.
// Reading formats 1 to 3 gives skips the codes their notes stood for (legacy_skip_code).
//
// Format 3 = format 2 with a u32 delivery generation after the history, before the CRC: the
// count `ferry retry --resend` raises, which must survive a restart or the resent document's
// idempotency keys would be those of the draft a person deleted.
//
// Format 2 = format 1 followed by a u32 CRC-32C of every byte before it (format byte included).
// It was added because LMDB keeps no checksums of its own: a flipped bit could otherwise turn a
// `delivered` into a `seen` and have the document booked again; now it stops Ferry instead.
//
// Format 1, all integers little-endian:
//   u8 format, u8 state, u32 attempts, str error_code, str error_text, i64 next_attempt,
//   str fingerprint, u8 has_date [i32 days since 1970-01-01], u32 n × (str name, str value)
//   target refs, u8 totals mask (1 net, 2 vat, 4 gross) then i64 units of each present,
//   str changed_fingerprint, i64 created, i64 updated, u32 n × (i64 at, u8 state, str note).
// str = u32 byte length + bytes; times are i64 nanoseconds since 1970-01-01 UTC.

constexpr std::uint8_t state_count = 6;

// Before format 4 a skip's reason was only its note, written from one of two texts: `ferry
// skip`'s, or source-novax's skip_reason (the only source that declared skips then).
std::string legacy_skip_code(const sdk::HistoryEntry& entry) {
    if (entry.state != sdk::State::skipped)
        return {};
    if (entry.note.starts_with("skipped by hand"))
        return sdk::skipped_by_hand_code;
    if (entry.note.starts_with("before first_date"))
        return "novax.before_first_date";
    return {};
}

std::int64_t nanoseconds(sdk::TimePoint time) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch()).count();
}

sdk::TimePoint time_point(std::int64_t nanoseconds) {
    return sdk::TimePoint(std::chrono::duration_cast<sdk::TimePoint::duration>(
        std::chrono::nanoseconds(nanoseconds)));
}

class Writer {
  public:
    void u8(std::uint8_t value) { bytes_.push_back(static_cast<char>(value)); }
    void u32(std::uint32_t value) { little_endian(value, 4); }
    void i64(std::int64_t value) { little_endian(static_cast<std::uint64_t>(value), 8); }
    void str(std::string_view text) {
        u32(static_cast<std::uint32_t>(text.size()));
        bytes_.append(text);
    }
    std::string take() { return std::move(bytes_); }

  private:
    void little_endian(std::uint64_t value, int size) {
        for (int i = 0; i < size; ++i)
            u8(static_cast<std::uint8_t>(value >> (8 * i)));
    }
    std::string bytes_;
};

class Reader {
  public:
    Reader(const sdk::DocumentKey& key, std::string_view bytes) : key_(key), bytes_(bytes) {}

    std::uint8_t u8() { return static_cast<std::uint8_t>(take(1)[0]); }
    std::uint32_t u32() { return static_cast<std::uint32_t>(little_endian(4)); }
    std::int64_t i64() { return static_cast<std::int64_t>(little_endian(8)); }
    std::string str() { return std::string(take(u32())); }
    sdk::State state() {
        std::uint8_t value = u8();
        if (value >= state_count)
            corrupt("unknown state " + std::to_string(value));
        return static_cast<sdk::State>(value);
    }
    // A count of items each at least `min_item_size` bytes long, checked against what is left
    // so a damaged count cannot make us allocate gigabytes.
    std::uint32_t count(std::size_t min_item_size) {
        std::uint32_t n = u32();
        if (n > bytes_.size() / min_item_size)
            corrupt("a count runs past the end");
        return n;
    }
    void expect_end() {
        if (!bytes_.empty())
            corrupt(std::to_string(bytes_.size()) + " unexpected trailing bytes");
    }

    [[noreturn]] void corrupt(const std::string& why) const {
        throw sdk::Error("ledger.record.corrupt",
                         "the ledger entry of " + key_.str() + " is damaged (" + why +
                             "); restore the ledger from a backup or a `ferry ledger export`");
    }

  private:
    std::string_view take(std::size_t size) {
        if (size > bytes_.size())
            corrupt("it ends early");
        std::string_view part = bytes_.substr(0, size);
        bytes_.remove_prefix(size);
        return part;
    }
    std::uint64_t little_endian(int size) {
        std::string_view part = take(size);
        std::uint64_t value = 0;
        for (int i = 0; i < size; ++i)
            value |= std::uint64_t(static_cast<unsigned char>(part[i])) << (8 * i);
        return value;
    }

    const sdk::DocumentKey& key_;
    std::string_view bytes_;
};

// The fields of every format, after the format byte.
sdk::LedgerRecord read_fields(Reader& in, const sdk::DocumentKey& key, std::uint8_t format) {
    sdk::LedgerRecord record;
    record.key = key;
    record.state = in.state();
    std::uint32_t attempts = in.u32();
    if (attempts > std::uint32_t(std::numeric_limits<int>::max()))
        in.corrupt("attempts overflow");
    record.attempts = static_cast<int>(attempts);
    record.error_code = in.str();
    record.error_text = in.str();
    record.next_attempt = time_point(in.i64());
    record.fingerprint = in.str();
    if (in.u8()) {
        auto days = std::chrono::sys_days(std::chrono::days(static_cast<std::int32_t>(in.u32())));
        record.date = sdk::Date::from_sys_days(days);
    }
    for (std::uint32_t n = in.count(8); n > 0; --n) {
        std::string name = in.str();
        record.target[std::move(name)] = in.str();
    }
    std::uint8_t totals = in.u8();
    if (totals & ~7u)
        in.corrupt("unknown totals");
    if (totals & 1)
        record.net = sdk::Decimal::from_units(in.i64());
    if (totals & 2)
        record.vat = sdk::Decimal::from_units(in.i64());
    if (totals & 4)
        record.gross = sdk::Decimal::from_units(in.i64());
    record.changed_fingerprint = in.str();
    record.created = time_point(in.i64());
    record.updated = time_point(in.i64());
    for (std::uint32_t n = in.count(13); n > 0; --n) {
        sdk::HistoryEntry entry;
        entry.at = time_point(in.i64());
        entry.state = in.state();
        entry.note = in.str();
        entry.code = format >= 4 ? in.str() : legacy_skip_code(entry);
        record.history.push_back(std::move(entry));
    }
    if (format >= 3)
        record.generation = in.u32();
    in.expect_end();
    return record;
}

constexpr std::size_t checksum_size = 4;

// `bytes` followed by a u32 CRC-32C of `bound` and `bytes` (see format 2 above).
std::string with_checksum(std::string bytes, std::string_view bound = {}) {
    Writer checksum;
    checksum.u32(crc32c(bytes, crc32c(bound)));
    return bytes + checksum.take();
}

// The bytes before the checksum, once it matches.
std::string_view checked_body(const sdk::DocumentKey& key, std::string_view bytes,
                              std::string_view bound = {}) {
    Reader header(key, bytes);
    if (bytes.size() < 1 + checksum_size)
        header.corrupt("it ends early");
    std::string_view body = bytes.substr(0, bytes.size() - checksum_size);
    Reader checksum(key, bytes.substr(body.size()));
    if (checksum.u32() != crc32c(body, crc32c(bound)))
        header.corrupt("checksum mismatch");
    return body;
}

constexpr std::uint8_t brief_format = 1;

}  // namespace

std::string encode_brief(std::string_view record_key, const sdk::LedgerBrief& brief) {
    Writer out;
    out.u8(brief_format);
    out.u8(static_cast<std::uint8_t>(brief.state));
    out.i64(nanoseconds(brief.next_attempt));
    out.str(brief.fingerprint);
    out.str(brief.changed_fingerprint);
    return with_checksum(out.take(), record_key);
}

sdk::LedgerBrief decode_brief(const sdk::DocumentKey& key, std::string_view record_key,
                              std::string_view bytes) {
    Reader in(key, checked_body(key, bytes, record_key));
    if (in.u8() != brief_format)
        in.corrupt("unknown brief format");
    sdk::LedgerBrief brief;
    brief.state = in.state();
    brief.next_attempt = time_point(in.i64());
    brief.fingerprint = in.str();
    brief.changed_fingerprint = in.str();
    in.expect_end();
    return brief;
}

std::string encode_record(const sdk::LedgerRecord& record) {
    Writer out;
    out.u8(current_record_format);
    out.u8(static_cast<std::uint8_t>(record.state));
    out.u32(static_cast<std::uint32_t>(record.attempts < 0 ? 0 : record.attempts));
    out.str(record.error_code);
    out.str(record.error_text);
    out.i64(nanoseconds(record.next_attempt));
    out.str(record.fingerprint);
    out.u8(record.date ? 1 : 0);
    if (record.date)
        out.u32(static_cast<std::uint32_t>(record.date->sys_days().time_since_epoch().count()));
    out.u32(static_cast<std::uint32_t>(record.target.size()));
    for (const auto& [name, value] : record.target) {
        out.str(name);
        out.str(value);
    }
    out.u8((record.net ? 1 : 0) | (record.vat ? 2 : 0) | (record.gross ? 4 : 0));
    for (const auto& amount : {record.net, record.vat, record.gross})
        if (amount)
            out.i64(amount->units());
    out.str(record.changed_fingerprint);
    out.i64(nanoseconds(record.created));
    out.i64(nanoseconds(record.updated));
    out.u32(static_cast<std::uint32_t>(record.history.size()));
    for (const auto& entry : record.history) {
        out.i64(nanoseconds(entry.at));
        out.u8(static_cast<std::uint8_t>(entry.state));
        out.str(entry.note);
        out.str(entry.code);
    }
    out.u32(record.generation);
    return with_checksum(out.take());
}

sdk::LedgerRecord decode_record(const sdk::DocumentKey& key, std::string_view bytes) {
    Reader header(key, bytes);
    std::uint8_t format = header.u8();
    switch (format) {
        case 1: {
            Reader in(key, bytes.substr(1));
            return read_fields(in, key, format);
        }
        case 2:
        case 3:
        case 4: {
            Reader in(key, checked_body(key, bytes).substr(1));
            return read_fields(in, key, format);
        }
    }
    if (format > current_record_format)
        throw sdk::Error("ledger.record.newer",
                         "the ledger entry of " + key.str() + " was written in record format " +
                             std::to_string(format) + " by a newer Ferry; this one reads up to " +
                             std::to_string(current_record_format) + ": upgrade Ferry");
    header.corrupt("unknown record format " + std::to_string(format));
}

std::optional<sdk::State> peek_state(std::string_view bytes) {
    if (bytes.size() < 2 || static_cast<std::uint8_t>(bytes[0]) < 1 ||
        static_cast<std::uint8_t>(bytes[0]) > current_record_format ||
        static_cast<std::uint8_t>(bytes[1]) >= state_count)
        return std::nullopt;
    return static_cast<sdk::State>(bytes[1]);
}

}  // namespace ferry::store_lmdb
